// A complete small component system: the example of docs/component-model.md, also run as a test
// (bindings/examples/counter.test.ts). A counter that logs through a client port, typed attributes,
// a composite that exports the counter, and an in-place swap with state transfer.
import { inject, injectable } from 'inversify';
import {
  Fractal, Reconfiguration, attributeToken, clientToken, content, signatures, type Component, type Port,
} from '../index.js';

// 1. Signatures: the methods of each interface, for binding checks and instantiation checks.
signatures.define('example.Log', { methods: ['write'] });
signatures.define('example.Counter', { methods: ['increment', 'value'] });
signatures.define('example.CounterAttributes', { attributes: { step: { type: 'integer', default: 1 } } });

interface Log { write(line: string): void }
interface Counter { increment(): number; value(): number }
interface CounterState { version: 1; count: number }

// 2. Content classes: plain classes, registered under a dotted name, built by inversify.
@content('example.MemoryLog')
@injectable()
export class MemoryLog implements Log {
  readonly lines: string[] = [];
  write(line: string): void { this.lines.push(line); }
}

@content('example.StepCounter')
@injectable()
export class StepCounter implements Counter {
  private count = 0;
  constructor(
    @inject(clientToken('log')) private readonly log: Port<Log>, // a stable port: rebinding needs no cooperation
    @inject(attributeToken('step')) private step: number,
  ) {}
  increment(): number {
    this.count += this.step;
    this.log.write(`count=${this.count}`);
    return this.count;
  }
  value(): number { return this.count; }
  setStep(step: number): void { this.step = step; } // called by the attribute controller on setFcAttribute
  exportState(): CounterState { return { version: 1, count: this.count }; }
  importState(s: CounterState): void {
    if (s.version !== 1 || !Number.isInteger(s.count)) throw new Error(`StepCounter cannot import ${JSON.stringify(s)}`);
    this.count = s.count;
  }
}

/** A successor that logs differently, swapped in while the system runs; it takes over the count. */
@content('example.LoudCounter')
@injectable()
export class LoudCounter implements Counter {
  private count = 0;
  constructor(
    @inject(clientToken('log')) private readonly log: Port<Log>,
    @inject(attributeToken('step')) private readonly step: number,
  ) {}
  increment(): number {
    this.count += this.step;
    this.log.write(`COUNT=${this.count}!`);
    return this.count;
  }
  value(): number { return this.count; }
  exportState(): CounterState { return { version: 1, count: this.count }; }
  importState(s: CounterState): void {
    if (s.version !== 1 || !Number.isInteger(s.count)) throw new Error(`LoudCounter cannot import ${JSON.stringify(s)}`);
    this.count = s.count;
  }
}

// 3. Architecture: types, components, bindings, start.
export function buildApp(): { app: Component; counter: Component; log: Component } {
  const boot = Fractal.createBootstrapComponent();
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const counterType = tf.createFcType([
    tf.createFcItfType('counter', 'example.Counter', false, false, false),
    tf.createFcItfType('log', 'example.Log', true, false, false),
  ]);
  const logType = tf.createFcType([tf.createFcItfType('log', 'example.Log', false, false, false)]);
  const appType = tf.createFcType([tf.createFcItfType('counter', 'example.Counter', false, false, false)]);

  const app = gf.newFcInstance(appType, 'composite', null, { name: 'app' });
  const counter = gf.newFcInstance(counterType, 'primitive', 'example.StepCounter', {
    name: 'counter', attributeSignature: 'example.CounterAttributes', attributes: { step: '2' },
  });
  const log = gf.newFcInstance(logType, 'primitive', 'example.MemoryLog', { name: 'log' });

  const cc = Fractal.getContentController(app);
  cc.addFcSubComponent(counter);
  cc.addFcSubComponent(log);
  Fractal.getBindingController(counter).bindFc('log', log.getFcInterface('log'));      // normal binding
  Fractal.getBindingController(app).bindFc('counter', counter.getFcInterface('counter')); // export: this.counter
  Fractal.getLifeCycleController(app).startFc(); // starts counter and log too
  return { app, counter, log };
}

/** Runs the example: calls, an attribute change, then a hot swap of the counter's content. */
export async function runExample(): Promise<{ values: number[]; lines: string[] }> {
  const { app, counter, log } = buildApp();
  const entry = app.getFcInterface('counter') as Port<Counter>;
  const values = [entry.increment(), entry.increment()];           // 2, 4
  Fractal.getAttributeController(counter).setFcAttribute('step', 10);
  values.push(entry.increment() as number);                        // 14

  // Swap: stop (waits for calls to leave), move state, replace content, start.
  const lc = Fractal.getLifeCycleController(counter);
  await lc.stopFc();
  const held = entry.increment();                                  // held while STOPPED: a Promise
  const old = Reconfiguration.replaceContent(counter, 'example.LoudCounter') as StepCounter;
  Reconfiguration.getContent<LoudCounter>(counter)!.importState(old.exportState());
  lc.startFc();                                                    // runs the held call on the new content
  values.push(await held);                                         // 24: attributes carry over (step 10)
  return { values, lines: Reconfiguration.getContent<MemoryLog>(log)!.lines };
}
