// Rules of the Fractal specification (2.0.3) and of Julia's behaviour that the ported conformance
// classes do not exercise: super and name controllers, sharing, life-cycle checks on content and
// bindings, held calls (Julia's commented-out testStopped), interceptor counting on recursive calls,
// and the attribute-controller interface type.
import { inject, injectable, optional } from 'inversify';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Fractal, IllegalAttributeError, IllegalBindingError, IllegalLifeCycleError, InstantiationError, Reconfiguration, clientToken, signatures,
  type Component, type ComponentType, type GenericFactory, type Port, type TypeFactory,
} from '../../../bindings/index.js';
import { C, CAttributes, I, PKG, fractal, type IItf } from './fixtures.js';

signatures.define('conform.TypedAttributes', { attributes: { quantum: 'integer', label: { type: 'string', default: 'rr' } } });
signatures.define('conform.TypedCAttributes', { attributes: { x1: 'boolean', x5: 'integer', x9: 'string' } });

/** n(v, w) records the thread count of its own component at each entry, then recurses w times through `client`. */
@injectable()
class Probe implements IItf {
  readonly counts: number[] = [];
  constructor(@inject(clientToken('client')) @optional() private readonly i: Port<IItf> | undefined) {}
  m(_v: unknown): void {}
  n(v: unknown, w: unknown): unknown {
    this.counts.push(Fractal.getLifeCycleController(this.i!.getFcItfOwner()).getFcThreadCount());
    return (w as number) === 0 ? v : this.i!.n((v as number) + 1, (w as number) - 1);
  }
}

const bc = (c: Component) => Fractal.getBindingController(c);
const cc = (c: Component) => Fractal.getContentController(c);
const lc = (c: Component) => Fractal.getLifeCycleController(c);
const sc = (c: Component) => Fractal.getSuperController(c);

describe('Fractal specification rules', () => {
  let tf: TypeFactory;
  let gf: GenericFactory;
  let t: ComponentType;
  const primitive = (content: string | typeof Probe = `${PKG}.C`) => gf.newFcInstance(t, 'primitive', content);
  const composite = () => gf.newFcInstance(t, 'composite', null);
  beforeEach(() => {
    ({ tf, gf } = fractal());
    t = tf.createFcType([
      tf.createFcItfType('server', I, false, false, false),
      tf.createFcItfType('client', I, true, true, false),
    ]);
  });

  it('super controller: getFcSuperComponents follows add and remove, and lists every parent of a shared component', () => {
    const [r1, r2, c] = [composite(), composite(), primitive()];
    expect(sc(c).getFcSuperComponents()).toEqual([]);
    cc(r1).addFcSubComponent(c);
    cc(r2).addFcSubComponent(c);
    expect(sc(c).getFcSuperComponents()).toEqual([r1, r2]);
    cc(r1).removeFcSubComponent(c);
    expect(sc(c).getFcSuperComponents()).toEqual([r2]);
    expect(cc(r2).getFcSubComponents()).toEqual([c]);
  });

  it('name controller: setFcName then getFcName', () => {
    const c = primitive();
    Fractal.getNameController(c).setFcName('c');
    expect(Fractal.getNameController(c).getFcName()).toBe('c');
  });

  it('sharing: a binding is local when client and server share at least one parent', () => {
    const [r1, r2, a, b, s] = [composite(), composite(), primitive(), primitive(), primitive()];
    cc(r1).addFcSubComponent(a);
    cc(r2).addFcSubComponent(b);
    cc(r1).addFcSubComponent(s);
    cc(r2).addFcSubComponent(s);
    bc(a).bindFc('client', s.getFcInterface('server'));
    bc(b).bindFc('client', s.getFcInterface('server'));
    expect(() => bc(s).bindFc('client', a.getFcInterface('server'))).not.toThrow();
    bc(a).unbindFc('client');
    expect(() => bc(a).bindFc('client', b.getFcInterface('server'))).toThrow(IllegalBindingError); // r1 vs r2: not local
  });

  it("a sub-component cannot bind to its parent's external server interface (only to the internal one)", () => {
    const [o, r, c] = [composite(), composite(), primitive()];
    cc(o).addFcSubComponent(r);
    cc(r).addFcSubComponent(c);
    expect(() => bc(c).bindFc('client', r.getFcInterface('server'))).toThrow(IllegalBindingError);
    expect(() => bc(c).bindFc('client', cc(r).getFcInternalInterface('client'))).not.toThrow();
  });

  it('a control interface is not a server interface: binding to it is an IllegalBindingError', () => {
    const [c, d] = [primitive(), primitive()];
    expect(() => bc(c).bindFc('client', d.getFcInterface('lifecycle-controller'))).toThrow(IllegalBindingError);
    expect(() => bc(c).bindFc('client', d)).toThrow(IllegalBindingError);
  });

  it('bindFc and unbindFc on a STARTED primitive or composite are IllegalLifeCycleErrors', () => {
    const [r, c, d] = [composite(), primitive(), primitive()];
    cc(r).addFcSubComponent(c);
    cc(r).addFcSubComponent(d);
    bc(r).bindFc('server', c.getFcInterface('server'));
    lc(r).startFc();
    expect(() => bc(c).bindFc('client', d.getFcInterface('server'))).toThrow(IllegalLifeCycleError);
    expect(() => bc(r).unbindFc('server')).toThrow(IllegalLifeCycleError);
    expect(bc(r).lookupFc('server')).toBe(c.getFcInterface('server'));
  });

  it('removeFcSubComponent of a STARTED sub-component is an IllegalLifeCycleError; once stopped it succeeds', async () => {
    const [r, c] = [composite(), primitive()];
    cc(r).addFcSubComponent(c);
    lc(c).startFc();
    expect(() => cc(r).removeFcSubComponent(c)).toThrow(IllegalLifeCycleError);
    expect(cc(r).getFcSubComponents()).toEqual([c]);
    await lc(c).stopFc();
    cc(r).removeFcSubComponent(c);
    expect(cc(r).getFcSubComponents()).toEqual([]);
  });

  it('testStopped (commented out in Julia): a call on a STOPPED component waits until startFc', async () => {
    const c = primitive();
    const i = c.getFcInterface('server') as unknown as IItf;
    const held = i.n(true, null);
    expect(held).toBeInstanceOf(Promise);
    expect(lc(c).getFcHeldCallCount()).toBe(1);
    lc(c).startFc();
    await expect(held).resolves.toBe(true);
    expect(lc(c).getFcHeldCallCount()).toBe(0);
  });

  it('interceptors: each nested call through a server interface is counted once, and the count returns to 0', () => {
    const c = primitive(Probe);
    bc(c).bindFc('client', c.getFcInterface('server')); // a self-loop: every recursion re-enters c
    lc(c).startFc();
    expect((c.getFcInterface('server') as unknown as IItf).n(0, 3)).toBe(3);
    expect(Reconfiguration.getContent<Probe>(c)!.counts).toEqual([1, 2, 3, 4]);
    expect(lc(c).getFcThreadCount()).toBe(0);
  });

  it('attribute-controller in a type: typed attributes get bean accessors on the controller, values converted', () => {
    const u = tf.createFcType([
      tf.createFcItfType('attribute-controller', 'conform.TypedAttributes', false, false, false),
      tf.createFcItfType('server', I, false, false, false),
    ]);
    const c = gf.newFcInstance(u, 'primitive', C, { attributes: { quantum: '5' } });
    const ac = c.getFcInterface('attribute-controller') as unknown as { getQuantum(): number; setQuantum(v: unknown): void; getLabel(): string };
    expect(ac.getQuantum()).toBe(5);
    ac.setQuantum('7');
    expect(Fractal.getAttributeController(c).getFcAttribute('quantum')).toBe(7);
    expect(ac.getLabel()).toBe('rr');
    expect(() => ac.setQuantum('seven')).toThrow(IllegalAttributeError);
    expect(Fractal.getAttributeController(c).listFcAttributes().sort()).toEqual(['label', 'quantum']);
  });

  it("typed attributes without value or default are held by the content's getters (as Java fields); without such getters they are an InstantiationError", () => {
    const u = tf.createFcType([
      tf.createFcItfType('attribute-controller', 'conform.TypedCAttributes', false, false, false),
      tf.createFcItfType('server', I, false, false, false),
    ]);
    const c = gf.newFcInstance(u, 'primitive', C);
    const ac = Fractal.getAttributeController(c);
    expect(ac.listFcAttributes()).toEqual(['x1', 'x5', 'x9']);
    expect(ac.getFcAttribute('x1')).toBe(false);
    expect(ac.getFcAttribute('x9')).toBeNull();
    ac.setFcAttribute('x5', '3');
    expect((c.getFcInterface('attribute-controller') as unknown as { getX5(): number }).getX5()).toBe(3);
    expect(() => gf.newFcInstance(u, 'composite', null)).toThrow(InstantiationError);
  });

  it('attribute-controller in a type: a client or collection one, or one that disagrees with the attributeSignature option, is refused', () => {
    expect(() => tf.createFcItfType('attribute-controller', CAttributes, true, false, false)).toThrow(InstantiationError);
    expect(() => tf.createFcItfType('attribute-controller', CAttributes, false, false, true)).toThrow(InstantiationError);
    expect(() => tf.createFcItfType('binding-controller', I, false, false, false)).toThrow(InstantiationError);
    const u = tf.createFcType([tf.createFcItfType('attribute-controller', CAttributes, false, false, false)]);
    expect(() => gf.newFcInstance(u, 'composite', null, { attributeSignature: 'conform.TypedAttributes' })).toThrow(InstantiationError);
  });
});
