// Helpers shared by the filesystem tests (not part of the family's API).
import { expect } from 'vitest';
import type { Driver } from './driver.js';

/** Byte-array equality without vitest's slow element-wise diff of large typed arrays. */
export function expectBytes(actual: Uint8Array, expected: Uint8Array, what = 'bytes'): void {
  let first = -1;
  if (actual.length === expected.length) first = Buffer.compare(actual, expected) === 0 ? -1 : actual.findIndex((x, i) => x !== expected[i]);
  expect(actual.length === expected.length && first === -1, `${what}: length ${actual.length} vs ${expected.length}, first difference at ${first}`).toBe(true);
}

export function pattern(n: number, seed: number): Uint8Array {
  const a = new Uint8Array(n);
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    a[i] = x >>> 24;
  }
  return a;
}

export function writeAll(d: Driver, ino: number, off: number, data: Uint8Array): void {
  for (let done = 0; done < data.length; ) {
    const n = d.run((f) => f.write(ino, off + done, data.subarray(done)));
    if (n <= 0) throw new Error(`write of inode ${ino} at ${off + done} returned ${n}`);
    done += n;
  }
}

export function readAll(d: Driver, ino: number, off: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const n = d.run((f) => f.read(ino, off + done, out.subarray(done)));
    if (n < 0) throw new Error(`read of inode ${ino} at ${off + done} returned ${n}`);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}
