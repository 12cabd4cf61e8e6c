// Property tests: every implementation against a reference model (a plain frame → owner map),
// swaps between every pair of implementations in the middle of random operation sequences,
// and the pure state helpers (encode/decode, validator ⇔ zod schema).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AllocatorStateSchema, FREE, RESERVED, decodeOwners, encodeOwners, validateAllocatorState, type FrameAllocator,
} from './index.js';
import { IMPLEMENTATIONS, IMPLEMENTATION_NAMES } from './testing.js';

type Op =
  | { k: 'alloc'; owner: number }
  | { k: 'run'; count: number; owner: number }
  | { k: 'free'; pick: number }
  | { k: 'freeAll'; owner: number }
  | { k: 'swap'; to: string };

const ownerArb = fc.integer({ min: 0, max: 4 });
const opArb = (withSwaps: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    { arbitrary: fc.record({ k: fc.constant('alloc' as const), owner: ownerArb }), weight: 6 },
    { arbitrary: fc.record({ k: fc.constant('run' as const), count: fc.integer({ min: 1, max: 12 }), owner: ownerArb }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant('free' as const), pick: fc.nat() }), weight: 4 },
    { arbitrary: fc.record({ k: fc.constant('freeAll' as const), owner: ownerArb }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('swap' as const), to: fc.constantFrom(...IMPLEMENTATION_NAMES) }), weight: withSwaps ? 1 : 0 },
  );

/** Memory sizes that exercise partial bitmap words and non-power-of-two buddy totals. */
const configArb = fc.record({
  frames: fc.constantFrom(1, 7, 32, 33, 64, 100),
  reserved: fc.constantFrom('', '0', '0-2', '5,9-10'),
});

function validReserved(spec: string, frames: number): string {
  return spec.split(',').filter((p) => p !== '' && Number(p.split('-').at(-1)) < frames).join(',');
}

/** Where the policy must find a run: first fit for bitmap and free-list, an aligned block for buddy. */
function expectedRun(model: Int32Array, count: number, policy: string): number {
  if (policy === 'buddy') {
    const size = 2 ** Math.ceil(Math.log2(count));
    for (let s = 0; s + size <= model.length; s += size) if (model.subarray(s, s + size).every((o) => o === FREE)) return s;
    return -1;
  }
  for (let s = 0; s + count <= model.length; s++) if (model.subarray(s, s + count).every((o) => o === FREE)) return s;
  return -1;
}

function step(a: FrameAllocator, policy: { name: string }, model: Int32Array, op: Op): FrameAllocator {
  switch (op.k) {
    case 'alloc': {
      const f = a.alloc(op.owner);
      if (!model.includes(FREE)) expect(f).toBe(-1);
      else {
        expect(model[f]).toBe(FREE);
        model[f] = op.owner;
      }
      break;
    }
    case 'run': {
      const want = expectedRun(model, op.count, policy.name);
      const got = a.allocContiguous(op.count, op.owner);
      if (want === -1) expect(got).toBe(-1);
      else {
        expect(got).not.toBe(-1);
        // Bitmap and free-list are first fit; buddy may pick any aligned free block.
        if (policy.name !== 'buddy') expect(got).toBe(want);
        const size = policy.name === 'buddy' ? 2 ** Math.ceil(Math.log2(op.count)) : 1;
        expect(got % size).toBe(0);
        for (let f = got; f < got + op.count; f++) {
          expect(model[f]).toBe(FREE);
          model[f] = op.owner;
        }
      }
      break;
    }
    case 'free': {
      const f = op.pick % model.length;
      if (model[f]! >= 0) {
        a.free(f);
        model[f] = FREE;
      } else expect(() => a.free(f)).toThrow(model[f] === FREE ? /already free/ : /reserved/);
      break;
    }
    case 'freeAll': {
      const n = model.filter((o) => o === op.owner).length;
      expect(a.freeAll(op.owner)).toBe(n);
      for (let f = 0; f < model.length; f++) if (model[f] === op.owner) model[f] = FREE;
      break;
    }
    case 'swap': {
      const state = a.exportState();
      const next = IMPLEMENTATIONS[op.to]!(1); // configured for 1 frame: the state's count wins
      next.importState(structuredClone(state));
      expect(next.exportState()).toEqual({ ...state, policy: op.to });
      policy.name = op.to;
      return next;
    }
  }
  return a;
}

function check(a: FrameAllocator, model: Int32Array): void {
  for (let f = 0; f < model.length; f++) expect(a.ownerOf(f), `frame ${f}`).toBe(model[f]);
  const free = model.filter((o) => o === FREE).length;
  const reserved = model.filter((o) => o === RESERVED).length;
  const s = a.stats();
  expect(s.free).toBe(free);
  expect(s.used).toBe(model.length - free - reserved);
  let run = 0;
  let largest = 0;
  for (const o of model) largest = Math.max(largest, (run = o === FREE ? run + 1 : 0));
  expect(s.largestFreeRun).toBe(largest);
}

/** Allocates until -1: every frame the model calls free must come out, once, and nothing else. */
function drain(a: FrameAllocator, model: Int32Array): void {
  const free = model.filter((o) => o === FREE).length;
  for (let i = 0; i < free; i++) {
    const f = a.alloc(99);
    expect(f, `frame ${i + 1} of ${free} free`).toBeGreaterThanOrEqual(0);
    expect(model[f]).toBe(FREE);
    model[f] = 99;
  }
  expect(a.alloc(99)).toBe(-1);
}

function fresh(policy: string, frames: number, reserved: string): { a: FrameAllocator; model: Int32Array } {
  const spec = validReserved(reserved, frames);
  const a = IMPLEMENTATIONS[policy]!(frames, spec);
  const model = new Int32Array(frames).fill(FREE);
  for (const part of spec.split(',').filter((p) => p !== '')) {
    const [lo, hi] = part.split('-').map(Number);
    model.fill(RESERVED, lo!, (hi ?? lo!) + 1);
  }
  return { a, model };
}

describe.each(IMPLEMENTATION_NAMES)('%s against the reference model', (impl) => {
  it('random alloc/allocContiguous/free/freeAll sequences', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb(false), { maxLength: 150 }), ({ frames, reserved }, ops) => {
        let { a, model } = fresh(impl, frames, reserved);
        const policy = { name: impl };
        for (const op of ops) {
          a = step(a, policy, model, op);
          check(a, model);
        }
        drain(a, model);
      }),
      { numRuns: 100 },
    );
  });
});

describe('swaps', () => {
  it.each(IMPLEMENTATION_NAMES.flatMap((a) => IMPLEMENTATION_NAMES.map((b) => [a, b] as const)))(
    '%s → %s keeps the exact frame → owner map, and the successor keeps working',
    (from, to) => {
      fc.assert(
        fc.property(configArb, fc.array(opArb(false), { maxLength: 80 }), fc.array(opArb(false), { maxLength: 80 }), ({ frames, reserved }, pre, post) => {
          let { a, model } = fresh(from, frames, reserved);
          const policy = { name: from };
          for (const op of pre) a = step(a, policy, model, op);
          a = step(a, policy, model, { k: 'swap', to });
          check(a, model);
          for (const op of post) {
            a = step(a, policy, model, op);
            check(a, model);
          }
          drain(a, model);
        }),
        { numRuns: 25 },
      );
    },
  );

  it('random sequences with random swaps', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IMPLEMENTATION_NAMES), configArb, fc.array(opArb(true), { maxLength: 200 }), (first, { frames, reserved }, ops) => {
        let { a, model } = fresh(first, frames, reserved);
        const policy = { name: first };
        for (const op of ops) {
          a = step(a, policy, model, op);
          check(a, model);
        }
        drain(a, model);
      }),
      { numRuns: 80 },
    );
  });
});

describe('canonical state helpers', () => {
  const ownersArb = fc
    .array(fc.oneof({ arbitrary: fc.constant(FREE), weight: 3 }, { arbitrary: fc.constant(RESERVED), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 3 }), { minLength: 1, maxLength: 200 })
    .map((a) => Int32Array.from(a));

  it('decode(encode(owners)) is the identity, and encoding is valid, maximal and pure', () => {
    fc.assert(
      fc.property(ownersArb, (owners) => {
        const copy = owners.slice();
        const runs = encodeOwners(owners);
        expect(owners).toEqual(copy);
        const state = { version: 1 as const, policy: 'x', frames: owners.length, ...runs };
        expect(() => validateAllocatorState(state)).not.toThrow();
        expect(AllocatorStateSchema.safeParse(state).success).toBe(true);
        expect(decodeOwners(state)).toEqual(owners);
        for (let i = 1; i < runs.allocated.length; i++) {
          const [ps, pc, po] = runs.allocated[i - 1]!;
          const [s, , o] = runs.allocated[i]!;
          expect(ps + pc === s && po === o).toBe(false); // adjacent same-owner runs are merged
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the fast validator and the zod schema accept and refuse the same states', () => {
    const runArb = fc.tuple(fc.integer({ min: -1, max: 40 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: -1, max: 3 }));
    const stateArb = fc.record({
      version: fc.constantFrom(1, 1, 1, 2),
      policy: fc.constant('x'),
      frames: fc.constantFrom(0, 16, 32, 40),
      reserved: fc.array(fc.tuple(fc.integer({ min: -1, max: 40 }), fc.integer({ min: 0, max: 6 })), { maxLength: 3 }).map((r) => r.sort((a, b) => a[0] - b[0])),
      allocated: fc.array(runArb, { maxLength: 6 }).map((r) => r.sort((a, b) => a[0] - b[0])),
    });
    let accepted = 0;
    fc.assert(
      fc.property(stateArb, (st) => {
        const zodOk = AllocatorStateSchema.safeParse(st).success;
        let fastOk = true;
        try {
          validateAllocatorState(st);
        } catch {
          fastOk = false;
        }
        expect(fastOk).toBe(zodOk);
        if (fastOk) accepted++;
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it('a large swap keeps 16,384 frames and 1,000 owners exactly', () => {
    for (const from of IMPLEMENTATION_NAMES) {
      const a = IMPLEMENTATIONS[from]!(16_384, '0-63');
      for (let i = 0; i < 14_000; i++) a.alloc(i % 1000);
      for (let f = 64; f < 16_384; f += 3) if (a.ownerOf(f) >= 0) a.free(f);
      const state = a.exportState();
      for (const to of IMPLEMENTATION_NAMES) {
        const b = IMPLEMENTATIONS[to]!(4096);
        b.importState(structuredClone(state));
        for (let f = 0; f < 16_384; f++) if (b.ownerOf(f) !== a.ownerOf(f)) expect.fail(`${from} → ${to}: frame ${f}`);
        expect(b.stats()).toEqual(a.stats());
        // keeps working: allocates exactly the remaining free frames
        const free = b.stats().free;
        let n = 0;
        while (b.alloc(5000) !== -1) n++;
        expect(n).toBe(free);
      }
    }
  });
});
