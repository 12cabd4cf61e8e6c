// Rules of the binding controller (Fractal specification; Julia's TestBindingController cases).
import { describe, expect, it } from 'vitest';
import { Fractal } from './fractal.js';
import { Reconfiguration } from './reconfiguration.js';
import { IllegalBindingError, IllegalLifeCycleError, NoSuchInterfaceError, UnboundInterfaceError } from './errors.js';
import { Echo, Relay, bc, cc, itf, lc, model } from './testing/fixtures.js';

const relaySpecs = ['server s test.Service', 'client out test.Service'];

describe('binding controller', () => {
  it('listFc lists client interfaces; a composite also lists its internal clients (its server names)', () => {
    const m = model();
    const r = m.primitive('r', [...relaySpecs, 'client opt test.Service optional'], Relay);
    expect(bc(r).listFc().sort()).toEqual(['opt', 'out']);
    const k = m.composite('k', ['server s test.Service', 'client c test.Service']);
    expect(bc(k).listFc().sort()).toEqual(['c', 's']);
  });

  it('rule: lookupFc of an unbound client returns null', () => {
    const m = model();
    expect(bc(m.primitive('r', relaySpecs, Relay)).lookupFc('out')).toBeNull();
  });

  it('rule: lookupFc of an unknown name throws NoSuchInterfaceError', () => {
    const m = model();
    expect(() => bc(m.primitive('r', relaySpecs, Relay)).lookupFc('nope')).toThrow(NoSuchInterfaceError);
  });

  it('bindFc then lookupFc returns the server interface; the port calls it', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    bc(r).bindFc('out', e.getFcInterface('s'));
    expect(bc(r).lookupFc('out')).toBe(e.getFcInterface('s'));
    lc(r).startFc();
    lc(e).startFc();
    expect(itf(r, 's').run(7)).toBe(7);
  });

  it('rule: bindFc of a server-side name throws IllegalBindingError', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    expect(() => bc(r).bindFc('s', e.getFcInterface('s'))).toThrow(IllegalBindingError);
  });

  it('rule: bindFc to something that is not a server interface reference throws IllegalBindingError', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const r2 = m.primitive('r2', relaySpecs, Relay);
    expect(() => bc(r).bindFc('out', { run: () => 1 })).toThrow(IllegalBindingError);
    expect(() => bc(r).bindFc('out', r2.getFcInterface('out'))).toThrow(/client interface/);
  });

  it('rule: the server signature must be a sub-type of the client signature', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const sub = m.primitive('sub', ['server s test.SubService'], Echo);
    const other = m.primitive('other', ['server s test.Other'], Echo);
    expect(() => bc(r).bindFc('out', other.getFcInterface('s'))).toThrow(/not a sub-type/);
    bc(r).bindFc('out', sub.getFcInterface('s'));
    const r2 = m.primitive('r2', ['server s test.Service', 'client out test.SubService'], Relay);
    const plain = m.primitive('plain', ['server s test.Service'], Echo);
    expect(() => bc(r2).bindFc('out', plain.getFcInterface('s'))).toThrow(IllegalBindingError);
  });

  it('rule: unknown signatures (e.g. Java ones) bind only to the same name', () => {
    const m = model();
    const a = m.primitive('a', ['client c org.example.Service'], null);
    const b = m.primitive('b', ['server s org.example.Service'], null);
    const d = m.primitive('d', ['server s org.example.Other'], null);
    expect(() => bc(a).bindFc('c', d.getFcInterface('s'))).toThrow(/not defined with signatures.define/);
    bc(a).bindFc('c', b.getFcInterface('s'));
    expect(bc(a).lookupFc('c')).toBe(b.getFcInterface('s'));
  });

  it('rule: a mandatory client cannot be bound to an optional server; optional to mandatory is fine', () => {
    const m = model();
    const k = m.composite('k', ['server s test.Service optional']);
    const r = m.primitive('r', relaySpecs, Relay);
    cc(k).addFcSubComponent(r);
    expect(() => bc(r).bindFc('out', cc(k).getFcInternalInterface('s'))).toThrow(IllegalBindingError);
    const r2 = m.primitive('r2', ['client out test.Service optional'], Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    bc(r2).bindFc('out', e.getFcInterface('s'));
  });

  it('rule: an already bound client cannot be bound again', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    bc(r).bindFc('out', e.getFcInterface('s'));
    expect(() => bc(r).bindFc('out', e.getFcInterface('s'))).toThrow(/already bound/);
  });

  it('rule: a binding must be local (components that share no enclosing composite cannot be bound)', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    m.composite('k1', [], [r]);
    m.composite('k2', [], [e]);
    expect(() => bc(r).bindFc('out', e.getFcInterface('s'))).toThrow(/not a local binding/);
    const top = m.primitive('top', ['server s test.Service'], Echo);
    expect(() => bc(r).bindFc('out', top.getFcInterface('s'))).toThrow(IllegalBindingError);
  });

  it('rule: export (this.s -> sub.s) and import (sub.c -> this.c) bindings are local; the internal interface of another composite is not', () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const k = m.composite('k', ['server s test.Service', 'client c test.Service'], [r]);
    bc(k).bindFc('s', r.getFcInterface('s'));
    bc(r).bindFc('out', cc(k).getFcInternalInterface('c'));
    const other = m.composite('other', ['client c test.Service']);
    const r2 = m.primitive('r2', relaySpecs, Relay);
    cc(k).addFcSubComponent(r2);
    expect(() => bc(r2).bindFc('out', cc(other).getFcInternalInterface('c'))).toThrow(/not a local binding/);
    cc(k).removeFcSubComponent(r2);
    // The composite's external client reaches a top-level server: calls flow through both levels.
    const e = m.primitive('e', ['server s test.Service'], Echo);
    bc(k).bindFc('c', e.getFcInterface('s'));
    lc(k).startFc();
    lc(e).startFc();
    expect(itf(k, 's').run('through')).toBe('through');
    expect((Fractal.getBindingController(k).lookupFc('s') as object)).toBe(r.getFcInterface('s'));
  });

  it('rule: unbindFc of an unbound client throws IllegalBindingError', () => {
    const m = model();
    expect(() => bc(m.primitive('r', relaySpecs, Relay)).unbindFc('out')).toThrow(IllegalBindingError);
  });

  it('rule: bindFc and unbindFc on a STARTED component throw IllegalLifeCycleError', () => {
    const m = model();
    const r = m.primitive('r', [...relaySpecs, 'client opt test.Service optional'], Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    bc(r).bindFc('out', e.getFcInterface('s'));
    lc(r).startFc();
    expect(() => bc(r).bindFc('opt', e.getFcInterface('s'))).toThrow(IllegalLifeCycleError);
    expect(() => bc(r).unbindFc('out')).toThrow(IllegalLifeCycleError);
  });

  it('a port is stable: rebinding changes its target without the content noticing', async () => {
    const m = model();
    const r = m.primitive('r', relaySpecs, Relay);
    const a = m.primitive('a', ['server s test.Service'], Echo);
    const b = m.primitive('b', ['server s test.Service'], Echo);
    const port = Reconfiguration.getContent<Relay>(r)!.out;
    bc(r).bindFc('out', a.getFcInterface('s'));
    for (const c of [r, a, b]) lc(c).startFc();
    itf(r, 's').run(1);
    await lc(r).stopFc();
    bc(r).unbindFc('out');
    bc(r).bindFc('out', b.getFcInterface('s'));
    lc(r).startFc();
    itf(r, 's').run(2);
    expect(Reconfiguration.getContent<Relay>(r)!.out).toBe(port);
    expect(port).toBe(r.getFcInterface('out'));
    expect(Reconfiguration.getContent<Echo>(a)!.calls).toEqual([1]);
    expect(Reconfiguration.getContent<Echo>(b)!.calls).toEqual([2]);
  });

  it('rule: calling an unbound port throws UnboundInterfaceError naming component, interface and method', () => {
    const m = model();
    const r = m.primitive('r', ['server s test.Service', 'client out test.Service optional'], Relay);
    lc(r).startFc();
    expect(() => itf(r, 's').run(1)).toThrow(UnboundInterfaceError);
    expect(() => itf(r, 'out').run(1)).toThrow(/'out' of component 'r' is not bound: cannot call run\(\)/);
  });

  it('rule: a primitive without client interfaces has no binding controller (NoSuchInterfaceError)', () => {
    const m = model();
    expect(() => Fractal.getBindingController(m.primitive('e', ['server s test.Service'], Echo))).toThrow(NoSuchInterfaceError);
  });

  it('publishes bound and unbound events', () => {
    const m = model({ clock: () => 42 });
    const r = m.primitive('r', relaySpecs, Relay);
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const seen: string[] = [];
    Fractal.getModelEvents(r).subscribe((ev) => seen.push(`${ev.kind} ${ev.component} ${ev.interface} ${ev.server} @${ev.time}`));
    bc(r).bindFc('out', e.getFcInterface('s'));
    bc(r).unbindFc('out');
    expect(seen).toEqual(['bound r out e.s @42', 'unbound r out e.s @42']);
  });
});
