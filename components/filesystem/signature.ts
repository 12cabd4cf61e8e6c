// The filesystem family's signature: `components.filesystem.FileSystem` (server interface `filesystem`).
//
// The filesystem works on inode numbers and paths; open file descriptions, offsets, O_APPEND and
// descriptor tables belong to the process manager. Every operation is synchronous and returns:
//   - a result >= 0 (or an object) on success,
//   - a negated Linux errno (-ENOENT, ...) on failure, with no side effect,
//   - a BLOCKED result (`isBlocked(r)`) when a disk block it needs is not cached yet. The operation has
//     had NO visible effect; it has started the disk reads (or write-backs to free cache slots) it needs.
//     The caller parks the process on `waitChannelOf(r)` and re-executes the WHOLE operation, with the
//     same arguments, after that channel is woken (a channel may be woken and the restart block again
//     on another one: loop until a non-blocked result).
// Channels are woken only by `diskComplete(id)`, whose return value lists them (no callback, no
// subscription to re-establish after a swap). Channel numbers are block numbers of this filesystem:
// stable across swaps; the process manager should key them by source (e.g. `fs:<n>`).
//
// Open-inode references: `open` takes one reference on the inode it returns, `retain` another,
// `release` drops one. An inode whose last link is removed while referenced stays allocated (an orphan)
// until its last release, which frees its blocks (so `release` may return BLOCKED like any operation).
// A process's cwd should be retained too, so rmdir of a cwd does not recycle the inode under it.
//
// Time: timestamps are emulated cycles given by `tick(now)`, which the kernel calls periodically
// (write-back also flushes old dirty buffers there).
import type { FileSystemState } from './state.js';

/** Distinguished result: "blocked on a channel". Below every errno (Linux errnos are >= -4095). */
export const BLOCKED = -0x10000;
export const isBlocked = (r: number): boolean => r <= BLOCKED;
/** The wait channel a BLOCKED result names. */
export const waitChannelOf = (r: number): number => BLOCKED - r;
/** Encodes "blocked on `channel`" as a result. */
export const blockedOn = (channel: number): number => BLOCKED - channel;

/** open(2) flags the filesystem interprets (Linux values); others (O_APPEND, O_CLOEXEC...) are ignored here. */
export const O_ACCMODE = 3;
export const O_RDONLY = 0;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_DIRECTORY = 0o200000;

export type FileType = 'file' | 'dir';

/** statx-shaped attributes of an inode. Times are emulated cycles. */
export interface Stat {
  ino: number;
  type: FileType;
  /** st_mode: S_IFREG/S_IFDIR | permission bits. */
  mode: number;
  nlink: number;
  size: number;
  /** 512-byte units allocated (data and indirect blocks), as statx's stx_blocks. */
  blocks: number;
  blksize: number;
  atime: number;
  mtime: number;
  ctime: number;
  btime: number;
}

/** One directory entry; `next` is the cookie to pass to continue after it (getdents64's d_off). */
export interface DirEntry {
  ino: number;
  type: FileType;
  name: string;
  next: number;
}

/** Counters for tools and benchmarks. */
export interface FileSystemStats {
  policy: string;
  mounted: boolean;
  cacheBlocks: number;
  cached: number;
  dirty: number;
  readsInFlight: number;
  writesInFlight: number;
  diskReads: number;
  diskWrites: number;
  hits: number;
  misses: number;
  blockedResults: number;
}

export interface FileSystem {
  /** Reads and checks the superblock. 0, -EINVAL (not a filesystem / wrong size), -EBUSY if mounted, or BLOCKED. */
  mount(): number;
  /** Writes every dirty buffer and waits for all writes; then drops the cache. -EBUSY while inodes are referenced. */
  unmount(): number;
  /** Writes every dirty buffer and returns 0 once the disk holds them all (BLOCKED until then). */
  sync(): number;
  /** Sets the filesystem clock (emulated cycles); write-back flushes buffers dirty for flushInterval cycles. */
  tick(now: number): void;
  /** A disk request finished: returns the wait channels to wake (possibly none). Unknown ids are ignored. */
  diskComplete(id: number): number[];

  /** Resolves `path` (absolute, or relative to directory inode `cwd`) to an inode number. */
  lookup(cwd: number, path: string): number;
  /** lookup/create per `flags` (O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, O_ACCMODE) and take a reference. */
  open(cwd: number, path: string, flags: number, mode: number): number;
  /** One more reference to an inode (dup of a description, a cwd). 0 or -EBADF. Never blocks. */
  retain(ino: number): number;
  /** Drops a reference; frees an unlinked inode at its last release. */
  release(ino: number): number;
  /** Copies up to dst.length bytes at `offset` into dst; returns the count (0 at end of file). May be short. */
  read(ino: number, offset: number, dst: Uint8Array): number;
  /** Writes src at `offset` (growing the file, zero-filling any gap); returns the count. May be short (cache bound, ENOSPC). */
  write(ino: number, offset: number, src: Uint8Array): number;
  truncate(ino: number, size: number): number;
  mkdir(cwd: number, path: string, mode: number): number;
  unlink(cwd: number, path: string): number;
  rmdir(cwd: number, path: string): number;
  rename(oldCwd: number, oldPath: string, newCwd: number, newPath: string): number;
  /** Entries from `cookie` (0 = start), at most `max`; [] at the end. */
  readdir(ino: number, cookie: number, max: number): DirEntry[] | number;
  stat(ino: number): Stat | number;

  stats(): FileSystemStats;
  exportState(): FileSystemState;
  importState(state: FileSystemState): void;
}

export const FILESYSTEM_SIGNATURE = {
  name: 'components.filesystem.FileSystem',
  methods: [
    'mount', 'unmount', 'sync', 'tick', 'diskComplete', 'lookup', 'open', 'retain', 'release', 'read', 'write',
    'truncate', 'mkdir', 'unlink', 'rmdir', 'rename', 'readdir', 'stat', 'stats', 'exportState', 'importState',
  ],
  extends: [] as string[],
} as const;
export const SIGNATURE = FILESYSTEM_SIGNATURE;

/**
 * The attribute signature named by the `.fractal` definitions (shape of bindings' SignatureSpec).
 * `cacheBlocks`: buffers in the cache (>= 16); `flushInterval`: write-back only, emulated cycles a block
 * may stay dirty before tick() writes it (0: never periodically); `indexedDirs`: write-back-indexed only,
 * directories whose hashed index is kept.
 */
export const ATTRIBUTES_SIGNATURE = {
  name: 'components.filesystem.FileSystemAttributes',
  methods: [] as string[],
  extends: [] as string[],
  attributes: {
    cacheBlocks: { type: 'integer', default: 256 },
    flushInterval: { type: 'integer', default: 10_000_000 },
    indexedDirs: { type: 'integer', default: 256 },
  },
} as const;

/** The server interface name every filesystem component provides, and its client interface to the disk. */
export const INTERFACE_NAME = 'filesystem';
export const DISK_INTERFACE_NAME = 'disk';
