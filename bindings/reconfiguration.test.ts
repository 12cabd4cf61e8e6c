// The hooks a swap needs: content access and replacement, reverse bindings, retargeting STARTED
// clients away from a stopped server, moving held calls to a successor.
import { injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { IllegalBindingError, IllegalLifeCycleError } from './errors.js';
import { Reconfiguration } from './reconfiguration.js';
import { threads } from './threads.js';
import { Echo, Relay, Worker, bc, cc, itf, lc, model } from './testing/fixtures.js';

@injectable()
class Upper {
  run(x: unknown) { return String(x).toUpperCase(); }
}

function system() {
  const m = model();
  const r1 = m.primitive('r1', ['server s test.Service', 'client out test.Service'], Relay);
  const r2 = m.primitive('r2', ['server s test.Service', 'client out test.Service'], Relay);
  const target = m.primitive('target', ['server s test.Service'], Echo);
  const k = m.composite('k', ['server s test.Service'], [r1, r2, target]);
  bc(r1).bindFc('out', target.getFcInterface('s'));
  bc(r2).bindFc('out', target.getFcInterface('s'));
  bc(k).bindFc('s', target.getFcInterface('s'));
  lc(k).startFc();
  return { m, r1, r2, target, k };
}

describe('reconfiguration hooks', () => {
  it('getReverseBindings lists every client bound to the component, export bindings included; getBindings the outgoing ones', () => {
    const { r1, target } = system();
    const rev = Reconfiguration.getReverseBindings(target).map((b) => `${b.client} -> ${b.server}`);
    expect(rev.sort()).toEqual(['k.s (internal) -> target.s', 'r1.out -> target.s', 'r2.out -> target.s']);
    expect(Reconfiguration.getBindings(r1).map((b) => `${b.client} -> ${b.server}`)).toEqual(['r1.out -> target.s']);
  });

  it('swap by component: stop target, retarget its reverse bindings, move held calls, start the successor', async () => {
    const { m, r1, target, k } = system();
    const successor = m.primitive('successor', ['server s test.Service'], Upper);
    cc(k).addFcSubComponent(successor);
    await lc(target).stopFc();
    const held = itf(r1, 's').run('held'); // r1 is STARTED; the call is held at target's boundary
    expect(lc(target).getFcHeldCallCount()).toBe(1);
    for (const b of Reconfiguration.getReverseBindings(target)) Reconfiguration.retargetFc(b.client, itf(successor, 's'));
    expect(Reconfiguration.moveHeldCalls(target, successor)).toBe(1);
    lc(successor).startFc();
    expect(await held).toBe('HELD');
    expect(itf(r1, 's').run('after')).toBe('AFTER');
    expect(itf(k, 's').run('export')).toBe('EXPORT');
    expect(Reconfiguration.getReverseBindings(target)).toEqual([]);
    cc(k).removeFcSubComponent(target);
  });

  it('rule: retargeting a STARTED client away from a STARTED server throws IllegalLifeCycleError', () => {
    const { m, r1, k } = system();
    const successor = m.primitive('successor', ['server s test.Service'], Upper);
    cc(k).addFcSubComponent(successor);
    expect(() => Reconfiguration.retargetFc(r1.getFcInterface('out') as never, successor.getFcInterface('s') as never)).toThrow(IllegalLifeCycleError);
  });

  it('rule: retargeting keeps the type and locality rules', async () => {
    const { m, r1, target } = system();
    const outside = m.primitive('outside', ['server s test.Service'], Upper);
    const wrong = m.primitive('wrong', ['server s test.Other'], Echo);
    await lc(target).stopFc();
    const client = r1.getFcInterface('out') as never;
    expect(() => Reconfiguration.retargetFc(client, outside.getFcInterface('s') as never)).toThrow(/not a local binding/);
    expect(() => Reconfiguration.retargetFc(client, wrong.getFcInterface('s') as never)).toThrow(IllegalBindingError);
  });

  it('swap in place: replaceContent on a STOPPED primitive; held calls run on the new content', async () => {
    const { r1, target } = system();
    expect(() => Reconfiguration.replaceContent(target, Upper)).toThrow(/expected it STOPPED/);
    await lc(target).stopFc();
    const held = itf(r1, 's').run('abc');
    const old = Reconfiguration.replaceContent(target, Upper);
    expect(old).toBeInstanceOf(Echo);
    expect(Reconfiguration.getContent(target)).toBeInstanceOf(Upper);
    expect(Reconfiguration.getContentClass(target)).toBe(Upper);
    lc(target).startFc();
    expect(await held).toBe('ABC');
  });

  it('replaceContent checks the new class like instantiation does', async () => {
    const { target } = system();
    await lc(target).stopFc();
    @injectable()
    class Nothing {}
    expect(() => Reconfiguration.replaceContent(target, Nothing)).toThrow(/has no method 'run'/);
    expect(Reconfiguration.getContent(target)).toBeInstanceOf(Echo);
  });

  it('quiescenceReport names the calls a stop is waiting for', async () => {
    let now = 5;
    const m = model({ clock: () => now });
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    const p = threads.run('pid-3', () => itf<Worker>(w, 's').work(1));
    now = 9;
    expect(Reconfiguration.quiescenceReport(w)).toBe("'w': thread pid-3 inside s.work() since 5, waiting on a promise");
    await p;
    expect(Reconfiguration.quiescenceReport(w)).toBe('');
  });

  it('isQuiescenceTracked is true for thread-counting components', () => {
    const { k } = system();
    expect(Reconfiguration.isQuiescenceTracked(k)).toBe(true);
  });
});
