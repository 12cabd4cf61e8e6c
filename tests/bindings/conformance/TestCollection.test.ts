// Port of the Julia conformance class TestCollection: collection interfaces are created lazily, by name
// prefix, through getFcInterface and getFcInternalInterface (template variants have no counterpart).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Fractal, NoSuchInterfaceError, type ComponentType, type GenericFactory, type Interface,
} from '../../../bindings/index.js';
import { BC, CC, COMP, I, LC, NC, PKG, SC, checkComponent, checkInterface, fractal, getItf, type IItf } from './fixtures.js';

const serverI = `server/${I}/false,false,false`;
const servers0I = `servers0/${I}/false,false,true`;
const servers1I = `servers1/${I}/false,false,true`;
const servers2I = `servers2/${I}/true,false,true`;
const servers3I = `servers3/${I}/true,false,true`;
const clientI = `client/${I}/true,true,false`;
const clients0I = `clients0/${I}/true,true,true`;
const clients1I = `clients1/${I}/true,true,true`;
const clients2I = `clients2/${I}/false,true,true`;
const clients3I = `clients3/${I}/false,true,true`;

describe('TestCollection', () => {
  let gf: GenericFactory;
  let t: ComponentType;
  beforeEach(() => {
    const f = fractal();
    gf = f.gf;
    t = f.tf.createFcType([
      f.tf.createFcItfType('server', I, false, false, false),
      f.tf.createFcItfType('servers', I, false, false, true),
      f.tf.createFcItfType('client', I, true, true, false),
      f.tf.createFcItfType('clients', I, true, true, true),
    ]);
  });

  // -- instantiation --

  it('testPrimitiveWithCollection', () => {
    const c = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
    checkComponent(c, [COMP, BC, LC, SC, NC, serverI, clientI]);
  });

  it('testCompositeWithCollection', () => {
    const c = gf.newFcInstance(t, 'composite', null);
    checkComponent(c, [COMP, BC, CC, LC, SC, NC, serverI, clientI]);
  });

  // -- lazy creation through getFc(Internal)Interface --

  it('testPrimitiveGetFcInterface', () => {
    const c = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
    Fractal.getLifeCycleController(c).startFc();
    let i = c.getFcInterface('servers0') as Interface;
    expect(getItf(i, false)).toBe(servers0I);
    checkInterface(i as unknown as IItf);
    i = c.getFcInterface('servers1') as Interface;
    expect(getItf(i, false)).toBe(servers1I);
    checkInterface(i as unknown as IItf);
    expect(getItf(c.getFcInterface('clients0') as Interface, false)).toBe(clients0I);
    expect(getItf(c.getFcInterface('clients1') as Interface, false)).toBe(clients1I);
  });

  it('testCompositeGetFcInterface', () => {
    const c = gf.newFcInstance(t, 'composite', null);
    expect(getItf(c.getFcInterface('servers0') as Interface, false)).toBe(servers0I);
    expect(getItf(c.getFcInterface('servers1') as Interface, false)).toBe(servers1I);
    expect(getItf(c.getFcInterface('clients0') as Interface, false)).toBe(clients0I);
    expect(getItf(c.getFcInterface('clients1') as Interface, false)).toBe(clients1I);
    // Internal interfaces report the complementary type: a server collection is a client inside.
    const cc = Fractal.getContentController(c);
    expect(getItf(cc.getFcInternalInterface('servers2'), false)).toBe(servers2I);
    expect(getItf(cc.getFcInternalInterface('servers3'), false)).toBe(servers3I);
    expect(getItf(cc.getFcInternalInterface('clients2'), false)).toBe(clients2I);
    expect(getItf(cc.getFcInternalInterface('clients3'), false)).toBe(clients3I);
  });

  // -- errors of lazy creation --

  it('testPrimitiveNoSuchCollectionItf', () => {
    const c = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
    expect(() => c.getFcInterface('server0')).toThrow(NoSuchInterfaceError);
    expect(() => c.getFcInterface('client0')).toThrow(NoSuchInterfaceError);
  });

  it('testCompositeNoSuchCollectionItf', () => {
    const c = gf.newFcInstance(t, 'composite', null);
    expect(() => c.getFcInterface('server0')).toThrow(NoSuchInterfaceError);
    expect(() => c.getFcInterface('client0')).toThrow(NoSuchInterfaceError);
  });
});
