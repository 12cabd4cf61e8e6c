// Shared test fixtures: small signatures, content classes and a terse way to make components.
import { inject, injectable } from 'inversify';
import { Fractal } from '../fractal.js';
import { signatures } from '../signatures.js';
import { clientToken } from '../tokens.js';
import type { Component } from '../component.js';
import type { ControllerOptions, ContentDesc } from '../factory.js';
import type { Port } from '../itf.js';
import type { RuntimeOptions } from '../runtime.js';

signatures.define('test.Service', { methods: ['run'] });
signatures.define('test.SubService', { methods: ['extra'], extends: ['test.Service'] });
signatures.define('test.Other', { methods: ['other'] });
signatures.define('test.Async', { methods: ['work'], async: ['work'] });

export interface Service { run(x: unknown): unknown }

/** Serves `run` by echoing its argument; counts the calls it received. */
@injectable()
export class Echo {
  calls: unknown[] = [];
  run(x: unknown): unknown { this.calls.push(x); return x; }
  extra(): string { return 'extra'; }
  other(): string { return 'other'; }
}

/** Serves `run` by forwarding to its client port `out`. */
@injectable()
export class Relay {
  constructor(@inject(clientToken('out')) readonly out: Port<Service>) {}
  run(x: unknown): unknown { return this.out.run(x); }
}

/** `work(ms)` resolves after `ms` milliseconds (or a microtask for 0) with the argument. */
@injectable()
export class Worker {
  done: number[] = [];
  async work(ms: number): Promise<number> {
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    else await Promise.resolve();
    this.done.push(ms);
    return ms;
  }
}

export type ItfSpec = string; // 'server s test.Service', 'client c test.Service optional collection'

export function model(options: RuntimeOptions = {}) {
  const boot = Fractal.createBootstrapComponent(options);
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const type = (specs: ItfSpec[]) =>
    tf.createFcType(specs.map((s) => {
      const [role, name, sig, ...flags] = s.split(/\s+/);
      return tf.createFcItfType(name!, sig!, role === 'client', flags.includes('optional'), flags.includes('collection'));
    }));
  const primitive = (name: string, specs: ItfSpec[], desc: ContentDesc, opts: ControllerOptions = {}): Component =>
    gf.newFcInstance(type(specs), 'primitive', desc, { name, ...opts });
  const composite = (name: string, specs: ItfSpec[], children: Component[] = [], opts: ControllerOptions = {}): Component => {
    const c = gf.newFcInstance(type(specs), 'composite', null, { name, ...opts });
    for (const k of children) Fractal.getContentController(c).addFcSubComponent(k);
    return c;
  };
  return { boot, tf, gf, type, primitive, composite };
}

export const bc = (c: Component) => Fractal.getBindingController(c);
export const cc = (c: Component) => Fractal.getContentController(c);
export const lc = (c: Component) => Fractal.getLifeCycleController(c);
export const itf = <T = Service>(c: Component, name: string) => c.getFcInterface(name) as Port<T>;
