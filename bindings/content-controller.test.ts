// Rules of the content and super controllers (Julia's TestContentController / TestSuperController cases).
import { describe, expect, it } from 'vitest';
import { Fractal } from './fractal.js';
import { IllegalContentError, IllegalLifeCycleError, NoSuchInterfaceError } from './errors.js';
import { Echo, Relay, bc, cc, lc, model } from './testing/fixtures.js';

describe('content controller', () => {
  it('adds and lists sub-components; the super controller lists the parents', () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const k = m.composite('k', [], [e]);
    expect(cc(k).getFcSubComponents()).toEqual([e]);
    expect(Fractal.getSuperController(e).getFcSuperComponents()).toEqual([k]);
  });

  it('rule: addFcSubComponent twice throws IllegalContentError', () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const k = m.composite('k', [], [e]);
    expect(() => cc(k).addFcSubComponent(e)).toThrow(IllegalContentError);
  });

  it('rule: a cycle (a composite inside itself or inside its own descendant) throws IllegalContentError', () => {
    const m = model();
    const inner = m.composite('inner', []);
    const outer = m.composite('outer', [], [inner]);
    expect(() => cc(outer).addFcSubComponent(outer)).toThrow(/contain itself/);
    expect(() => cc(inner).addFcSubComponent(outer)).toThrow(IllegalContentError);
  });

  it('rule: removeFcSubComponent of a STARTED sub-component throws IllegalLifeCycleError (subNotStarted)', async () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const k = m.composite('k', [], [e]);
    lc(e).startFc();
    expect(() => cc(k).removeFcSubComponent(e)).toThrow(/it is STARTED; expected stopFc\(\) on it first/);
    expect(() => cc(k).removeFcSubComponent(e)).toThrow(IllegalLifeCycleError);
    await lc(e).stopFc();
    cc(k).removeFcSubComponent(e);
    expect(cc(k).getFcSubComponents()).toEqual([]);
  });

  it('internal interfaces report the complementary type: a server is a client inside, and vice versa', () => {
    const m = model();
    const k = m.composite('k', ['server s test.Service', 'client c test.Service optional']);
    const s = cc(k).getFcInternalInterface('s');
    const c = cc(k).getFcInternalInterface('c');
    expect([s.getFcItfType().isFcClientItf(), c.getFcItfType().isFcClientItf()]).toEqual([true, false]);
    expect(c.getFcItfType().isFcOptionalItf()).toBe(true);
    expect(s.getFcItfType().getFcItfSignature()).toBe('test.Service');
  });

  it('rule: removeFcSubComponent of a non-member throws IllegalContentError', () => {
    const m = model();
    const k = m.composite('k', []);
    expect(() => cc(k).removeFcSubComponent(m.primitive('e', ['server s test.Service'], Echo))).toThrow(/not a sub-component/);
  });

  it('rule: removeFcSubComponent of a bound sub-component throws IllegalContentError, in both directions', () => {
    const m = model();
    const r = m.primitive('r', ['server s test.Service', 'client out test.Service'], Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const k = m.composite('k', ['server s test.Service'], [r, e]);
    bc(r).bindFc('out', e.getFcInterface('s'));
    expect(() => cc(k).removeFcSubComponent(r)).toThrow(/'out' is bound/);
    expect(() => cc(k).removeFcSubComponent(e)).toThrow(/is bound to its interface 's'/);
    bc(r).unbindFc('out');
    bc(k).bindFc('s', e.getFcInterface('s')); // export binding also pins e
    expect(() => cc(k).removeFcSubComponent(e)).toThrow(IllegalContentError);
    bc(k).unbindFc('s');
    cc(k).removeFcSubComponent(e);
    cc(k).removeFcSubComponent(r);
    expect(cc(k).getFcSubComponents()).toEqual([]);
    expect(Fractal.getSuperController(e).getFcSuperComponents()).toEqual([]);
  });

  it('internal interfaces: one complement per external interface; unknown name throws NoSuchInterfaceError', () => {
    const m = model();
    const k = m.composite('k', ['server s test.Service', 'client c test.Service']);
    const names = cc(k).getFcInternalInterfaces().map((i) => `${i.getFcItfName()}:${i.isFcInternalItf()}`);
    expect(names.sort()).toEqual(['c:true', 's:true']);
    expect(() => cc(k).getFcInternalInterface('x')).toThrow(NoSuchInterfaceError);
  });

  it('rule: a primitive has no content controller (NoSuchInterfaceError)', () => {
    const m = model();
    expect(() => Fractal.getContentController(m.primitive('e', ['server s test.Service'], Echo))).toThrow(NoSuchInterfaceError);
  });

  it('shared component: one component in two composites, bound in both, started by either', async () => {
    const m = model();
    const shared = m.primitive('shared', ['server s test.Service'], Echo);
    const r1 = m.primitive('r1', ['server s test.Service', 'client out test.Service'], Relay);
    const r2 = m.primitive('r2', ['server s test.Service', 'client out test.Service'], Relay);
    const k1 = m.composite('k1', ['server s test.Service'], [r1, shared]);
    const k2 = m.composite('k2', ['server s test.Service'], [r2, shared]);
    expect(Fractal.getSuperController(shared).getFcSuperComponents()).toEqual([k1, k2]);
    bc(r1).bindFc('out', shared.getFcInterface('s'));
    bc(r2).bindFc('out', shared.getFcInterface('s'));
    bc(k1).bindFc('s', r1.getFcInterface('s'));
    bc(k2).bindFc('s', r2.getFcInterface('s'));
    lc(k1).startFc();
    lc(k2).startFc();
    expect((k1.getFcInterface('s') as unknown as Relay).run('a')).toBe('a');
    expect((k2.getFcInterface('s') as unknown as Relay).run('b')).toBe('b');
    await lc(k1).stopFc();
    expect(lc(shared).getFcState()).toBe('STOPPED');
    expect(lc(k2).getFcState()).toBe('STARTED');
    lc(k1).startFc();
    expect(lc(shared).getFcState()).toBe('STARTED');
  });
});
