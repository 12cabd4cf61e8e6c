// The scheduler family as Fractal components: built by the generic factory from the content
// names and attribute signature that the .fractal definitions use, called through the server
// interface (interceptor and all), reconfigured through the attribute controller.
import { describe, expect, it } from 'vitest';
import { Fractal } from '../../bindings/index.js';
import { SCHEDULERS, SIGNATURE, ATTRIBUTES_SIGNATURE, type Scheduler } from './index.js';

function build(content: string, attributes: Record<string, string>) {
  const boot = Fractal.createBootstrapComponent();
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const type = tf.createFcType([tf.createFcItfType('scheduler', SIGNATURE.name, false, false, false)]);
  return gf.newFcInstance(type, 'primitive', content, { name: 'scheduler', attributeSignature: ATTRIBUTES_SIGNATURE.name, attributes });
}

describe.each(Object.entries(SCHEDULERS))('%s as a component', (short, content) => {
  it('serves components.scheduler.Scheduler with its ADL attributes, and set-value applies', async () => {
    const c = build(content, { quantum: '4000' });
    await Fractal.getLifeCycleController(c).startFc();
    const s = c.getFcInterface('scheduler') as unknown as Scheduler;
    s.admit(1, 0);
    expect(s.pick()).toBe(1);
    expect(s.slice(1)).toBe(short === 'fair' ? 60_000 : 4000); // fair alone gets the whole latency period
    expect(s.exportState().policy).toBe(short);
    Fractal.getAttributeController(c).setFcAttribute('quantum', '2500');
    expect(Fractal.getAttributeController(c).getFcAttribute('quantum')).toBe(2500);
    if (short !== 'fair') expect(s.slice(1)).toBe(2500);
    await Fractal.getLifeCycleController(c).stopFc();
  });
});

describe('attribute refusals', () => {
  it('Mlfq refuses to change its number of levels at run time', async () => {
    const c = build(SCHEDULERS.mlfq!, { levels: '3' });
    expect(() => Fractal.getAttributeController(c).setFcAttribute('levels', '5')).toThrow(/'levels' cannot change at run time/);
  });
});
