// Port of the Julia conformance class TestContentController (its Template variant has no counterpart).
import { beforeEach, describe, expect, it } from 'vitest';
import { Fractal, IllegalContentError, type Component } from '../../../bindings/index.js';
import { I, PKG, fractal } from './fixtures.js';

describe('TestContentController', () => {
  let c: Component;
  let d: Component;
  let e: Component;
  beforeEach(() => {
    const { tf, gf } = fractal();
    const t = tf.createFcType([
      tf.createFcItfType('server', I, false, false, false),
      tf.createFcItfType('client', I, true, true, false),
    ]);
    c = gf.newFcInstance(t, 'composite', null);
    d = gf.newFcInstance(t, 'composite', null);
    e = gf.newFcInstance(t, 'primitive', `${PKG}.C`);
  });
  const cc = (x: Component) => Fractal.getContentController(x);

  // -- add and remove --

  it('testAddAndRemove', () => {
    cc(c).addFcSubComponent(e);
    expect(cc(c).getFcSubComponents()).toContain(e);
    cc(c).removeFcSubComponent(e);
    expect(cc(c).getFcSubComponents()).not.toContain(e);
  });

  // -- add errors --

  it('testAlreadySubComponent', () => {
    cc(c).addFcSubComponent(e);
    expect(() => cc(c).addFcSubComponent(e)).toThrow(IllegalContentError);
  });

  it('testWouldCreateCycle1', () => {
    expect(() => cc(c).addFcSubComponent(c)).toThrow(IllegalContentError);
  });

  it('testWouldCreateCycle2', () => {
    cc(c).addFcSubComponent(d);
    expect(() => cc(d).addFcSubComponent(c)).toThrow(IllegalContentError);
  });

  // -- remove errors --

  it('testNotASubComponent', () => {
    expect(() => cc(c).removeFcSubComponent(d)).toThrow(IllegalContentError);
  });

  it('testWouldCreateNonLocalExportBinding', () => {
    cc(c).addFcSubComponent(e);
    Fractal.getBindingController(c).bindFc('server', e.getFcInterface('server'));
    expect(() => cc(c).removeFcSubComponent(e)).toThrow(IllegalContentError);
  });

  it('testWouldCreateNonLocalImportBinding', () => {
    cc(c).addFcSubComponent(e);
    Fractal.getBindingController(e).bindFc('client', cc(c).getFcInternalInterface('client'));
    expect(() => cc(c).removeFcSubComponent(e)).toThrow(IllegalContentError);
  });

  it('testWouldCreateNonLocalNormalBinding', () => {
    cc(c).addFcSubComponent(d);
    cc(c).addFcSubComponent(e);
    Fractal.getBindingController(d).bindFc('client', e.getFcInterface('server'));
    expect(() => cc(c).removeFcSubComponent(e)).toThrow(IllegalContentError);
  });
});
