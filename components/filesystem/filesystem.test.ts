// Files and directories on both policies: format, mount, data paths, errors, persistence, ENOSPC.
import { describe, expect, it } from 'vitest';
import { Driver } from './driver.js';
import { MemDisk } from './memdisk.js';
import { mkfs } from './mkfs.js';
import { fsck } from './fsck.js';
import { WriteBack } from './write-back.js';
import { WriteThrough } from './write-through.js';
import { FileSystemBase } from './core.js';
import { O_CREAT, O_DIRECTORY, O_EXCL, O_TRUNC, type DirEntry, type Stat } from './signature.js';
import {
  EBADF, EBUSY, EEXIST, EFBIG, EINVAL, EISDIR, ENAMETOOLONG, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY,
} from '../errno.js';
import { ROOT_INO, maxFileSize } from './format.js';
import { expectBytes, pattern } from './test-support.js';

const O_WRONLY = 1;
const O_RDWR = 2;
const policies = [
  ['write-through', (d: MemDisk, c: number) => new WriteThrough(d, c)],
  ['write-back', (d: MemDisk, c: number) => new WriteBack(d, c, 1000)],
] as const;

describe.each(policies)('%s', (_name, make) => {
  function setup(opts: { mib?: number; cache?: number; latency?: number; blockSize?: number } = {}) {
    const image = new Uint8Array((opts.mib ?? 2) * 1024 * 1024);
    mkfs(image, { blockSize: opts.blockSize });
    const disk = new MemDisk(image, { latency: opts.latency ?? 50, jitter: 30, seed: 7 });
    const fs = make(disk, opts.cache ?? 64);
    const d = new Driver(fs, disk);
    expect(d.run((f) => f.mount())).toBe(0);
    return { image, disk, fs, d };
  }
  function remount(image: Uint8Array, cache = 64) {
    const disk = new MemDisk(image, { latency: 10 });
    const fs = make(disk, cache);
    const d = new Driver(fs, disk);
    expect(d.run((f) => f.mount())).toBe(0);
    return { disk, fs, d };
  }
  function close(d: Driver, image: Uint8Array) {
    expect(d.run((f) => f.unmount())).toBe(0);
    d.drain();
    const r = fsck(image);
    expect(r.errors).toEqual([]);
    return r;
  }
  function writeAll(d: Driver, ino: number, off: number, data: Uint8Array) {
    for (let done = 0; done < data.length; ) {
      const n = d.run((f) => f.write(ino, off + done, data.subarray(done)));
      expect(n).toBeGreaterThan(0);
      done += n;
    }
  }
  function readAll(d: Driver, ino: number, off: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const n = d.run((f) => f.read(ino, off + done, out.subarray(done)));
      expect(n).toBeGreaterThanOrEqual(0);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  }
  const names = (d: Driver, ino: number) => {
    const all: string[] = [];
    let cookie = 0;
    for (;;) {
      const r = d.run((f) => f.readdir(ino, cookie, 3)) as DirEntry[];
      if (r.length === 0) break;
      all.push(...r.map((e) => e.name));
      cookie = r[r.length - 1].next;
    }
    return all.sort();
  };

  it('formats, mounts an empty root and passes fsck', () => {
    const { d, image } = setup();
    const st = d.run((f) => f.stat(ROOT_INO)) as Stat;
    expect(st.type).toBe('dir');
    expect(st.nlink).toBe(2);
    expect(st.mode).toBe(0o040755);
    expect(names(d, ROOT_INO)).toEqual(['.', '..']);
    close(d, image);
  });

  it('creates, writes, reads, stats and truncates files', () => {
    const { d, fs, image } = setup();
    fs.tick(1234);
    const ino = d.run((f) => f.open(ROOT_INO, '/hello.txt', O_CREAT | O_RDWR, 0o640));
    expect(ino).toBeGreaterThan(1);
    const data = new TextEncoder().encode('hello, tessera');
    expect(d.run((f) => f.write(ino, 0, data))).toBe(data.length);
    expect(new TextDecoder().decode(readAll(d, ino, 0, 100))).toBe('hello, tessera');
    expect(new TextDecoder().decode(readAll(d, ino, 7, 3))).toBe('tes');
    let st = d.run((f) => f.stat(ino)) as Stat;
    expect(st).toMatchObject({ ino, type: 'file', mode: 0o100640, nlink: 1, size: 14, blksize: 1024, mtime: 1234, btime: 1234 });
    expect(st.blocks).toBe(2);
    // a gap reads as zeros
    writeAll(d, ino, 3000, new Uint8Array([9]));
    const gap = readAll(d, ino, 14, 3000 - 14);
    expect(gap.every((x) => x === 0)).toBe(true);
    expectBytes(readAll(d, ino, 3000, 10), new Uint8Array([9]));
    expect(d.run((f) => f.truncate(ino, 5))).toBe(0);
    st = d.run((f) => f.stat(ino)) as Stat;
    expect(st.size).toBe(5);
    expect(st.blocks).toBe(2);
    // growing again after a shrink shows zeros, not the old bytes
    expect(d.run((f) => f.truncate(ino, 14))).toBe(0);
    expect(new TextDecoder().decode(readAll(d, ino, 0, 14))).toBe('hello\0\0\0\0\0\0\0\0\0');
    // O_TRUNC empties; reading at EOF gives 0
    d.run((f) => f.release(ino));
    const again = d.run((f) => f.open(ROOT_INO, 'hello.txt', O_WRONLY | O_TRUNC, 0));
    expect(again).toBe(ino);
    expect((d.run((f) => f.stat(ino)) as Stat).size).toBe(0);
    expect(d.run((f) => f.read(ino, 0, new Uint8Array(4)))).toBe(0);
    d.run((f) => f.release(ino));
    close(d, image);
  });

  it('makes, lists, renames and removes directories with correct link counts', () => {
    const { d, image } = setup();
    expect(d.run((f) => f.mkdir(ROOT_INO, '/usr', 0o755))).toBe(0);
    expect(d.run((f) => f.mkdir(ROOT_INO, 'usr/bin', 0o755))).toBe(0);
    const usr = d.run((f) => f.lookup(ROOT_INO, '/usr'));
    const bin = d.run((f) => f.lookup(usr, 'bin/'));
    expect(d.run((f) => f.lookup(bin, '..'))).toBe(usr);
    expect(d.run((f) => f.lookup(bin, '../../usr/./bin'))).toBe(bin);
    expect((d.run((f) => f.stat(usr)) as Stat).nlink).toBe(3);
    expect((d.run((f) => f.stat(ROOT_INO)) as Stat).nlink).toBe(3);
    for (let i = 0; i < 40; i++) {
      const ino = d.run((f) => f.open(bin, `prog${i}`, O_CREAT | O_WRONLY, 0o755));
      d.run((f) => f.release(ino));
    }
    expect(names(d, bin)).toEqual(['.', '..', ...Array.from({ length: 40 }, (_, i) => `prog${i}`)].sort());
    expect(d.run((f) => f.rmdir(ROOT_INO, '/usr/bin'))).toBe(-ENOTEMPTY);
    expect(d.run((f) => f.rename(ROOT_INO, '/usr/bin', ROOT_INO, '/sbin'))).toBe(0);
    const sbin = d.run((f) => f.lookup(ROOT_INO, '/sbin'));
    expect(sbin).toBe(bin);
    expect(d.run((f) => f.lookup(sbin, '..'))).toBe(ROOT_INO);
    expect((d.run((f) => f.stat(usr)) as Stat).nlink).toBe(2);
    expect(d.run((f) => f.rename(ROOT_INO, '/sbin/prog3', ROOT_INO, '/usr/p'))).toBe(0);
    expect(d.run((f) => f.rename(ROOT_INO, '/sbin/prog4', ROOT_INO, '/usr/p'))).toBe(0); // replaces
    expect(d.run((f) => f.rename(ROOT_INO, '/sbin', ROOT_INO, '/sbin/x'))).toBe(-EINVAL);
    for (let i = 0; i < 40; i++) if (i !== 3 && i !== 4) expect(d.run((f) => f.unlink(sbin, `prog${i}`))).toBe(0);
    expect(d.run((f) => f.rmdir(ROOT_INO, '/sbin'))).toBe(0);
    expect(d.run((f) => f.lookup(ROOT_INO, '/sbin'))).toBe(-ENOENT);
    const r = close(d, image);
    expect(r.dirs).toBe(2);
    expect(r.files).toBe(1);
  });

  it('stores big files through indirect and double indirect blocks, and frees them all', () => {
    const { d, image } = setup({ mib: 4 });
    const before = fsck(image);
    const ino = d.run((f) => f.open(ROOT_INO, '/big', O_CREAT | O_RDWR, 0o644));
    const size = (12 + 256 + 300) * 1024 + 77; // reaches into the double indirect range
    const data = pattern(size, 3);
    writeAll(d, ino, 0, data);
    expectBytes(readAll(d, ino, 0, size), data);
    const st = d.run((f) => f.stat(ino)) as Stat;
    expect(st.size).toBe(size);
    // data blocks + 1 indirect + 1 double indirect + 2 second-level blocks
    expect(st.blocks).toBe(((Math.ceil(size / 1024) + 4) * 1024) / 512);
    d.run((f) => f.release(ino));
    expect(d.run((f) => f.unmount())).toBe(0);
    d.drain();
    expect(fsck(image).errors).toEqual([]);
    const again = remount(image);
    const ino2 = again.d.run((f) => f.lookup(ROOT_INO, '/big'));
    expectBytes(readAll(again.d, ino2, 0, size), data);
    expect(again.d.run((f) => f.truncate(ino2, 13 * 1024 + 5))).toBe(0);
    expectBytes(readAll(again.d, ino2, 0, size), data.subarray(0, 13 * 1024 + 5));
    expect(again.d.run((f) => f.unlink(ROOT_INO, 'big'))).toBe(0);
    const r = close(again.d, image);
    expect(r.usedBlocks).toBe(before.usedBlocks);
  });

  it('keeps everything across unmount and a new instance on the same image', () => {
    const { d, image } = setup();
    d.run((f) => f.mkdir(ROOT_INO, '/etc', 0o755));
    const files = new Map<string, Uint8Array>();
    for (let i = 0; i < 20; i++) {
      const path = `/etc/f${i}`;
      const data = pattern(100 + i * 997, i);
      const ino = d.run((f) => f.open(ROOT_INO, path, O_CREAT | O_WRONLY, 0o600));
      writeAll(d, ino, 0, data);
      d.run((f) => f.release(ino));
      files.set(path, data);
    }
    close(d, image);
    const again = remount(image, 16);
    for (const [path, data] of files) {
      const ino = again.d.run((f) => f.lookup(ROOT_INO, path));
      expectBytes(readAll(again.d, ino, 0, data.length + 10), data);
    }
    close(again.d, image);
  });

  it('returns Linux errno values and changes nothing on error', () => {
    const { d, image } = setup();
    d.run((f) => f.mkdir(ROOT_INO, '/d', 0o755));
    const file = d.run((f) => f.open(ROOT_INO, '/d/file', O_CREAT | O_WRONLY, 0o644));
    d.run((f) => f.release(file));
    const cases: Array<[string, (f: FileSystemBase) => number, number]> = [
      ['lookup missing', (f) => f.lookup(ROOT_INO, '/nope'), -ENOENT],
      ['lookup through a file', (f) => f.lookup(ROOT_INO, '/d/file/x'), -ENOTDIR],
      ['lookup file with slash', (f) => f.lookup(ROOT_INO, '/d/file/'), -ENOTDIR],
      ['empty path', (f) => f.lookup(ROOT_INO, ''), -ENOENT],
      ['long name', (f) => f.open(ROOT_INO, '/' + 'x'.repeat(59), O_CREAT, 0), -ENAMETOOLONG],
      ['long path', (f) => f.lookup(ROOT_INO, '/a'.repeat(2100)), -ENAMETOOLONG],
      ['exclusive create', (f) => f.open(ROOT_INO, '/d/file', O_CREAT | O_EXCL, 0), -EEXIST],
      ['open dir for writing', (f) => f.open(ROOT_INO, '/d', O_WRONLY, 0), -EISDIR],
      ['O_DIRECTORY on file', (f) => f.open(ROOT_INO, '/d/file', O_DIRECTORY, 0), -ENOTDIR],
      ['mkdir existing', (f) => f.mkdir(ROOT_INO, '/d', 0), -EEXIST],
      ['mkdir root', (f) => f.mkdir(ROOT_INO, '/', 0), -EEXIST],
      ['mkdir under missing', (f) => f.mkdir(ROOT_INO, '/x/y', 0), -ENOENT],
      ['unlink dir', (f) => f.unlink(ROOT_INO, '/d'), -EISDIR],
      ['unlink missing', (f) => f.unlink(ROOT_INO, '/d/nope'), -ENOENT],
      ['rmdir file', (f) => f.rmdir(ROOT_INO, '/d/file'), -ENOTDIR],
      ['rmdir non-empty', (f) => f.rmdir(ROOT_INO, '/d'), -ENOTEMPTY],
      ['rmdir dot', (f) => f.rmdir(ROOT_INO, '/d/.'), -EINVAL],
      ['rmdir root', (f) => f.rmdir(ROOT_INO, '/'), -EBUSY],
      ['read dir', (f) => f.read(ROOT_INO, 0, new Uint8Array(4)), -EISDIR],
      ['write dir', (f) => f.write(ROOT_INO, 0, new Uint8Array(4)), -EISDIR],
      ['read bad inode', (f) => f.read(99999, 0, new Uint8Array(4)), -EBADF],
      ['stat free inode', (f) => f.stat(200) as number, -EBADF],
      ['readdir file', (f) => f.readdir(file, 0, 10) as number, -ENOTDIR],
      ['readdir bad cookie', (f) => f.readdir(ROOT_INO, 3, 10) as number, -EINVAL],
      ['negative offset', (f) => f.write(file, -1, new Uint8Array(1)), -EINVAL],
      ['past max size', (f) => f.write(file, maxFileSize(1024), new Uint8Array(1)), -EFBIG],
      ['relative from a file', (f) => f.lookup(file, 'x'), -ENOTDIR],
      ['release unreferenced', (f) => f.release(file), -EBADF],
      ['rename into file parent', (f) => f.rename(ROOT_INO, '/d', ROOT_INO, '/d/file/x'), -ENOTDIR],
      ['rename dir over file', (f) => f.mkdir(ROOT_INO, '/e', 0) || f.rename(ROOT_INO, '/e', ROOT_INO, '/d/file'), -ENOTDIR],
      ['rename file over dir', (f) => f.rename(ROOT_INO, '/d/file', ROOT_INO, '/e'), -EISDIR],
      ['rename missing', (f) => f.rename(ROOT_INO, '/zz', ROOT_INO, '/e'), -ENOENT],
      ['unmount busy', (f) => f.retain(file) || f.unmount(), -EBUSY],
    ];
    for (const [what, op, expected] of cases) {
      expect(d.run((f) => op(f as FileSystemBase)), what).toBe(expected);
    }
    d.run((f) => f.release(file));
    d.run((f) => f.rmdir(ROOT_INO, '/e'));
    close(d, image);
  });

  it('keeps an unlinked open file until its last release', () => {
    const { d, image } = setup();
    const ino = d.run((f) => f.open(ROOT_INO, '/tmp', O_CREAT | O_RDWR, 0o600));
    writeAll(d, ino, 0, pattern(5000, 1));
    expect(d.run((f) => f.retain(ino))).toBe(0);
    expect(d.run((f) => f.unlink(ROOT_INO, '/tmp'))).toBe(0);
    expect(d.run((f) => f.lookup(ROOT_INO, '/tmp'))).toBe(-ENOENT);
    expectBytes(readAll(d, ino, 0, 5000), pattern(5000, 1));
    expect(d.run((f) => f.sync())).toBe(0);
    d.drain();
    expect(fsck(image, { orphans: [ino] }).errors).toEqual([]);
    expect(d.run((f) => f.release(ino))).toBe(0);
    expect((d.run((f) => f.stat(ino)) as Stat).nlink).toBe(0);
    expect(d.run((f) => f.release(ino))).toBe(0);
    expect(d.run((f) => f.stat(ino))).toBe(-EBADF);
    close(d, image);
  });

  it('reports ENOSPC for data and for inodes, keeps partial writes, and recovers after deletes', () => {
    const image = new Uint8Array(128 * 1024);
    mkfs(image, { inodes: 16 });
    const disk = new MemDisk(image, { latency: 5 });
    const d = new Driver(make(disk, 32), disk);
    d.run((f) => f.mount());
    const ino = d.run((f) => f.open(ROOT_INO, '/fill', O_CREAT | O_WRONLY, 0o644));
    let total = 0;
    for (;;) {
      const n = d.run((f) => f.write(ino, total, new Uint8Array(4096).fill(1)));
      if (n < 0) {
        expect(n).toBe(-ENOSPC);
        break;
      }
      total += n;
    }
    expect(total).toBeGreaterThan(64 * 1024);
    expect((d.run((f) => f.stat(ino)) as Stat).size).toBe(total);
    expect(d.run((f) => f.mkdir(ROOT_INO, '/d', 0))).toBe(-ENOSPC); // no block for its entries
    d.run((f) => f.release(ino));
    expect(d.run((f) => f.truncate(d.run((f2) => f2.lookup(ROOT_INO, '/fill')), 0))).toBe(0);
    const made: number[] = [];
    for (let i = 0; ; i++) {
      const r = d.run((f) => f.open(ROOT_INO, `/n${i}`, O_CREAT | O_WRONLY, 0o644));
      if (r < 0) {
        expect(r).toBe(-ENOSPC);
        break;
      }
      made.push(r);
      d.run((f) => f.release(r));
    }
    expect(made.length).toBe(16 - 3); // 0 reserved, root, /fill
    close(d, image);
  });

  it('rejects a disk that holds no filesystem', () => {
    const disk = new MemDisk(new Uint8Array(64 * 1024), { latency: 3 });
    const fs = make(disk, 16);
    const d = new Driver(fs, disk);
    expect(d.run((f) => f.mount())).toBe(-EINVAL);
    expect(fs.mountError).toMatch(/not a Tessera filesystem/);
    expect(fs.read(ROOT_INO, 0, new Uint8Array(1))).toBe(-EINVAL);
  });

  it('works with 4096-byte blocks', () => {
    const { d, image } = setup({ blockSize: 4096, mib: 4 });
    const ino = d.run((f) => f.open(ROOT_INO, '/x', O_CREAT | O_RDWR, 0o644));
    const data = pattern(100_000, 9);
    writeAll(d, ino, 10, data);
    expectBytes(readAll(d, ino, 10, data.length), data);
    d.run((f) => f.release(ino));
    close(d, image);
  });
});
