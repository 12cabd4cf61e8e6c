import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { attributeToken, contents, signatures } from '../../bindings/index.js';
import {
  ALLOCATORS, ALLOCATOR_FAMILY, AllocatorAttributeError, AllocatorError, AllocatorStateError, Bitmap, Buddy, FREE, FreeList, RESERVED, SIGNATURE,
  validateAllocatorState, type AllocatorState, type FrameAllocator, type FrameSource,
} from './index.js';
import { IMPLEMENTATIONS, IMPLEMENTATION_NAMES } from './testing.js';

describe.each(IMPLEMENTATION_NAMES)('%s: the frame allocator contract', (name) => {
  const make = (n = 64, reserved?: string): FrameAllocator => IMPLEMENTATIONS[name]!(n, reserved);

  it('has every method of components.allocator.FrameAllocator', () => {
    const a = make() as unknown as Record<string, unknown>;
    for (const m of SIGNATURE.methods) expect(typeof a[m], m).toBe('function');
  });

  it('hands out every frame once, then answers -1 (never throws) when out of memory', () => {
    const a = make(100);
    const got = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const f = a.alloc(i % 3);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(100);
      expect(a.ownerOf(f)).toBe(i % 3);
      got.add(f);
    }
    expect(got.size).toBe(100);
    expect(a.alloc(1)).toBe(-1);
    expect(a.allocContiguous(1, 1)).toBe(-1);
    expect(a.stats()).toEqual({ total: 100, free: 0, used: 100, reserved: 0, largestFreeRun: 0 });
    a.free(42);
    expect(a.ownerOf(42)).toBe(FREE);
    expect(a.alloc(9)).toBe(42);
  });

  it('never hands out reserved frames and refuses to free them', () => {
    const a = make(40, '0-3, 10,20-21');
    const got: number[] = [];
    for (let f = a.alloc(1); f !== -1; f = a.alloc(1)) got.push(f);
    expect(got).toHaveLength(33);
    for (const r of [0, 1, 2, 3, 10, 20, 21]) {
      expect(got).not.toContain(r);
      expect(a.ownerOf(r)).toBe(RESERVED);
    }
    expect(() => a.free(10)).toThrow(/frame 10 is reserved/);
    expect(a.stats().reserved).toBe(7);
    expect(a.exportState().reserved).toEqual([[0, 4], [10, 1], [20, 2]]);
  });

  it('refuses double frees, frames out of range and bad owners with clear errors', () => {
    const a = make(16);
    const f = a.alloc(3);
    a.free(f);
    expect(() => a.free(f)).toThrow(new RegExp(`frame ${f} is already free`));
    expect(() => a.free(16)).toThrow(/out of range 0..15/);
    expect(() => a.free(-1)).toThrow(AllocatorError);
    expect(() => a.ownerOf(99)).toThrow(/out of range/);
    expect(() => a.alloc(-1)).toThrow(/owner -1 is not an integer/);
    expect(() => a.alloc(1.5)).toThrow(AllocatorError);
    expect(() => a.allocContiguous(0, 1)).toThrow(/count must be an integer ≥ 1/);
  });

  it('freeAll releases every frame of one owner and nothing else', () => {
    const a = make(64);
    for (let i = 0; i < 30; i++) a.alloc(i % 2 === 0 ? 7 : 8);
    const run = a.allocContiguous(4, 7);
    expect(run).toBeGreaterThanOrEqual(0);
    expect(a.freeAll(7)).toBe(19);
    expect(a.freeAll(7)).toBe(0);
    expect(a.snapshot().owners).toEqual([{ owner: 8, frames: 15 }]);
    expect(a.stats().free).toBe(64 - 15);
  });

  it('allocContiguous returns consecutive free frames owned by the caller', () => {
    const a = make(64);
    for (let i = 0; i < 5; i++) a.alloc(1);
    const start = a.allocContiguous(8, 2);
    expect(start).toBeGreaterThanOrEqual(0);
    for (let f = start; f < start + 8; f++) expect(a.ownerOf(f)).toBe(2);
    expect(a.stats().free).toBe(64 - 13);
    expect(a.allocContiguous(65, 2)).toBe(-1);
  });

  it('serves the machine as a FrameSource (allocFrame/freeFrame)', () => {
    const src: FrameSource = make(8);
    const f = src.allocFrame(5);
    expect((src as FrameAllocator).ownerOf(f)).toBe(5);
    src.freeFrame(f);
    expect((src as FrameAllocator).ownerOf(f)).toBe(FREE);
  });

  it('exports run-length encoded state and imports it back exactly', () => {
    const a = make(64, '0');
    for (let i = 0; i < 20; i++) a.alloc(i < 10 ? 1 : 2);
    a.free(5);
    a.allocContiguous(4, 3);
    const state = a.exportState();
    expect(() => validateAllocatorState(state)).not.toThrow();
    expect(state.policy).toBe(name);
    const b = make(8); // import adopts the state's frame count
    b.importState(structuredClone(state));
    expect(b.exportState()).toEqual(state);
    for (let f = 0; f < 64; f++) expect(b.ownerOf(f)).toBe(a.ownerOf(f));
    expect(b.stats()).toEqual(a.stats());
  });

  it('refuses invalid states and stays unchanged', () => {
    const a = make(32);
    a.alloc(1);
    const before = a.exportState();
    const good: AllocatorState = { version: 1, policy: 'x', frames: 32, reserved: [[0, 2]], allocated: [[4, 2, 1], [8, 1, 2]] };
    const bad: Array<[string, unknown, RegExp]> = [
      ['bad version', { ...good, version: 0 }, /version: expected 1, got 0/],
      ['overlapping runs', { ...good, allocated: [[4, 2, 1], [5, 1, 2]] }, /inside or before the previous run/],
      ['duplicate frame', { ...good, allocated: [[4, 1, 1], [4, 1, 2]] }, /sorted and disjoint/],
      ['unsorted', { ...good, allocated: [[8, 1, 2], [4, 2, 1]] }, /sorted and disjoint/],
      ['out of range', { ...good, allocated: [[31, 2, 1]] }, /count 2 must be ≥ 1 and end by frame 32/],
      ['start out of range', { ...good, allocated: [[32, 1, 1]] }, /start 32 is not a frame in 0..31/],
      ['reserved and allocated', { ...good, allocated: [[1, 3, 1]] }, /frames 1.. are both reserved and allocated/],
      ['negative owner', { ...good, allocated: [[4, 1, -1]] }, /owner -1/],
      ['no frames', { ...good, frames: 0 }, /frames: expected an integer in 1../],
      ['pairs instead of runs', { ...good, allocated: [[4, 1]] }, /expected \[start, count, owner\]/],
      ['extra field', { ...good, free: [] }, /free: unknown field/],
    ];
    for (const [what, state, message] of bad) {
      expect(() => a.importState(state), what).toThrow(AllocatorStateError);
      expect(() => a.importState(state), what).toThrow(message);
      expect(a.exportState(), what).toEqual(before);
    }
    a.importState(good);
    expect(a.ownerOf(5)).toBe(1);
  });

  it('is built by the container from string attributes, and refuses bad ones', () => {
    const cls = contents.get(ALLOCATORS[name]!)!;
    const c = new Container();
    c.bind(attributeToken('frames')).toConstantValue('128');
    c.bind(attributeToken('reserved')).toConstantValue('0-7');
    c.bind(cls).toSelf();
    const a = c.get(cls) as FrameAllocator;
    expect(a.stats()).toMatchObject({ total: 128, free: 120, reserved: 8 });
    const d = new Container();
    d.bind(cls).toSelf();
    expect((d.get(cls) as FrameAllocator).stats().total).toBe(4096);
    expect(() => IMPLEMENTATIONS[name]!('16MiB' as unknown as number)).toThrow(AllocatorAttributeError);
    expect(() => IMPLEMENTATIONS[name]!(16, '3-20')).toThrow(/attribute 'reserved': '3-20' must be a frame or an inclusive range lo-hi within 0..15/);
  });
});

describe('policies', () => {
  it('Bitmap: first frames first, and first-fit runs', () => {
    const a = new Bitmap(64);
    expect([a.alloc(1), a.alloc(1), a.alloc(1)]).toEqual([0, 1, 2]);
    a.free(1);
    expect(a.allocContiguous(3, 2)).toBe(3);
    expect(a.allocContiguous(1, 2)).toBe(1);
    expect(a.snapshot().detail).toMatchObject({ words: 2 });
  });

  it('FreeList: LIFO — the frame freed last is handed out first', () => {
    const a = new FreeList(16);
    expect([a.alloc(1), a.alloc(1), a.alloc(1), a.alloc(1)]).toEqual([0, 1, 2, 3]);
    a.free(2);
    a.free(0);
    expect(a.alloc(1)).toBe(0);
    expect(a.alloc(1)).toBe(2);
    expect(a.allocContiguous(3, 4)).toBe(4); // first fit, unlinked from the middle of the list
    expect(a.alloc(1)).toBe(7);
  });

  it('Buddy: splits, coalesces back to the initial blocks, and handles non-power-of-two totals', () => {
    const a = new Buddy(1000);
    const initial = a.snapshot().detail.freeBlocksPerOrder;
    expect(initial).toEqual([0, 0, 0, 1, 0, 1, 1, 1, 1, 1]); // 512 + 256 + 128 + 64 + 32 + 8
    const frames: number[] = [];
    for (let f = a.alloc(1); f !== -1; f = a.alloc(1)) frames.push(f);
    expect(frames).toHaveLength(1000);
    expect(new Set(frames).size).toBe(1000);
    for (let i = frames.length - 1; i >= 0; i -= 2) a.free(frames[i]!);
    for (let i = frames.length - 2; i >= 0; i -= 2) a.free(frames[i]!);
    expect(a.snapshot().detail.freeBlocksPerOrder).toEqual(initial);
    expect(a.stats().largestFreeRun).toBe(1000);
  });

  it('Buddy: allocContiguous takes an aligned block and gives back its tail', () => {
    const a = new Buddy(64);
    a.alloc(1); // splits 64 into 1 + 1 + 2 + 4 + 8 + 16 + 32
    const start = a.allocContiguous(5, 2);
    expect(start % 8).toBe(0);
    for (let f = start + 5; f < start + 8; f++) expect(a.ownerOf(f)).toBe(FREE);
    expect(a.stats().free).toBe(64 - 6);
    a.freeAll(2);
    a.freeAll(1);
    expect(a.snapshot().detail.freeBlocksPerOrder).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });

  it('short names map to registered content classes; the family descriptor names the signature', () => {
    expect(ALLOCATOR_FAMILY).toMatchObject({ family: 'allocator', interface: 'allocator', signature: 'components.allocator.FrameAllocator', stateVersion: 1 });
    expect(signatures.has(ALLOCATOR_FAMILY.signature) && signatures.has(ALLOCATOR_FAMILY.attributesSignature)).toBe(true);
    expect(Object.keys(ALLOCATORS)).toEqual(['bitmap', 'buddy', 'free-list']);
    expect(contents.get(ALLOCATORS.bitmap!)).toBe(Bitmap);
    expect(contents.get(ALLOCATORS.buddy!)).toBe(Buddy);
    expect(contents.get(ALLOCATORS['free-list']!)).toBe(FreeList);
  });
});
