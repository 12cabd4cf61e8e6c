// Port of the Julia conformance class TestGenericFactory. Tessera has two controller descriptions,
// 'primitive' and 'composite'; Julia's flat*, parametric* and *Template descriptions have no counterpart
// (a parametric component is a primitive or composite whose type declares 'attribute-controller'; there
// are no templates), so those cases map to the primitive/composite ones or are listed as not applicable
// in docs/component-model.md.
import { beforeEach, describe, expect, it } from 'vitest';
import { InstantiationError, type ComponentType, type GenericFactory, type TypeFactory } from '../../../bindings/index.js';
import { AC, BC, CAttributes, CC, COMP, I, LC, NC, PKG, SC, checkComponent, fractal } from './fixtures.js';

const sI = `server/${I}/false,false,false`;
const cI = `client/${I}/true,false,false`;

describe('TestGenericFactory', () => {
  let tf: TypeFactory;
  let gf: GenericFactory;
  let t: ComponentType;
  let u: ComponentType;
  beforeEach(() => {
    ({ tf, gf } = fractal());
    t = tf.createFcType([
      tf.createFcItfType('server', I, false, false, false),
      tf.createFcItfType('client', I, true, false, false),
    ]);
    u = tf.createFcType([
      tf.createFcItfType('attribute-controller', CAttributes, false, false, false),
      tf.createFcItfType('server', I, false, false, false),
      tf.createFcItfType('client', I, true, false, false),
    ]);
  });

  // -- direct component creation --

  it('testPrimitive', () => {
    const c = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
    checkComponent(c, [COMP, BC, LC, SC, NC, sI, cI]);
  });

  it('testParametricPrimitive', () => {
    const c = gf.newFcInstance(u, 'primitive', `${PKG}.C`);
    checkComponent(c, [COMP, BC, LC, SC, AC, NC, sI, cI]);
  });

  it('testComposite', () => {
    const c = gf.newFcInstance(t, 'composite', null);
    checkComponent(c, [COMP, BC, CC, LC, SC, NC, sI, cI]);
  });

  // Julia's parametric composite takes a content class for its attributes; a Tessera composite has no
  // content, and keeps the attribute values in its attribute controller.
  it('testParametricComposite', () => {
    const c = gf.newFcInstance(u, 'composite', null);
    checkComponent(c, [COMP, BC, CC, LC, SC, AC, NC, sI, cI]);
  });

  // -- creation errors --

  it('testUnknownControllerDescriptor', () => {
    expect(() => gf.newFcInstance(t, 'unknownDescriptor' as never, `${PKG}.C`)).toThrow(InstantiationError);
  });

  it('testBadControllerDescriptor1', () => {
    expect(() => gf.newFcInstance(t, 'badPrimitive' as never, `${PKG}.C`)).toThrow(InstantiationError);
  });

  it('testBadControllerDescriptor2', () => {
    expect(() => gf.newFcInstance(u, 'badParametricPrimitive' as never, `${PKG}.C`)).toThrow(InstantiationError);
  });

  it('testContentClassNotFound', () => {
    expect(() => gf.newFcInstance(t, 'primitive', 'UnknownClass')).toThrow(InstantiationError);
  });

  it('testContentClassAbstract', () => {
    expect(() => gf.newFcInstance(t, 'primitive', `${PKG}.W`)).toThrow(InstantiationError);
  });

  it('testContentClassNoDefaultConstructor', () => {
    expect(() => gf.newFcInstance(t, 'primitive', `${PKG}.X`)).toThrow(InstantiationError);
  });

  it('testContentClassInterfaceMissing', () => {
    expect(() => gf.newFcInstance(t, 'primitive', `${PKG}.Z`)).toThrow(InstantiationError);
  });
});
