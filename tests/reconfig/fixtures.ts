// Test components for the engine: a stateful counter (sync and async methods, canonical state with a
// version), successors that fail at chosen steps, and a terse model builder on a fresh bootstrap.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, clientToken, Fractal, signatures, type Component, type Port } from '../../bindings/index.js';

signatures.define('rtest.Counter', { methods: ['add', 'get', 'slowAdd', 'exportState', 'importState'], async: ['slowAdd'] });

export interface Counter {
  add(n: number): number;
  get(): number;
  slowAdd(n: number, ms: number): Promise<number>;
}

export interface CounterState { version: 1; total: number; log: number[] }

/** Adds numbers; `slowAdd` waits `ms` before adding (an in-flight call). Logs which instance served. */
@injectable()
export class CounterV1 {
  static served: string[] = [];
  total = 0;
  log: number[] = [];
  readonly tag: string;
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    this.tag = tag ?? 'v1';
  }
  add(n: number): number {
    CounterV1.served.push(`${this.tag}:add(${n})`);
    this.total += n;
    this.log.push(n);
    return this.total;
  }
  get(): number { return this.total; }
  async slowAdd(n: number, ms: number): Promise<number> {
    await new Promise((r) => setTimeout(r, ms));
    return this.add(n);
  }
  exportState(): CounterState { return { version: 1, total: this.total, log: [...this.log] }; }
  importState(s: unknown): void {
    const st = s as CounterState;
    if (!st || st.version !== 1 || typeof st.total !== 'number') throw new Error(`CounterV1 cannot take ${JSON.stringify(s)}`);
    this.total = st.total;
    this.log = [...st.log];
  }
}

/** Same service, doubles what it adds: proves which content served a call. */
@injectable()
export class CounterV2 extends CounterV1 {
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    super(tag ?? 'v2');
  }
  override add(n: number): number { return super.add(2 * n); }
}

@injectable()
export class ImportFails extends CounterV1 {
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    super(tag);
  }
  override importState(): void { throw new Error('injected fault: importState refuses'); }
}

@injectable()
export class StartFails extends CounterV1 {
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    super(tag);
  }
  startFc(): void { throw new Error('injected fault: start refuses'); }
}

@injectable()
export class WantsV2State extends CounterV1 {
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    super(tag);
  }
  static stateVersion = 2;
}

/** Calls back into itself through its client `loop` (bound to its own server) after an await. */
@injectable()
export class Reentrant extends CounterV1 {
  constructor(@inject(clientToken('loop')) private readonly loop: Port<Counter>) {
    super('re');
  }
  override async slowAdd(n: number, ms: number): Promise<number> {
    await new Promise((r) => setTimeout(r, ms));
    return this.loop.add(n) as number; // re-entrant: the component is stopping by now
  }
}

/** Forwards to its client `out` (a caller of the counter). */
@injectable()
export class CallerImpl {
  constructor(@inject(clientToken('out')) readonly out: Port<Counter>) {}
  add(n: number) { return this.out.add(n); }
  get() { return this.out.get(); }
  slowAdd(n: number, ms: number) { return this.out.slowAdd(n, ms); }
  exportState() { return { version: 1 }; }
  importState() {}
}

export function model() {
  const boot = Fractal.createBootstrapComponent();
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const counterType = () => tf.createFcType([tf.createFcItfType('s', 'rtest.Counter', false, false, false)]);
  const callerType = () => tf.createFcType([
    tf.createFcItfType('s', 'rtest.Counter', false, false, false),
    tf.createFcItfType('out', 'rtest.Counter', true, false, false),
  ]);
  const reentrantType = () => tf.createFcType([
    tf.createFcItfType('s', 'rtest.Counter', false, false, false),
    tf.createFcItfType('loop', 'rtest.Counter', true, false, false),
  ]);
  /** root { caller -> target }, root exports caller.s as s; started. */
  const system = (opts: { reconfiguration?: 'none' | 'thread-counting'; attributes?: Record<string, unknown> } = {}) => {
    const target = gf.newFcInstance(counterType(), 'primitive', CounterV1, {
      name: 'target', ...(opts.reconfiguration ? { reconfiguration: opts.reconfiguration } : {}),
      ...(opts.attributes ? { attributes: opts.attributes } : {}),
    });
    const caller = gf.newFcInstance(callerType(), 'primitive', CallerImpl, { name: 'caller' });
    const root = gf.newFcInstance(counterType(), 'composite', null, { name: 'root' });
    const cc = Fractal.getContentController(root);
    cc.addFcSubComponent(target);
    cc.addFcSubComponent(caller);
    Fractal.getBindingController(caller).bindFc('out', target.getFcInterface('s'));
    Fractal.getBindingController(root).bindFc('s', caller.getFcInterface('s'));
    Fractal.getLifeCycleController(root).startFc();
    return { root, target, caller, api: root.getFcInterface('s') as unknown as Counter };
  };
  return { boot, tf, gf, counterType, callerType, reentrantType, system };
}

export const contentOf = (c: Component) => c.content as CounterV1;
export const stateOf = (c: Component) => Fractal.getLifeCycleController(c).getFcState();

/**
 * Doubles like CounterV2, and throws on its `failOn`-th add (1-based, `FailsOnAdd.failOn` when created)
 * after changing its own state: a rollback must undo that change.
 */
@injectable()
export class FailsOnAdd extends CounterV2 {
  static failOn = 1;
  readonly failOn = FailsOnAdd.failOn;
  adds = 0;
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    super(tag ?? 'v2');
  }
  override add(n: number): number {
    if (++this.adds === this.failOn) {
      this.total += 1000;
      this.log.push(-1);
      throw new Error(`injected fault: add #${this.adds} throws`);
    }
    return super.add(n);
  }
}

/** A caller that calls out, then throws: an effect a rollback cannot undo. */
@injectable()
export class CallerLeaks extends CallerImpl {
  constructor(@inject(clientToken('out')) out: Port<Counter>) {
    super(out);
  }
  override add(n: number): number {
    this.out.add(n);
    throw new Error('injected fault: the caller fails after calling out');
  }
}

/** Same as CallerImpl, another class (a successor that works). */
@injectable()
export class CallerV2 extends CallerImpl {
  constructor(@inject(clientToken('out')) out: Port<Counter>) {
    super(out);
  }
}
