// write-back-indexed: lookups in a large directory are answered by the index (no scan, no block reads),
// stay right through creates, unlinks, renames and failed (aborted) operations, and survive swaps.
import { describe, expect, it } from 'vitest';
import { Driver } from './driver.js';
import { MemDisk } from './memdisk.js';
import { mkfs } from './mkfs.js';
import { fsck } from './fsck.js';
import { WriteBack } from './write-back.js';
import { WriteBackIndexed } from './write-back-indexed.js';
import { O_CREAT, O_EXCL } from './signature.js';
import { ENOENT, EEXIST } from '../errno.js';
import { ROOT_INO } from './format.js';

const O_WRONLY = 1;

function big(make: (d: MemDisk) => WriteBack) {
  const image = new Uint8Array(2 << 20);
  const files = Array.from({ length: 400 }, (_, i) => ({ path: `/bin/p${i}`, data: new Uint8Array([i & 0xff]) }));
  mkfs(image, { files: [...files, { path: '/data', data: new Uint8Array(64 * 1024).fill(1) }] });
  const disk = new MemDisk(image, { latency: 100 });
  const fs = make(disk);
  const d = new Driver(fs, disk);
  d.run((f) => f.mount());
  return { image, disk, fs, d };
}

describe('write-back-indexed', () => {
  it('answers lookups in a 400-entry directory from the index, with fewer disk reads than a scan', () => {
    // Other traffic (reading /data) evicts the directory's blocks between lookups: a scan reads them
    // again, the index does not need them.
    const plain = big((disk) => new WriteBack(disk, 32, 0));
    const indexed = big((disk) => new WriteBackIndexed(disk, 32, 0));
    const lookups = (d: Driver) => {
      const data = d.run((f) => f.lookup(ROOT_INO, '/data'));
      const buf = new Uint8Array(8 * 1024);
      let off = 0;
      for (let round = 0; round < 3; round++) {
        for (let i = 399; i >= 0; i -= 7) {
          expect(d.run((f) => f.lookup(ROOT_INO, `/bin/p${i}`))).toBeGreaterThan(1);
          off = (off + buf.length) % (64 * 1024);
          expect(d.run((f) => f.read(data, off, buf))).toBeGreaterThan(0);
        }
      }
    };
    lookups(plain.d);
    lookups(indexed.d);
    const ix = (indexed.fs as WriteBackIndexed).indexStats();
    expect(ix.builds).toBeGreaterThanOrEqual(2); // root and /bin (a build may be retried after a miss)
    expect(ix.hits).toBeGreaterThan(150);
    expect(indexed.fs.stats().diskReads * 2).toBeLessThan(plain.fs.stats().diskReads);
  });

  it('stays exact through changes, failures and swaps', () => {
    const { d, disk, image } = big((disk) => new WriteBackIndexed(disk, 32, 0));
    const bin = d.run((f) => f.lookup(ROOT_INO, '/bin'));
    expect(d.run((f) => f.unlink(bin, 'p10'))).toBe(0);
    expect(d.run((f) => f.lookup(bin, 'p10'))).toBe(-ENOENT);
    const n = d.run((f) => f.open(bin, 'new', O_CREAT | O_WRONLY, 0o644));
    d.run((f) => f.release(n));
    expect(d.run((f) => f.lookup(bin, 'new'))).toBe(n);
    expect(d.run((f) => f.open(bin, 'new', O_CREAT | O_EXCL, 0))).toBe(-EEXIST);
    expect(d.run((f) => f.rename(bin, 'p11', bin, 'p12'))).toBe(0);
    expect(d.run((f) => f.lookup(bin, 'p11'))).toBe(-ENOENT);
    // a failing rename (after the source entry was found) leaves the index untouched
    expect(d.run((f) => f.rename(bin, 'p13', bin, 'nodir/x'))).toBe(-ENOENT);
    expect(d.run((f) => f.lookup(bin, 'p13'))).toBeGreaterThan(1);
    // swap to plain write-back and back: the index is rebuilt from the disk contents
    const wb = new WriteBack(disk, 32, 0);
    wb.importState(d.fs.exportState());
    const back = new WriteBackIndexed(disk, 32, 0);
    back.importState(wb.exportState());
    d.fs = back;
    expect(d.run((f) => f.lookup(bin, 'p12'))).toBeGreaterThan(1);
    expect(d.run((f) => f.lookup(bin, 'p10'))).toBe(-ENOENT);
    expect(d.run((f) => f.unmount())).toBe(0);
    d.drain();
    expect(fsck(image).errors).toEqual([]);
  });
});
