import { describe, expect, it } from 'vitest';
import { MemDisk, Driver, WriteBack, WriteThrough, mkfs, fsck, O_CREAT } from './index.js';

describe('smoke', () => {
  it('works', () => {
    const img = new Uint8Array(1 << 20);
    mkfs(img, { files: [{ path: '/bin/a', data: new TextEncoder().encode('hello') }] });
    expect(fsck(img).errors).toEqual([]);
    const disk = new MemDisk(img, { latency: 100 });
    const fs = new WriteThrough(disk, 32);
    const d = new Driver(fs, disk);
    expect(d.run((f) => f.mount())).toBe(0);
    const ino = d.run((f) => f.lookup(1, '/bin/a'));
    const buf = new Uint8Array(10);
    expect(d.run((f) => f.read(ino, 0, buf))).toBe(5);
    const x = d.run((f) => f.open(1, 'x', O_CREAT | 2, 0o644));
    expect(d.run((f) => f.write(x, 5000, new Uint8Array(100000).fill(7)))).toBeGreaterThan(0);
    d.run((f) => f.release(x));
    expect(d.run((f) => f.unmount())).toBe(0);
    d.drain();
    expect(fsck(img).errors).toEqual([]);
  });
});
