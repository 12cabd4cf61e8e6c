// Test support shared by the allocator family's tests and benchmarks: every implementation by short name.
import { Bitmap } from './Bitmap.js';
import { Buddy } from './Buddy.js';
import { FreeList } from './FreeList.js';
import type { FrameAllocator } from './signature.js';

export const IMPLEMENTATIONS: Readonly<Record<string, (frames: number, reserved?: string) => FrameAllocator>> = {
  bitmap: (n, r) => new Bitmap(n, r),
  buddy: (n, r) => new Buddy(n, r),
  'free-list': (n, r) => new FreeList(n, r),
};

export const IMPLEMENTATION_NAMES = Object.keys(IMPLEMENTATIONS);
