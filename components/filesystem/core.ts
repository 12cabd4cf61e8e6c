// Inodes, block maps, allocation, directories and paths (xv6's fs.c), over the buffer cache, shared by
// every policy. A policy subclass says when dirty buffers go to disk (afterCommit, onWriteDone, onTick).
//
// Every public operation runs inside `run`: cache.begin(); body; commit | abort. The body reads blocks
// with bread (which throws MISS after starting the read) and changes them only after cache.modify,
// which keeps an undo copy; a MISS or an FsErrno aborts and restores every changed block, so a
// BLOCKED or failed operation has no effect and its restart starts from the same state. In-memory
// state outside the cache (references) is changed only as the last step of a body, after the last
// block access. Bodies needing many data blocks first `want` them all, so their reads go out together.
//
// Invariants beyond the format's (see format.ts): `refs` holds the open references per inode; an inode
// with nlink 0 is allocated only while it has references (an orphan) and is freed at its last release;
// a directory with nlink 0 is dead: nothing can be created in it and lookups in it fail with ENOENT.
import type { BlockDisk } from './disk.js';
import { BufferCache, MISS, NONE, READ_PENDING, type Buf } from './cache.js';
import { FsConfigError, FsErrno, FsStateError } from './errors.js';
import { DirIndex, type IndexEntry } from './dir-index.js';
import {
  DIRENT_SIZE, I_BLOCKS, I_CTIME, I_DINDIRECT, I_DIRECT, I_INDIRECT, I_MODE, I_MTIME, I_NLINK, I_SIZE, I_TYPE,
  I_ATIME, I_BTIME, NAME_MAX, NDIRECT, ROOT_INO, S_IFDIR, S_IFREG, T_DIR, T_FILE, T_FREE,
  decodeSuperblock, direntIno, direntName, direntNameEquals, getU64, initInode, inodeBlock, inodeOffset, layout,
  maxFileSize, setBit, setDirent, setU64, testBit, type Superblock,
} from './format.js';
import {
  blockedOn, O_ACCMODE, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_TRUNC,
  type DirEntry, type FileSystem, type FileSystemStats, type Stat,
} from './signature.js';
import { FileSystemStateSchema, STATE_VERSION, fromBase64, toBase64, type FileSystemState } from './state.js';
import {
  EBADF, EBUSY, EEXIST, EFBIG, EINVAL, EISDIR, ENAMETOOLONG, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY,
} from '../errno.js';

export const PATH_MAX = 4096;
const MIN_CACHE_BLOCKS = 16;

const encoder = new TextEncoder();
const DOT = encoder.encode('.');
const DOTDOT = encoder.encode('..');

interface ParsedPath {
  absolute: boolean;
  parts: Uint8Array[];
  trailingSlash: boolean;
}

export abstract class FileSystemBase implements FileSystem {
  /** Short implementation name: `write-through`, `write-back`. */
  abstract readonly policy: string;

  protected cache: BufferCache | null = null;
  protected sb: Superblock | null = null;
  protected now = 0;
  protected lastFlush = 0;
  private readonly refs = new Map<number, number>();
  private allocHint = 0;
  /** Set by importState: inherited reads must be re-issued and the policy applied at the next call. */
  private pendingKick = false;
  private mountReadId = NONE;
  private mountSector: Uint8Array | null = null;
  private mountSectorReady = false;
  /** Imported while mounting: re-issue the superblock read at the next call. */
  private remount = false;
  /** Why the last mount failed (-EINVAL), for tools. */
  mountError: string | null = null;
  private blockedResults = 0;
  /** Byte offset of the entry dirLookup found last. */
  private foundSlot = 0;
  /** Hashed directory index (null: plain linear directory scans). Set by variants that want it. */
  protected dirIndex: DirIndex | null = null;

  protected constructor(
    protected readonly disk: BlockDisk,
    readonly cacheBlocks: number,
  ) {
    if (!Number.isInteger(cacheBlocks) || cacheBlocks < MIN_CACHE_BLOCKS) {
      throw new FsConfigError(`cacheBlocks ${cacheBlocks}: expected an integer >= ${MIN_CACHE_BLOCKS}`);
    }
  }

  // ---- policy hooks ----
  /** An operation committed; `modified` are the buffers it changed (now dirty). */
  protected abstract afterCommit(modified: Buf[]): void;
  /** A request for `b` completed and none is in flight (b.dirty: it changed since the last write). */
  protected abstract onIdle(b: Buf): void;
  /** Periodic call with the time. */
  protected abstract onTick(now: number): void;
  /** First call after importState: bring imported buffers in line with the policy. */
  protected abstract onImported(): void;

  // ---- mount, sync, time, completions ----
  mount(): number {
    this.kick();
    if (this.sb) return -EBUSY;
    if (this.mountSectorReady && this.mountSector) {
      this.mountSectorReady = false;
      try {
        const sb = decodeSuperblock(this.mountSector, this.disk.sectorSize(), this.disk.sectorCount());
        this.sb = sb;
        this.cache = new BufferCache(this.disk, this.cacheBlocks, sb.blockSize);
        this.allocHint = sb.dataStart;
        this.mountError = null;
        return 0;
      } catch (err) {
        this.mountError = (err as Error).message;
        return -EINVAL;
      }
    }
    if (this.mountReadId === NONE) {
      this.mountSector = new Uint8Array(this.disk.sectorSize());
      this.mountReadId = this.disk.submit({ op: 'read', sector: 0, count: 1, buffer: this.mountSector });
    }
    return blockedOn(0);
  }

  unmount(): number {
    if (!this.sb) return -EINVAL;
    if (this.refs.size > 0) return -EBUSY;
    const r = this.sync();
    if (r !== 0) return r;
    this.cache = null;
    this.sb = null;
    this.dirIndex?.reset();
    return 0;
  }

  sync(): number {
    this.kick();
    const cache = this.cache;
    if (!cache) return -EINVAL;
    let waitOn = -1;
    for (const b of cache.bufs.values()) {
      if (b.dirty && !cache.writeBack(b)) waitOn = b.block;
      if (b.writeId !== NONE) waitOn = b.block;
    }
    if (waitOn >= 0) {
      this.blockedResults++;
      return blockedOn(waitOn);
    }
    return 0;
  }

  tick(now: number): void {
    this.kick();
    if (now > this.now) this.now = now;
    if (this.cache) this.onTick(this.now);
  }

  diskComplete(id: number): number[] {
    this.kick();
    if (id === this.mountReadId && id !== NONE) {
      this.mountReadId = NONE;
      this.mountSectorReady = true;
      return [0];
    }
    const cache = this.cache;
    if (!cache) return [];
    const b = cache.complete(id);
    if (b === null) return [];
    if (b.writeId === NONE && b.readId === NONE && b.valid) this.onIdle(b);
    return [b.block];
  }

  // ---- references ----
  retain(ino: number): number {
    if (!this.sb) return -EINVAL;
    if (!Number.isInteger(ino) || ino < 1 || ino >= this.sb.inodeCount) return -EBADF;
    this.refs.set(ino, (this.refs.get(ino) ?? 0) + 1);
    return 0;
  }

  release(ino: number): number {
    return this.run(() => {
      const count = this.refs.get(ino);
      if (count === undefined) throw new FsErrno(EBADF, `inode ${ino} has no open reference`);
      if (count === 1) {
        const o = this.iget(ino);
        if (o.view.getUint16(this.ioff(ino) + I_NLINK, true) === 0) this.ifree(ino);
        this.refs.delete(ino);
      } else {
        this.refs.set(ino, count - 1);
      }
      return 0;
    });
  }

  // ---- path operations ----
  lookup(cwd: number, path: string): number {
    return this.run(() => {
      const p = this.parse(path);
      const ino = this.walk(cwd, p, p.parts.length);
      if (p.trailingSlash && this.itype(ino) !== T_DIR) throw new FsErrno(ENOTDIR);
      return ino;
    });
  }

  open(cwd: number, path: string, flags: number, mode: number): number {
    return this.run(() => {
      const p = this.parse(path);
      let ino: number;
      if (p.parts.length === 0) {
        ino = this.walk(cwd, p, 0);
      } else {
        const parent = this.walk(cwd, p, p.parts.length - 1);
        const name = p.parts[p.parts.length - 1];
        this.requireDir(parent);
        ino = this.dirLookup(parent, name);
        if (ino !== 0) {
          if (flags & O_CREAT && flags & O_EXCL) throw new FsErrno(EEXIST);
        } else {
          if (!(flags & O_CREAT)) throw new FsErrno(ENOENT);
          if (p.trailingSlash) throw new FsErrno(EISDIR);
          this.requireLive(parent);
          ino = this.ialloc(T_FILE, mode);
          this.dirAdd(parent, name, ino, T_FILE);
          this.iset16(ino, I_NLINK, 1);
        }
      }
      const type = this.itype(ino);
      const acc = flags & O_ACCMODE;
      if (type === T_DIR) {
        if (acc !== O_RDONLY || flags & O_TRUNC) throw new FsErrno(EISDIR);
      } else {
        if (flags & O_DIRECTORY || p.trailingSlash) throw new FsErrno(ENOTDIR);
        if (flags & O_TRUNC && acc !== O_RDONLY && this.iget32(ino, I_SIZE) !== 0) this.itrunc(ino, 0);
      }
      this.refs.set(ino, (this.refs.get(ino) ?? 0) + 1);
      return ino;
    });
  }

  mkdir(cwd: number, path: string, mode: number): number {
    return this.run(() => {
      const p = this.parse(path);
      if (p.parts.length === 0) throw new FsErrno(EEXIST);
      const parent = this.walk(cwd, p, p.parts.length - 1);
      const name = p.parts[p.parts.length - 1];
      this.requireDir(parent);
      if (this.dirLookup(parent, name) !== 0) throw new FsErrno(EEXIST);
      this.requireLive(parent);
      const ino = this.ialloc(T_DIR, mode);
      this.dirAdd(ino, DOT, ino, T_DIR);
      this.dirAdd(ino, DOTDOT, parent, T_DIR);
      this.iset16(ino, I_NLINK, 2);
      this.dirAdd(parent, name, ino, T_DIR);
      this.iset16(parent, I_NLINK, this.iget16(parent, I_NLINK) + 1);
      return 0;
    });
  }

  unlink(cwd: number, path: string): number {
    return this.run(() => {
      const p = this.parse(path);
      if (p.parts.length === 0) throw new FsErrno(EISDIR);
      const parent = this.walk(cwd, p, p.parts.length - 1);
      const name = p.parts[p.parts.length - 1];
      this.requireDir(parent);
      const ino = this.dirLookup(parent, name);
      if (ino === 0) throw new FsErrno(ENOENT);
      if (this.itype(ino) === T_DIR) throw new FsErrno(EISDIR);
      if (p.trailingSlash) throw new FsErrno(ENOTDIR);
      this.dirClear(parent, this.foundSlot);
      this.dropLink(ino);
      return 0;
    });
  }

  rmdir(cwd: number, path: string): number {
    return this.run(() => {
      const p = this.parse(path);
      if (p.parts.length === 0) throw new FsErrno(EBUSY);
      const last = p.parts[p.parts.length - 1];
      if (bytesEqual(last, DOT)) throw new FsErrno(EINVAL);
      if (bytesEqual(last, DOTDOT)) throw new FsErrno(ENOTEMPTY);
      const parent = this.walk(cwd, p, p.parts.length - 1);
      this.requireDir(parent);
      const ino = this.dirLookup(parent, last);
      if (ino === 0) throw new FsErrno(ENOENT);
      if (this.itype(ino) !== T_DIR) throw new FsErrno(ENOTDIR);
      if (ino === ROOT_INO) throw new FsErrno(EBUSY);
      const slot = this.foundSlot;
      if (!this.dirEmpty(ino)) throw new FsErrno(ENOTEMPTY);
      this.dirClear(parent, slot);
      this.iset16(parent, I_NLINK, this.iget16(parent, I_NLINK) - 1);
      this.killDir(ino);
      return 0;
    });
  }

  rename(oldCwd: number, oldPath: string, newCwd: number, newPath: string): number {
    return this.run(() => {
      const sp = this.parse(oldPath);
      const dp = this.parse(newPath);
      if (sp.parts.length === 0 || dp.parts.length === 0) throw new FsErrno(EBUSY);
      const sname = sp.parts[sp.parts.length - 1];
      const dname = dp.parts[dp.parts.length - 1];
      for (const n of [sname, dname]) if (bytesEqual(n, DOT) || bytesEqual(n, DOTDOT)) throw new FsErrno(EBUSY);
      const sdir = this.walk(oldCwd, sp, sp.parts.length - 1);
      this.requireDir(sdir);
      const sino = this.dirLookup(sdir, sname);
      if (sino === 0) throw new FsErrno(ENOENT);
      const sslot = this.foundSlot;
      const stype = this.itype(sino);
      if (stype !== T_DIR && (sp.trailingSlash || dp.trailingSlash)) throw new FsErrno(ENOTDIR);
      const ddir = this.walk(newCwd, dp, dp.parts.length - 1);
      this.requireDir(ddir);
      const dino = this.dirLookup(ddir, dname);
      const dslot = this.foundSlot;
      if (dino === sino) return 0;
      if (stype === T_DIR) {
        // A directory may not move below itself: walk up from the destination's parent.
        for (let d = ddir; ; d = this.dirLookup(d, DOTDOT)) {
          if (d === sino) throw new FsErrno(EINVAL);
          if (d === ROOT_INO) break;
        }
      }
      if (dino !== 0) {
        const dtype = this.itype(dino);
        if (stype === T_DIR) {
          if (dtype !== T_DIR) throw new FsErrno(ENOTDIR);
          if (!this.dirEmpty(dino)) throw new FsErrno(ENOTEMPTY);
        } else if (dtype === T_DIR) {
          throw new FsErrno(EISDIR);
        }
        this.dirSet(ddir, dslot, sino, stype, dname);
        if (dtype === T_DIR) {
          this.iset16(ddir, I_NLINK, this.iget16(ddir, I_NLINK) - 1);
          this.killDir(dino);
        } else {
          this.dropLink(dino);
        }
      } else {
        this.requireLive(ddir);
        this.dirAdd(ddir, dname, sino, stype);
      }
      this.dirClear(sdir, sslot);
      if (stype === T_DIR && sdir !== ddir) {
        this.dirSet(sino, DIRENT_SIZE, ddir, T_DIR, DOTDOT);
        this.iset16(sdir, I_NLINK, this.iget16(sdir, I_NLINK) - 1);
        this.iset16(ddir, I_NLINK, this.iget16(ddir, I_NLINK) + 1);
      }
      this.isetTime(sino, I_CTIME);
      return 0;
    });
  }

  // ---- inode operations ----
  read(ino: number, offset: number, dst: Uint8Array): number {
    return this.run(() => {
      this.iget(ino);
      if (this.itype(ino) === T_DIR) throw new FsErrno(EISDIR);
      if (!Number.isInteger(offset) || offset < 0) throw new FsErrno(EINVAL);
      const size = this.iget32(ino, I_SIZE);
      if (offset >= size || dst.length === 0) return 0;
      const bs = this.bs();
      const n = Math.min(dst.length, size - offset, this.maxTransfer() - (offset % bs));
      const first = Math.floor(offset / bs);
      const last = Math.floor((offset + n - 1) / bs);
      const cache = this.cache!;
      let missing = false;
      for (let f = first; f <= last; f++) {
        const blk = this.bmap(ino, f, false);
        if (blk !== 0 && cache.want(blk) === null) missing = true;
      }
      this.readAhead(ino, last + 1, size);
      if (missing) throw MISS;
      for (let f = first, pos = offset; f <= last; f++) {
        const blk = this.bmap(ino, f, false);
        const start = pos % bs;
        const len = Math.min(bs - start, offset + n - pos);
        const at = pos - offset;
        if (blk === 0) dst.fill(0, at, at + len);
        else dst.set(cache.bread(blk).data.subarray(start, start + len), at);
        pos += len;
      }
      return n;
    });
  }

  write(ino: number, offset: number, src: Uint8Array): number {
    return this.run(() => {
      this.iget(ino);
      if (this.itype(ino) === T_DIR) throw new FsErrno(EISDIR);
      if (!Number.isInteger(offset) || offset < 0) throw new FsErrno(EINVAL);
      if (src.length === 0) return 0;
      const bs = this.bs();
      const limit = maxFileSize(bs);
      if (offset >= limit) throw new FsErrno(EFBIG);
      const n = Math.min(src.length, limit - offset, this.maxTransfer() - (offset % bs));
      const size = this.iget32(ino, I_SIZE);
      const first = Math.floor(offset / bs);
      const last = Math.floor((offset + n - 1) / bs);
      const cache = this.cache!;
      // Blocks only partly overwritten must be read first; fetch them all before changing anything.
      let missing = false;
      for (let f = first; f <= last; f++) {
        if (this.covers(f, offset, n)) continue;
        const blk = this.bmap(ino, f, false);
        if (blk !== 0 && cache.want(blk) === null) missing = true;
      }
      if (missing) throw MISS;
      let done = 0;
      for (let f = first, pos = offset; f <= last; f++) {
        let blk: number;
        try {
          blk = this.bmap(ino, f, true);
        } catch (err) {
          if (err instanceof FsErrno && err.errno === ENOSPC && done > 0) break;
          throw err;
        }
        const start = pos % bs;
        const len = Math.min(bs - start, offset + n - pos);
        const b = this.covers(f, offset, n) ? cache.bfresh(blk, false) : cache.bread(blk);
        cache.modify(b);
        b.data.set(src.subarray(pos - offset, pos - offset + len), start);
        pos += len;
        done += len;
      }
      if (offset + done > size) this.iset32(ino, I_SIZE, offset + done);
      this.isetTime(ino, I_MTIME);
      this.isetTime(ino, I_CTIME);
      return done;
    });
  }

  truncate(ino: number, size: number): number {
    return this.run(() => {
      this.iget(ino);
      if (this.itype(ino) === T_DIR) throw new FsErrno(EISDIR);
      if (!Number.isInteger(size) || size < 0) throw new FsErrno(EINVAL);
      if (size > maxFileSize(this.bs())) throw new FsErrno(EFBIG);
      this.itrunc(ino, size);
      return 0;
    });
  }

  readdir(ino: number, cookie: number, max: number): DirEntry[] | number {
    return this.run(() => {
      this.iget(ino);
      if (this.itype(ino) !== T_DIR) throw new FsErrno(ENOTDIR);
      if (!Number.isInteger(cookie) || cookie < 0 || cookie % DIRENT_SIZE !== 0) throw new FsErrno(EINVAL);
      const out: DirEntry[] = [];
      if (this.iget16(ino, I_NLINK) === 0) return out;
      const size = this.iget32(ino, I_SIZE);
      const bs = this.bs();
      let off = cookie;
      while (off < size && out.length < max) {
        const blk = this.bmap(ino, Math.floor(off / bs), false);
        if (blk === 0) {
          off = (Math.floor(off / bs) + 1) * bs;
          continue;
        }
        const b = this.cache!.bread(blk);
        const end = Math.min(size, (Math.floor(off / bs) + 1) * bs);
        for (; off < end && out.length < max; off += DIRENT_SIZE) {
          const e = off % bs;
          const eino = direntIno(b.view, e);
          if (eino === 0) continue;
          out.push({ ino: eino, type: b.data[e + 5] === T_DIR ? 'dir' : 'file', name: direntName(b.data, e), next: off + DIRENT_SIZE });
        }
      }
      return out;
    });
  }

  stat(ino: number): Stat | number {
    return this.run(() => {
      const b = this.iget(ino);
      const o = this.ioff(ino);
      const v = b.view;
      const type = v.getUint16(o + I_TYPE, true);
      const bs = this.bs();
      return {
        ino,
        type: type === T_DIR ? 'dir' : 'file',
        mode: (type === T_DIR ? S_IFDIR : S_IFREG) | (v.getUint32(o + I_MODE, true) & 0o7777),
        nlink: v.getUint16(o + I_NLINK, true),
        size: v.getUint32(o + I_SIZE, true),
        blocks: (v.getUint32(o + I_BLOCKS, true) * bs) / 512,
        blksize: bs,
        atime: getU64(v, o + I_ATIME),
        mtime: getU64(v, o + I_MTIME),
        ctime: getU64(v, o + I_CTIME),
        btime: getU64(v, o + I_BTIME),
      } satisfies Stat;
    });
  }

  stats(): FileSystemStats {
    const c = this.cache;
    let reads = 0;
    let writes = 0;
    if (c) for (const r of c.inflight.values()) r.op === 'read' ? reads++ : writes++;
    return {
      policy: this.policy, mounted: this.sb !== null, cacheBlocks: this.cacheBlocks, cached: c?.bufs.size ?? 0,
      dirty: c?.dirtyCount() ?? 0, readsInFlight: reads, writesInFlight: writes, diskReads: c?.diskReads ?? 0,
      diskWrites: c?.diskWrites ?? 0, hits: c?.hits ?? 0, misses: c?.misses ?? 0, blockedResults: this.blockedResults,
    };
  }

  /** The mounted superblock (null when not mounted). */
  superblock(): Superblock | null {
    return this.sb ? { ...this.sb } : null;
  }

  // ---- state transfer ----
  exportState(): FileSystemState {
    const cache = this.cache;
    const state: FileSystemState = {
      family: 'filesystem', version: STATE_VERSION, policy: this.policy, mounted: this.sb !== null,
      mounting: this.mountReadId !== NONE || this.mountSectorReady,
      superblock: this.sb ? { ...this.sb } : null, now: this.now, lastFlush: this.lastFlush,
      buffers: [], inflight: [], references: [...this.refs].map(([ino, count]) => ({ ino, count })),
      allocHint: this.allocHint,
    };
    if (cache) {
      for (const b of cache.bufs.values()) {
        state.buffers.push({ block: b.block, data: b.valid ? toBase64(b.data) : null, dirty: b.dirty, dirtiedAt: b.dirtiedAt });
      }
      for (const [id, r] of cache.inflight) {
        // An inherited read is adopted by whoever imports this state: its bytes land in `target`.
        if (r.op === 'write') state.inflight.push({ id, op: 'write', block: r.buf.block, channel: r.buf.block });
        else state.inflight.push({ id, op: 'read', block: r.buf.block, channel: r.buf.block, target: r.buf.data });
      }
    }
    return state;
  }

  importState(input: FileSystemState): void {
    const parsed = FileSystemStateSchema.safeParse(input);
    if (!parsed.success) {
      throw new FsStateError(`filesystem state refused by ${this.policy}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const s = parsed.data;
    const fail = (what: string): never => {
      throw new FsStateError(`filesystem state refused by ${this.policy}: ${what}`);
    };
    if (s.mounting && s.mounted) fail('a state cannot be both mounted and mounting');
    if (!s.mounted) {
      if (s.superblock || s.buffers.length || s.inflight.length || s.references.length) {
        fail('an unmounted state must have no superblock, buffers, requests or references');
      }
    } else if (!s.superblock) {
      fail('a mounted state needs its superblock');
    }
    const sb = s.superblock;
    if (sb) {
      const expected = layout(sb.blockSize, sb.totalBlocks, sb.inodeCount, sb.createdAt);
      for (const k of Object.keys(expected) as Array<keyof Superblock>) {
        if (expected[k] !== sb[k]) fail(`superblock.${k} is ${sb[k]}, the layout implies ${expected[k]}`);
      }
      if (sb.blockSize % this.disk.sectorSize() !== 0) fail(`block size ${sb.blockSize} is not a multiple of the disk's sector size ${this.disk.sectorSize()}`);
      if ((sb.totalBlocks * sb.blockSize) / this.disk.sectorSize() > this.disk.sectorCount()) {
        fail(`${sb.totalBlocks} blocks do not fit on the bound disk of ${this.disk.sectorCount()} sectors`);
      }
    }
    const seen = new Map<number, { data: Uint8Array | null; dirty: boolean; dirtiedAt: number }>();
    for (const b of s.buffers) {
      if (!sb || b.block >= sb.totalBlocks) fail(`buffer of block ${b.block} is outside the filesystem`);
      if (seen.has(b.block)) fail(`block ${b.block} is buffered twice`);
      const data = b.data === null ? null : fromBase64(b.data);
      if (data && data.length !== sb!.blockSize) fail(`buffer of block ${b.block} has ${data.length} bytes, expected ${sb!.blockSize}`);
      if (!data && b.dirty) fail(`buffer of block ${b.block} is dirty but has no data`);
      seen.set(b.block, { data, dirty: b.dirty, dirtiedAt: b.dirtiedAt });
    }
    const writes = new Map<number, number>();
    const reads = new Map<number, { id: number; target: Uint8Array }>();
    const ids = new Set<number>();
    for (const r of s.inflight) {
      if (ids.has(r.id)) fail(`request id ${r.id} appears twice`);
      ids.add(r.id);
      const buf = seen.get(r.block);
      if (!buf) fail(`request ${r.id} concerns block ${r.block}, which has no buffer`);
      if (r.channel !== r.block) fail(`request ${r.id}: channel ${r.channel}, expected its block ${r.block}`);
      if (r.op === 'read' && buf!.data !== null) fail(`read request ${r.id} for block ${r.block}, whose data is already known`);
      if (r.op === 'read' && r.target !== undefined) {
        if (r.target.length !== sb!.blockSize) fail(`read request ${r.id} targets ${r.target.length} bytes, expected the block size ${sb!.blockSize}`);
        reads.set(r.block, { id: r.id, target: r.target });
      }
      if (r.op === 'write') {
        if (buf!.data === null) fail(`write request ${r.id} for block ${r.block}, which has no data`);
        if (writes.has(r.block)) fail(`two writes in flight for block ${r.block}`);
        writes.set(r.block, r.id);
      }
    }
    const refs = new Map<number, number>();
    for (const r of s.references) {
      if (!sb || r.ino >= sb.inodeCount) fail(`reference to inode ${r.ino}, outside the inode table`);
      if (refs.has(r.ino)) fail(`inode ${r.ino} is referenced twice`);
      refs.set(r.ino, r.count);
    }
    // Valid: replace our state (nothing above has changed it).
    this.sb = sb ? { ...sb } : null;
    this.now = s.now;
    this.lastFlush = s.lastFlush;
    this.allocHint = s.allocHint;
    this.refs.clear();
    for (const [k, v] of refs) this.refs.set(k, v);
    this.mountReadId = NONE;
    this.mountSectorReady = false;
    this.remount = s.mounting;
    this.cache = sb ? new BufferCache(this.disk, this.cacheBlocks, sb.blockSize) : null;
    if (this.cache) {
      // Keep every dirty, unread or written buffer; drop the least recently used clean ones beyond capacity.
      let droppable = Math.max(0, seen.size - this.cacheBlocks);
      for (const [block, b] of seen) {
        const w = writes.get(block) ?? NONE;
        if (droppable > 0 && b.data && !b.dirty && w === NONE) {
          droppable--;
          continue;
        }
        const read = b.data === null ? reads.get(block) : undefined;
        if (read) this.cache.adoptRead(block, read.id, read.target);
        else this.cache.adopt(block, b.data, b.dirty, b.dirtiedAt, b.data === null ? READ_PENDING : NONE, w);
      }
    }
    this.dirIndex?.reset();
    this.pendingKick = this.cache !== null || this.remount;
  }

  // ---- the operation bracket ----
  protected run<T>(body: () => T): T | number {
    this.kick();
    const cache = this.cache;
    if (!cache) return -EINVAL;
    cache.begin();
    try {
      const r = body();
      const modified = cache.commit(this.now);
      this.dirIndex?.commit();
      if (modified.length > 0) this.afterCommit(modified);
      return r;
    } catch (err) {
      cache.abort();
      this.dirIndex?.abort();
      if (err === MISS) {
        this.blockedResults++;
        return blockedOn(cache.missChannel);
      }
      if (err instanceof FsErrno) return -err.errno;
      throw err;
    }
  }

  /**
   * Content start hook of the reconfiguration engine: a successor starts the disk reads its predecessor
   * had in flight at once, not at its first call — a process parked on such a read makes no call until
   * the read completes, so waiting for one would park it forever.
   */
  startFc(): void {
    this.kick();
  }

  private kick(): void {
    if (!this.pendingKick) return;
    this.pendingKick = false;
    if (this.remount) {
      // The predecessor's superblock read lands in its buffer: read it again (channel 0 is woken then).
      this.remount = false;
      this.mountSector = new Uint8Array(this.disk.sectorSize());
      this.mountReadId = this.disk.submit({ op: 'read', sector: 0, count: 1, buffer: this.mountSector });
    }
    const cache = this.cache;
    if (!cache) return;
    for (const b of cache.bufs.values()) if (b.readId === READ_PENDING) cache.resubmitRead(b);
    this.onImported();
  }

  /**
   * Sequential read-ahead: when file block `from` is not cached, start the reads of the next window
   * (maxTransfer) so a reader looping over the file overlaps disk latency with its own restarts. Only
   * starts reads (no visible effect); stops at the first block that cannot be had without waiting.
   */
  private readAhead(ino: number, from: number, size: number): void {
    const cache = this.cache!;
    const bs = this.bs();
    const channel = cache.missChannel;
    const end = Math.min(Math.ceil(size / bs), from + this.maxTransfer() / bs);
    try {
      for (let f = from; f < end; f++) {
        const blk = this.bmap(ino, f, false);
        if (blk === 0) continue;
        const cached = cache.bufs.get(blk);
        if (f === from && cached !== undefined) break;
        if (cached === undefined) cache.want(blk);
      }
    } catch (err) {
      if (err !== MISS) throw err;
    } finally {
      cache.missChannel = channel;
    }
  }

  private bs(): number {
    return this.sb!.blockSize;
  }

  /** Most bytes one read/write moves: a quarter of the cache, so an operation always fits. */
  private maxTransfer(): number {
    return Math.max(1, Math.floor(this.cacheBlocks / 4)) * this.bs();
  }

  private covers(f: number, offset: number, n: number): boolean {
    const bs = this.bs();
    return offset <= f * bs && offset + n >= (f + 1) * bs;
  }

  // ---- paths ----
  private parse(path: string): ParsedPath {
    if (typeof path !== 'string' || path.length === 0) throw new FsErrno(ENOENT);
    if (path.length >= PATH_MAX) throw new FsErrno(ENAMETOOLONG);
    const parts: Uint8Array[] = [];
    for (const s of path.split('/')) {
      if (s.length === 0) continue;
      const bytes = encodeName(s);
      if (bytes.length > NAME_MAX) throw new FsErrno(ENAMETOOLONG);
      parts.push(bytes);
    }
    return { absolute: path.startsWith('/'), parts, trailingSlash: path.endsWith('/') };
  }

  /** Inode reached by following the first `count` parts of `p`. */
  private walk(cwd: number, p: ParsedPath, count: number): number {
    let cur = p.absolute ? ROOT_INO : cwd;
    if (!p.absolute) {
      if (!Number.isInteger(cwd) || cwd < 1 || cwd >= this.sb!.inodeCount) throw new FsErrno(EBADF);
      this.iget(cwd);
    }
    this.requireDir(cur);
    for (let i = 0; i < count; i++) {
      this.requireDir(cur);
      if (this.iget16(cur, I_NLINK) === 0) throw new FsErrno(ENOENT);
      const next = this.dirLookup(cur, p.parts[i]);
      if (next === 0) throw new FsErrno(ENOENT);
      cur = next;
    }
    return cur;
  }

  private requireDir(ino: number): void {
    if (this.itype(ino) !== T_DIR) throw new FsErrno(ENOTDIR);
  }

  private requireLive(dir: number): void {
    if (this.iget16(dir, I_NLINK) === 0) throw new FsErrno(ENOENT);
  }

  // ---- directories ----
  /** Inode named `name` in `dir`, or 0; sets foundSlot to the entry's byte offset. */
  private dirLookup(dir: number, name: Uint8Array): number {
    const index = this.dirIndex;
    if (index !== null) {
      const key = DirIndex.key(name);
      let hit = index.lookup(dir, key);
      if (hit === undefined && index.canBuild(dir)) {
        const map = this.scanDir(dir);
        index.build(dir, map);
        hit = map.get(key) ?? null;
      }
      if (hit !== undefined) {
        if (hit === null) return 0;
        this.foundSlot = hit.slot;
        return hit.ino;
      }
    }
    let found = 0;
    this.forEachDirent(dir, (ino, b, e, slot) => {
      if (!direntNameEquals(b.data, e, name)) return false;
      this.foundSlot = slot;
      found = ino;
      return true;
    });
    return found;
  }

  /** Every entry of `dir`, for the index. */
  private scanDir(dir: number): Map<string, IndexEntry> {
    const map = new Map<string, IndexEntry>();
    this.forEachDirent(dir, (ino, b, e, slot) => {
      map.set(String.fromCharCode.apply(null, b.data.subarray(e + 6, e + 6 + b.data[e + 4]) as unknown as number[]), { ino, slot });
      return false;
    });
    return map;
  }

  /** Calls `visit` for each used entry of `dir` (its inode, block buffer, offset in it, slot in the directory) until it returns true. */
  private forEachDirent(dir: number, visit: (ino: number, b: Buf, e: number, slot: number) => boolean): void {
    const size = this.iget32(dir, I_SIZE);
    const bs = this.bs();
    for (let off = 0; off < size; off += bs) {
      const blk = this.bmap(dir, off / bs, false);
      if (blk === 0) continue;
      const b = this.cache!.bread(blk);
      const end = Math.min(bs, size - off);
      for (let e = 0; e < end; e += DIRENT_SIZE) {
        const ino = direntIno(b.view, e);
        if (ino !== 0 && visit(ino, b, e, off + e)) return;
      }
    }
  }

  private dirAdd(dir: number, name: Uint8Array, ino: number, type: number): void {
    const size = this.iget32(dir, I_SIZE);
    const bs = this.bs();
    let slot = size;
    for (let off = 0; off < size && slot === size; off += bs) {
      const blk = this.bmap(dir, off / bs, false);
      if (blk === 0) continue;
      const b = this.cache!.bread(blk);
      const end = Math.min(bs, size - off);
      for (let e = 0; e < end; e += DIRENT_SIZE) {
        if (direntIno(b.view, e) === 0) {
          slot = off + e;
          break;
        }
      }
    }
    if (slot === size) {
      if (size + DIRENT_SIZE > maxFileSize(bs)) throw new FsErrno(ENOSPC);
      this.bmap(dir, Math.floor(slot / bs), true);
      this.iset32(dir, I_SIZE, size + DIRENT_SIZE);
    }
    this.dirSet(dir, slot, ino, type, name);
  }

  private dirSet(dir: number, slot: number, ino: number, type: number, name: Uint8Array): void {
    const bs = this.bs();
    const b = this.cache!.bread(this.bmap(dir, Math.floor(slot / bs), false));
    this.cache!.modify(b);
    if (this.dirIndex !== null) {
      const old = b.data[(slot % bs) + 4];
      const prev = direntIno(b.view, slot % bs);
      if (prev !== 0) this.dirIndex.clear(dir, String.fromCharCode.apply(null, b.data.subarray((slot % bs) + 6, (slot % bs) + 6 + old) as unknown as number[]));
      this.dirIndex.set(dir, DirIndex.key(name), ino, slot);
    }
    setDirent(b.data, slot % bs, ino, type, name);
    this.isetTime(dir, I_MTIME);
    this.isetTime(dir, I_CTIME);
  }

  private dirClear(dir: number, slot: number): void {
    const bs = this.bs();
    const b = this.cache!.bread(this.bmap(dir, Math.floor(slot / bs), false));
    this.cache!.modify(b);
    if (this.dirIndex !== null) {
      const e = slot % bs;
      this.dirIndex.clear(dir, String.fromCharCode.apply(null, b.data.subarray(e + 6, e + 6 + b.data[e + 4]) as unknown as number[]));
    }
    b.data.fill(0, slot % bs, (slot % bs) + DIRENT_SIZE);
    this.isetTime(dir, I_MTIME);
    this.isetTime(dir, I_CTIME);
  }

  /** True when only "." and ".." remain. */
  private dirEmpty(dir: number): boolean {
    const size = this.iget32(dir, I_SIZE);
    const bs = this.bs();
    for (let off = 0; off < size; off += bs) {
      const blk = this.bmap(dir, off / bs, false);
      if (blk === 0) continue;
      const b = this.cache!.bread(blk);
      const end = Math.min(bs, size - off);
      for (let e = off === 0 ? 2 * DIRENT_SIZE : 0; e < end; e += DIRENT_SIZE) {
        if (direntIno(b.view, e) !== 0) return false;
      }
    }
    return true;
  }

  /** A removed (empty) directory: its "." and the parent's entry are gone; free it unless referenced. */
  private killDir(ino: number): void {
    this.iset16(ino, I_NLINK, 0);
    this.isetTime(ino, I_CTIME);
    if (!this.refs.has(ino)) this.ifree(ino);
  }

  private dropLink(ino: number): void {
    const n = this.iget16(ino, I_NLINK) - 1;
    this.iset16(ino, I_NLINK, n);
    this.isetTime(ino, I_CTIME);
    if (n === 0 && !this.refs.has(ino)) this.ifree(ino);
  }

  // ---- inodes ----
  private ioff(ino: number): number {
    return inodeOffset(this.sb!, ino);
  }

  /** The inode's table block; throws EBADF for a number out of range or a free inode. */
  private iget(ino: number): Buf {
    if (!Number.isInteger(ino) || ino < 1 || ino >= this.sb!.inodeCount) throw new FsErrno(EBADF);
    const b = this.cache!.bread(inodeBlock(this.sb!, ino));
    if (b.view.getUint16(this.ioff(ino) + I_TYPE, true) === T_FREE) throw new FsErrno(EBADF, `inode ${ino} is free`);
    return b;
  }

  private ibuf(ino: number): Buf {
    return this.cache!.bread(inodeBlock(this.sb!, ino));
  }

  private itype(ino: number): number {
    return this.iget(ino).view.getUint16(this.ioff(ino) + I_TYPE, true);
  }

  private iget16(ino: number, field: number): number {
    return this.ibuf(ino).view.getUint16(this.ioff(ino) + field, true);
  }

  private iget32(ino: number, field: number): number {
    return this.ibuf(ino).view.getUint32(this.ioff(ino) + field, true);
  }

  private iset16(ino: number, field: number, v: number): void {
    const b = this.ibuf(ino);
    this.cache!.modify(b);
    b.view.setUint16(this.ioff(ino) + field, v, true);
  }

  private iset32(ino: number, field: number, v: number): void {
    const b = this.ibuf(ino);
    this.cache!.modify(b);
    b.view.setUint32(this.ioff(ino) + field, v, true);
  }

  private isetTime(ino: number, field: number): void {
    const b = this.ibuf(ino);
    const o = this.ioff(ino) + field;
    if (getU64(b.view, o) === this.now) return;
    this.cache!.modify(b);
    setU64(b.view, o, this.now);
  }

  private ialloc(type: number, mode: number): number {
    const sb = this.sb!;
    const bits = sb.blockSize * 8;
    for (let ino = ROOT_INO + 1; ino < sb.inodeCount; ino++) {
      const bm = this.cache!.bread(sb.inodeBitmapStart + Math.floor(ino / bits));
      const i = ino % bits;
      if (i % 8 === 0 && bm.data[i >> 3] === 0xff && ino + 8 <= sb.inodeCount) {
        ino += 7;
        continue;
      }
      if (!testBit(bm.data, i)) {
        this.cache!.modify(bm);
        setBit(bm.data, i, true);
        const b = this.ibuf(ino);
        this.cache!.modify(b);
        initInode(b.view, this.ioff(ino), type, mode, this.now);
        return ino;
      }
    }
    throw new FsErrno(ENOSPC, 'no free inode');
  }

  private ifree(ino: number): void {
    const sb = this.sb!;
    this.dirIndex?.drop(ino);
    this.itrunc(ino, 0);
    const b = this.ibuf(ino);
    this.cache!.modify(b);
    b.data.fill(0, this.ioff(ino), this.ioff(ino) + 128);
    const bits = sb.blockSize * 8;
    const bm = this.cache!.bread(sb.inodeBitmapStart + Math.floor(ino / bits));
    this.cache!.modify(bm);
    setBit(bm.data, ino % bits, false);
  }

  // ---- blocks ----
  private balloc(): number {
    const sb = this.sb!;
    const bits = sb.blockSize * 8;
    const span = sb.totalBlocks - sb.dataStart;
    let n = this.allocHint >= sb.dataStart && this.allocHint < sb.totalBlocks ? this.allocHint : sb.dataStart;
    for (let scanned = 0; scanned < span; ) {
      const bm = this.cache!.bread(sb.blockBitmapStart + Math.floor(n / bits));
      const base = Math.floor(n / bits) * bits;
      const end = Math.min(base + bits, sb.totalBlocks);
      while (n < end && scanned < span) {
        const i = n - base;
        if ((i & 7) === 0 && bm.data[i >> 3] === 0xff && n + 8 <= end) {
          n += 8;
          scanned += 8;
          continue;
        }
        if (!testBit(bm.data, i)) {
          this.cache!.modify(bm);
          setBit(bm.data, i, true);
          this.allocHint = n + 1;
          this.cache!.bfresh(n, true);
          return n;
        }
        n++;
        scanned++;
      }
      if (n >= sb.totalBlocks) n = sb.dataStart;
    }
    throw new FsErrno(ENOSPC, 'no free block');
  }

  private bfree(n: number): void {
    const sb = this.sb!;
    const bits = sb.blockSize * 8;
    const bm = this.cache!.bread(sb.blockBitmapStart + Math.floor(n / bits));
    this.cache!.modify(bm);
    setBit(bm.data, n % bits, false);
  }

  /** The disk block holding file block `f` of `ino` (0 for a hole unless `alloc`). */
  private bmap(ino: number, f: number, alloc: boolean): number {
    const P = this.bs() / 4;
    const o = this.ioff(ino);
    if (f < NDIRECT) return this.ptr(ino, this.ibuf(ino), o + I_DIRECT + 4 * f, alloc);
    f -= NDIRECT;
    if (f < P) {
      const ind = this.ptr(ino, this.ibuf(ino), o + I_INDIRECT, alloc);
      if (ind === 0) return 0;
      return this.ptr(ino, this.cache!.bread(ind), 4 * f, alloc);
    }
    f -= P;
    if (f < P * P) {
      const dind = this.ptr(ino, this.ibuf(ino), o + I_DINDIRECT, alloc);
      if (dind === 0) return 0;
      const l1 = this.ptr(ino, this.cache!.bread(dind), 4 * Math.floor(f / P), alloc);
      if (l1 === 0) return 0;
      return this.ptr(ino, this.cache!.bread(l1), 4 * (f % P), alloc);
    }
    throw new FsErrno(EFBIG);
  }

  /** Pointer at `holder[off]`; allocates a zeroed block for it when 0 and `alloc`. */
  private ptr(ino: number, holder: Buf, off: number, alloc: boolean): number {
    const p = holder.view.getUint32(off, true);
    if (p !== 0 || !alloc) return p;
    const n = this.balloc();
    this.cache!.modify(holder);
    holder.view.setUint32(off, n, true);
    this.iset32(ino, I_BLOCKS, this.iget32(ino, I_BLOCKS) + 1);
    return n;
  }

  /** Frees the pointer at holder[off] (and clears it) if set. */
  private freePtr(ino: number, holder: Buf, off: number): void {
    const p = holder.view.getUint32(off, true);
    if (p === 0) return;
    this.bfree(p);
    this.cache!.modify(holder);
    holder.view.setUint32(off, 0, true);
    this.iset32(ino, I_BLOCKS, this.iget32(ino, I_BLOCKS) - 1);
  }

  /** Sets the size; frees blocks past it and zeroes the tail of the new last block. */
  private itrunc(ino: number, size: number): void {
    const bs = this.bs();
    const P = bs / 4;
    const old = this.iget32(ino, I_SIZE);
    const keep = Math.ceil(size / bs);
    if (size < old) {
      const o = this.ioff(ino);
      for (let f = keep; f < NDIRECT; f++) this.freePtr(ino, this.ibuf(ino), o + I_DIRECT + 4 * f);
      const ind = this.ibuf(ino).view.getUint32(o + I_INDIRECT, true);
      const s1 = Math.max(0, keep - NDIRECT);
      if (ind !== 0 && s1 < P) {
        const b = this.cache!.bread(ind);
        for (let j = s1; j < P; j++) this.freePtr(ino, b, 4 * j);
        if (s1 === 0) this.freePtr(ino, this.ibuf(ino), o + I_INDIRECT);
      }
      const dind = this.ibuf(ino).view.getUint32(o + I_DINDIRECT, true);
      const s2 = Math.max(0, keep - NDIRECT - P);
      if (dind !== 0) {
        const d = this.cache!.bread(dind);
        for (let i = Math.floor(s2 / P); i < P; i++) {
          const l1 = d.view.getUint32(4 * i, true);
          if (l1 === 0) continue;
          const from = i === Math.floor(s2 / P) ? s2 % P : 0;
          const b = this.cache!.bread(l1);
          for (let j = from; j < P; j++) this.freePtr(ino, b, 4 * j);
          if (from === 0) this.freePtr(ino, d, 4 * i);
        }
        if (s2 === 0) this.freePtr(ino, this.ibuf(ino), o + I_DINDIRECT);
      }
      if (size % bs !== 0) {
        const blk = this.bmap(ino, Math.floor(size / bs), false);
        if (blk !== 0) {
          const b = this.cache!.bread(blk);
          this.cache!.modify(b);
          b.data.fill(0, size % bs);
        }
      }
    }
    if (size !== old) this.iset32(ino, I_SIZE, size);
    this.isetTime(ino, I_MTIME);
    this.isetTime(ino, I_CTIME);
  }
}

/** UTF-8 bytes of a path component; ASCII (the common case) without TextEncoder's cost. */
function encodeName(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return encoder.encode(s);
    out[i] = c;
  }
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
