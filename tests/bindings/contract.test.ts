// The component-model contract of DESIGN.md, written as its snippet reads, against the public API only.
import { injectable, inject } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  Fractal, IllegalBindingError, IllegalContentError, IllegalLifeCycleError, InstantiationError, NoSuchInterfaceError,
  clientToken, content, signatures, threads, type Port,
} from '../../bindings/index.js';

signatures.define('demo.Service', { methods: ['run'], extends: [] });

@content('demo.ServiceImpl')
@injectable()
class ServiceImpl {
  run(x: number): number { return x * 2; }
}

@content('demo.ClientImpl')
@injectable()
class ClientImpl {
  constructor(@inject(clientToken('client')) private readonly client: Port<{ run(x: number): number }>) {}
  run(x: number): number { return this.client.run(x) + 1; }
}

describe('DESIGN.md component model contract', () => {
  it('runs the snippet: bootstrap, factories, newFcInstance by dotted name, bindFc, controllers', async () => {
    const boot = Fractal.getBootstrapComponent();
    expect(Fractal.getBootstrapComponent()).toBe(boot);
    const tf = Fractal.getTypeFactory(boot);
    const gf = Fractal.getGenericFactory(boot);
    const c = gf.newFcInstance(tf.createFcType([tf.createFcItfType('s', 'demo.Service', false, false, false)]), 'primitive', 'demo.ServiceImpl');
    const user = gf.newFcInstance(
      tf.createFcType([tf.createFcItfType('s', 'demo.Service', false, false, false), tf.createFcItfType('client', 'demo.Service', true, false, false)]),
      'primitive', 'demo.ClientImpl',
    );
    const serverItf = c.getFcInterface('s');
    Fractal.getBindingController(user).bindFc('client', serverItf);
    expect(Fractal.getBindingController(user).listFc()).toEqual(['client']);
    expect(Fractal.getBindingController(user).lookupFc('client')).toBe(serverItf);
    expect(() => Fractal.getContentController(c)).toThrow(NoSuchInterfaceError);
    const lc = Fractal.getLifeCycleController(user);
    expect(lc.getFcState()).toBe('STOPPED');
    expect(() => lc.startFc()).not.toThrow();
    Fractal.getLifeCycleController(c).startFc();
    expect(threads.run('p1', () => (user.getFcInterface('s') as unknown as ServiceImpl).run(20))).toBe(41);
    await lc.stopFc();
    Fractal.getNameController(c).setFcName('service');
    expect(Fractal.getSuperController(c).getFcSuperComponents()).toEqual([]);
    expect(ClientImpl.name).toBe('ClientImpl');
  });

  it('exports the error classes usable with instanceof, each with its name', () => {
    for (const E of [NoSuchInterfaceError, IllegalBindingError, IllegalLifeCycleError, IllegalContentError, InstantiationError]) {
      const e = new E('why');
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(E.name);
    }
  });
});
