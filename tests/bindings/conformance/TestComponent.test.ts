// Port of the Julia conformance class TestComponent: a parametric primitive (its type declares
// 'attribute-controller' with the bean-accessor signature CAttributes) serves I and its attribute
// controller is the CAttributes interface, whose accessors reach the content's.
import { beforeEach, describe, expect, it } from 'vitest';
import { Fractal, InstantiationError, type ComponentType, type GenericFactory, type TypeFactory } from '../../../bindings/index.js';
import { CAttributes, I, PKG, checkInterface, fractal, type CAttributesItf, type IItf } from './fixtures.js';

describe('TestComponent', () => {
  let tf: TypeFactory;
  let gf: GenericFactory;
  let t: ComponentType;
  beforeEach(() => {
    ({ tf, gf } = fractal());
    t = tf.createFcType([
      tf.createFcItfType('attribute-controller', CAttributes, false, false, false),
      tf.createFcItfType('server', I, false, false, false),
      tf.createFcItfType('client', I, true, true, false),
    ]);
  });

  it('testParametricPrimitive', () => {
    const c = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
    Fractal.getLifeCycleController(c).startFc();
    const i = c.getFcInterface('server') as unknown as IItf;
    checkInterface(i);

    const ca = c.getFcInterface('attribute-controller') as unknown as CAttributesItf;
    ca.setX1(true);
    expect(ca.getX1()).toBe(true);
    ca.setX2(1);
    expect(ca.getX2()).toBe(1);
    ca.setX3('\u0001');
    expect(ca.getX3()).toBe('\u0001');
    ca.setX4(1);
    expect(ca.getX4()).toBe(1);
    ca.setX5(1);
    expect(ca.getX5()).toBe(1);
    ca.setX6(1);
    expect(ca.getX6()).toBe(1);
    ca.setX7(1);
    expect(ca.getX7()).toBe(1);
    ca.setX8(1);
    expect(ca.getX8()).toBe(1);
    ca.setX9('1');
    expect(ca.getX9()).toBe('1');
    ca.setWriteOnlyX11(true);
    expect(i.n(false, null)).toBe(true);
    // The same accessors through the generic attribute API.
    expect(Fractal.getAttributeController(c).getFcAttribute('readOnlyX10')).toBe(true);
    expect(Fractal.getAttributeController(c).getFcAttribute('x9')).toBe('1');
  });

  it('testParametricPrimitiveWithBadContentClass', () => {
    // Java passes the test class itself: a class that implements neither I nor CAttributes.
    expect(() => gf.newFcInstance(t, 'primitive', `${PKG}.Z`)).toThrow(InstantiationError);
  });
});
