// Port of the Julia conformance classes TestBindingController and TestBindingControllerComposite (its
// nested Composite suite). Template variants have no counterpart (no templates in Tessera).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Fractal, IllegalBindingError, IllegalContentError, NoSuchInterfaceError,
  type Component, type ComponentType, type GenericFactory, type TypeFactory,
} from '../../../bindings/index.js';
import { I, J, PKG, checkList, fractal } from './fixtures.js';

const bc = (c: Component) => Fractal.getBindingController(c);

function types(tf: TypeFactory): { t: ComponentType; u: ComponentType } {
  const t = tf.createFcType([
    tf.createFcItfType('server', I, false, false, false),
    tf.createFcItfType('servers', I, false, false, true),
    tf.createFcItfType('client', I, true, false, false),
    tf.createFcItfType('clients', I, true, false, true),
  ]);
  const u = tf.createFcType([
    tf.createFcItfType('serverI', I, false, true, false),
    tf.createFcItfType('serverJ', J, false, false, false),
  ]);
  return { t, u };
}

/** The test methods TestBindingController defines, run on components made by `setUpComponents`. */
function bindingControllerCases(setUp: () => { c: Component; d: Component; e: Component }) {
  let c: Component;
  let d: Component;
  let e: Component;
  beforeEach(() => ({ c, d, e } = setUp()));

  it('testList', () => {
    checkList(bc(c), ['client']);
  });

  it('testBindLookupUnbind', () => {
    const b = bc(c);
    b.bindFc('client', d.getFcInterface('server'));
    checkList(b, ['client']);
    expect(b.lookupFc('client')).toBe(d.getFcInterface('server'));
    b.unbindFc('client');
    expect(b.lookupFc('client')).toBeNull();
  });

  it('testCollectionBindLookupUnbind', () => {
    const b = bc(c);
    b.bindFc('clients0', d.getFcInterface('server'));
    checkList(b, ['client', 'clients0']);
    expect(b.lookupFc('clients0')).toBe(d.getFcInterface('server'));
    b.unbindFc('clients0');
    expect(b.lookupFc('clients0')).toBeNull();
    checkList(b, ['client']);
  });

  it('testNoSuchInterfaceLookup', () => {
    expect(() => bc(c).lookupFc('c')).toThrow(NoSuchInterfaceError);
  });

  it('testNoSuchInterfaceBind', () => {
    expect(() => bc(c).bindFc('c', d.getFcInterface('server'))).toThrow(NoSuchInterfaceError);
  });

  it('testNotAServerInterface', () => {
    expect(() => bc(c).bindFc('client', c.getFcInterface('client'))).toThrow(IllegalBindingError);
  });

  it('testWrongType', () => {
    expect(() => bc(c).bindFc('client', e.getFcInterface('serverJ'))).toThrow(IllegalBindingError);
  });

  it('testMandatoryToOptional', () => {
    expect(() => bc(c).bindFc('client', e.getFcInterface('serverI'))).toThrow(IllegalBindingError);
  });

  it('testAlreadyBound', () => {
    const b = bc(c);
    b.bindFc('client', d.getFcInterface('server'));
    expect(() => b.bindFc('client', d.getFcInterface('server'))).toThrow(IllegalBindingError);
    b.bindFc('clients0', d.getFcInterface('server'));
    expect(() => b.bindFc('clients0', d.getFcInterface('server'))).toThrow(IllegalBindingError);
  });

  it('testNoSuchInterfaceUnind', () => {
    expect(() => bc(c).unbindFc('c')).toThrow(NoSuchInterfaceError);
  });

  it('testNotBound', () => {
    expect(() => bc(c).unbindFc('client')).toThrow(IllegalBindingError);
  });
}

describe('TestBindingController', () => {
  bindingControllerCases(() => {
    const { tf, gf } = fractal();
    const { t, u } = types(tf);
    return {
      c: gf.newFcInstance(t, 'primitive', `${PKG}.C`),
      d: gf.newFcInstance(t, 'primitive', `${PKG}.C`),
      e: gf.newFcInstance(u, 'primitive', `${PKG}.C`),
    };
  });
});

describe('TestBindingControllerComposite', () => {
  let gf: GenericFactory;
  let r: Component;
  let c: Component;
  let d: Component;
  let e: Component;
  const setUp = () => {
    const f = fractal();
    gf = f.gf;
    const { t, u } = types(f.tf);
    r = gf.newFcInstance(t, 'composite', null);
    c = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
    d = gf.newFcInstance(t, 'composite', null);
    e = gf.newFcInstance(u, 'composite', null);
    for (const x of [c, d, e]) Fractal.getContentController(r).addFcSubComponent(x);
    return { c, d, e };
  };

  describe('inherited from TestBindingController', () => {
    bindingControllerCases(setUp);
  });

  describe('own cases', () => {
    beforeEach(setUp);
    const cc = () => Fractal.getContentController(r);

    it('testCompositeList', () => {
      checkList(bc(r), ['client', 'server']);
    });

    it('testCompositeExportBindLookupUnbind', () => {
      const b = bc(r);
      b.bindFc('server', c.getFcInterface('server'));
      checkList(b, ['client', 'server']);
      expect(b.lookupFc('server')).toBe(c.getFcInterface('server'));
      b.unbindFc('server');
      expect(b.lookupFc('server')).toBeNull();
    });

    it('testCompositeCollectionExportBindLookupUnbind', () => {
      const b = bc(r);
      b.bindFc('servers0', c.getFcInterface('server'));
      checkList(b, ['client', 'server', 'servers0']);
      expect(b.lookupFc('servers0')).toBe(c.getFcInterface('server'));
      b.unbindFc('servers0');
      expect(b.lookupFc('servers0')).toBeNull();
      checkList(b, ['client', 'server']);
    });

    it('testCompositeImportBindLookupUnbind', () => {
      const b = bc(d);
      b.bindFc('client', cc().getFcInternalInterface('client'));
      checkList(b, ['client', 'server']);
      expect(b.lookupFc('client')).toBe(cc().getFcInternalInterface('client'));
      b.unbindFc('client');
      expect(b.lookupFc('client')).toBeNull();
    });

    it('testCompositeCollectionImportBindLookupUnbind', () => {
      const b = bc(d);
      b.bindFc('clients0', cc().getFcInternalInterface('client'));
      checkList(b, ['client', 'clients0', 'server']);
      expect(b.lookupFc('clients0')).toBe(cc().getFcInternalInterface('client'));
      b.unbindFc('clients0');
      expect(b.lookupFc('clients0')).toBeNull();
      checkList(b, ['client', 'server']);
    });

    it('testCompositeSelfBindLookupUnbind', () => {
      const itf = cc().getFcInternalInterface('client');
      const b = bc(r);
      b.bindFc('server', itf);
      checkList(b, ['client', 'server']);
      expect(b.lookupFc('server')).toBe(itf);
      b.unbindFc('server');
      expect(b.lookupFc('server')).toBeNull();
    });

    it('testCompositeCollectionSelfBindLookupUnbind', () => {
      const itf = cc().getFcInternalInterface('clients0');
      const b = bc(r);
      b.bindFc('servers0', itf);
      checkList(b, ['client', 'server', 'servers0']);
      expect(b.lookupFc('servers0')).toBe(itf);
      b.unbindFc('servers0');
      expect(b.lookupFc('servers0')).toBeNull();
      checkList(b, ['client', 'server']);
    });

    it('testCompositeNoSuchInterface', () => {
      expect(() => bc(r).lookupFc('c')).toThrow(NoSuchInterfaceError);
    });

    it('testAlreadyBound (composite part)', () => {
      const b = bc(d);
      b.bindFc('client', c.getFcInterface('server'));
      expect(() => b.bindFc('client', c.getFcInterface('server'))).toThrow(IllegalBindingError);
      b.bindFc('clients0', c.getFcInterface('server'));
      expect(() => b.bindFc('clients0', c.getFcInterface('server'))).toThrow(IllegalBindingError);
    });

    it('testNotBound (composite part)', () => {
      expect(() => bc(d).unbindFc('client')).toThrow(IllegalBindingError);
    });

    it('testInvalidExportBinding', () => {
      cc().removeFcSubComponent(c);
      expect(() => bc(r).bindFc('server', c.getFcInterface('server'))).toThrow(IllegalBindingError);
    });

    it('testInvalidNormalBinding', () => {
      cc().removeFcSubComponent(d);
      expect(() => bc(c).bindFc('client', d.getFcInterface('server'))).toThrow(IllegalBindingError);
    });

    it('testInvalidImportBinding', () => {
      cc().removeFcSubComponent(d);
      expect(() => bc(d).bindFc('client', cc().getFcInternalInterface('client'))).toThrow(IllegalBindingError);
    });

    it('testInvalidImportBinding2', () => {
      // r's external client cannot be bound to its own sub-component (the binding would cross r's membrane inwards).
      expect(() => bc(r).bindFc('client', d.getFcInterface('server'))).toThrow(IllegalBindingError);
    });

    it('testWouldCreateInvalidExportBinding', () => {
      bc(r).bindFc('server', c.getFcInterface('server'));
      expect(() => cc().removeFcSubComponent(c)).toThrow(IllegalContentError);
    });

    it('testWouldCreateInvalidLocalBinding', () => {
      bc(c).bindFc('client', d.getFcInterface('server'));
      expect(() => cc().removeFcSubComponent(c)).toThrow(IllegalContentError);
    });

    it('testWouldCreateInvalidImportBinding', () => {
      bc(d).bindFc('client', cc().getFcInternalInterface('client'));
      expect(() => cc().removeFcSubComponent(d)).toThrow(IllegalContentError);
    });
  });
});
