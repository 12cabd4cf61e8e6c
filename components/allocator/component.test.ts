// The allocator family as Fractal components: built by the generic factory from the content
// names and attribute signature that the .fractal definitions use, called through the server
// interface.
import { describe, expect, it } from 'vitest';
import { Fractal } from '../../bindings/index.js';
import { ALLOCATORS, SIGNATURE, ATTRIBUTES_SIGNATURE, type FrameAllocator } from './index.js';

function build(content: string, attributes: Record<string, string>) {
  const boot = Fractal.createBootstrapComponent();
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const type = tf.createFcType([tf.createFcItfType('allocator', SIGNATURE.name, false, false, false)]);
  return gf.newFcInstance(type, 'primitive', content, { name: 'allocator', attributeSignature: ATTRIBUTES_SIGNATURE.name, attributes });
}

describe.each(Object.entries(ALLOCATORS))('%s as a component', (short, content) => {
  it('serves components.allocator.FrameAllocator with its ADL attributes', async () => {
    const c = build(content, { frames: '256', reserved: '0-3' });
    await Fractal.getLifeCycleController(c).startFc();
    const a = c.getFcInterface('allocator') as unknown as FrameAllocator;
    const f = a.allocFrame(1);
    expect(f).toBeGreaterThanOrEqual(4);
    expect(a.stats()).toMatchObject({ total: 256, reserved: 4, used: 1 });
    expect(a.exportState().policy).toBe(short);
    a.freeFrame(f);
    expect(() => Fractal.getAttributeController(c).setFcAttribute('frames', '512')).toThrow(/'frames' cannot change at run time/);
    await Fractal.getLifeCycleController(c).stopFc();
  });
});
