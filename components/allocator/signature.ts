// The allocator family's signature: `components.allocator.FrameAllocator`.
//
// A frame allocator hands out the 4 KiB frames 0..N-1 of physical memory and remembers who
// owns each (an owner is a non-negative integer: a pid, or 0 for the kernel). Some frames may
// be reserved at boot (attribute `reserved`): they are never handed out nor freed.
// Out of memory is an answer, not an error: alloc/allocContiguous return -1, never throw for
// it. Misuse (double free, frame out of range, negative owner) throws AllocatorError.
// alloc/free/ownerOf allocate nothing; stats/snapshot/export are for tools and swaps.
//
// The same object serves the machine as its FrameSource: allocFrame/freeFrame are alloc/free.
import { signatures } from '../../bindings/index.js';
import type { AllocatorState } from './state.js';

/** ownerOf() of a free frame. */
export const FREE = -1;
/** ownerOf() of a reserved frame. */
export const RESERVED = -2;
/** Largest frame count an allocator accepts: 2^20 frames = 4 GiB, the wasm32 memory limit. */
export const MAX_FRAMES = 1 << 20;
/** Largest owner id (owners live in an Int32Array). */
export const OWNER_MAX = 0x7fffffff;

export interface AllocatorStats {
  total: number;
  free: number;
  /** Allocated frames (reserved ones not included). */
  used: number;
  reserved: number;
  /** Longest run of consecutive free frames. */
  largestFreeRun: number;
}

export interface AllocatorSnapshot extends AllocatorStats {
  policy: string;
  /** Frames held per owner, ascending owner. */
  owners: Array<{ owner: number; frames: number }>;
  /** Policy-specific figures (buddy: free blocks per order; bitmap: next-fit hint; ...). */
  detail: Record<string, number | number[]>;
}

/** What the machine needs from whoever provides its frames (machine/frame-source.ts). */
export interface FrameSource {
  allocFrame(owner: number): number;
  freeFrame(frame: number): void;
}

export interface FrameAllocator extends FrameSource {
  /** A free frame now owned by `owner`, or -1 when none is left. */
  alloc(owner: number): number;
  /** The first of `count` consecutive free frames now owned by `owner`, or -1 when the policy finds no such run. */
  allocContiguous(count: number, owner: number): number;
  /** Returns an allocated frame; freeing a free or reserved frame throws AllocatorError. */
  free(frame: number): void;
  /** Frees every frame of `owner` (process exit); returns how many. */
  freeAll(owner: number): number;
  /** The owner of `frame`: ≥ 0, FREE (-1) or RESERVED (-2). */
  ownerOf(frame: number): number;
  stats(): AllocatorStats;
  snapshot(): AllocatorSnapshot;
  /** The canonical state (version 1): frame count, reserved runs, allocated runs with owners. */
  exportState(): AllocatorState;
  /** Replaces this allocator's state (frame count included); throws AllocatorStateError, leaving it unchanged, if invalid. */
  importState(state: unknown): void;
}

/** Short alias used by some callers. */
export type Allocator = FrameAllocator;

/** The signature as the registry needs it (TypeScript interfaces vanish at run time). */
export const SIGNATURE = {
  name: 'components.allocator.FrameAllocator',
  methods: [
    'alloc', 'allocContiguous', 'free', 'freeAll', 'ownerOf', 'stats', 'snapshot',
    'exportState', 'importState', 'allocFrame', 'freeFrame',
  ],
  extends: [] as string[],
} as const;

/**
 * The attribute signature named by the `.fractal` definitions (shape of bindings' SignatureSpec).
 * `frames`: number of 4 KiB frames (4096 = 16 MiB); `reserved`: frames never handed out, as a
 * list of frames and inclusive ranges, e.g. "0-15,100" ("" for none).
 */
export const ATTRIBUTES_SIGNATURE = {
  name: 'components.allocator.AllocatorAttributes',
  methods: [] as string[],
  extends: [] as string[],
  attributes: {
    frames: { type: 'integer', default: 4096 },
    reserved: { type: 'string', default: '' },
  },
} as const;

/** The server interface name every allocator component provides. */
export const INTERFACE_NAME = 'allocator';

// Registered on import, so that binding checks and instantiation know the methods and attributes.
signatures.define(SIGNATURE.name, SIGNATURE);
signatures.define(ATTRIBUTES_SIGNATURE.name, ATTRIBUTES_SIGNATURE);
