// Port of the Julia conformance class TestTypeFactory (org.objectweb.fractal.julia.conform): test names
// are the Java method names.
import { beforeEach, describe, expect, it } from 'vitest';
import { ComponentType, InstantiationError, type GenericFactory, type TypeFactory } from '../../../bindings/index.js';
import { I, fractal } from './fixtures.js';

describe('TestTypeFactory', () => {
  let tf: TypeFactory;
  let gf: GenericFactory;
  beforeEach(() => ({ tf, gf } = fractal()));

  it('testInterfaceType', () => {
    const s = tf.createFcItfType('i', I, false, false, false);
    const c = tf.createFcItfType('i', I, true, false, false);
    expect(s.isFcClientItf()).toBe(false);
    expect(c.isFcClientItf()).toBe(true);
    expect(c.getFcItfSignature()).toBe(I);
  });

  // Java: the signature names no class, so creating a component of that type fails. Here an undefined
  // signature is allowed in a type (DESIGN: "unknown" signatures, for real ADL files), and the generic
  // factory refuses what is not a component type — the interface type itself, as the Java test passes.
  it('testNoSuchClass', () => {
    expect(() => {
      const t = tf.createFcItfType('i', 'xyz', false, false, false);
      gf.newFcInstance(t as unknown as ComponentType, 'composite', null);
    }).toThrow(InstantiationError);
  });

  it('testNotAnInterface', () => {
    expect(() => {
      const t = tf.createFcItfType('i', 'conform.TestTypeFactory', false, false, false);
      gf.newFcInstance(t as unknown as ComponentType, 'composite', null);
    }).toThrow(InstantiationError);
  });

  it('testComponentType', () => {
    const sType = tf.createFcItfType('s', I, false, false, false);
    const i1Type = tf.createFcItfType('i1', I, true, false, false);
    const i2Type = tf.createFcItfType('i2', I, true, false, false);
    expect(tf.createFcType(null).getFcInterfaceTypes()).toEqual([]);
    expect(tf.createFcType([sType]).getFcInterfaceTypes()).toEqual([sType]);
    expect(tf.createFcType([i1Type, i2Type]).getFcInterfaceTypes()).toEqual([i1Type, i2Type]);
    expect(tf.createFcType([sType, i1Type, i2Type]).getFcInterfaceType('i2')).toBe(i2Type);
  });

  it('testBadPrefixes', () => {
    expect(() => tf.createFcType([
      tf.createFcItfType('i', I, false, false, false),
      tf.createFcItfType('i', I, true, false, false),
    ])).toThrow(InstantiationError);
    expect(() => tf.createFcType([
      tf.createFcItfType('i', I, true, true, true),
      tf.createFcItfType('ij', I, true, true, true),
    ])).toThrow(InstantiationError);
  });
});
