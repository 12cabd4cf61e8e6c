// The on-disk format of Tessera's filesystem (TFS, version 1), shared by every policy, mkfs and fsck.
//
//   block 0                 superblock (first 68 bytes used, little-endian u32 fields)
//   inodeBitmapStart ..     one bit per inode (bit i of byte j = inode 8j+i; 1 = allocated)
//   blockBitmapStart ..     one bit per block of the disk (1 = in use; metadata blocks are marked)
//   inodeTableStart ..      inodeCount inodes of 128 bytes; inode 0 is never used, 1 is the root
//   dataStart .. total-1    file and directory data, indirect blocks
//
// Invariants (checked by fsck): an inode is allocated in the bitmap iff its type is not FREE; a block
// is marked in the bitmap iff it is metadata or referenced exactly once by an allocated inode (data or
// indirect block); a directory's size is a multiple of DIRENT_SIZE and starts with "." and "..";
// nlink counts the directory entries naming the inode (a directory counts "." and its children's "..").
// Block pointers of value 0 mean "no block" (a hole): block 0 is the superblock and never data.
//
// Inode layout (128 bytes): type u16 @0, nlink u16 @2, mode u32 @4 (permission bits), size u32 @8,
// blocks u32 @12 (data + indirect blocks allocated), atime/mtime/ctime/btime u64 @16/24/32/40 (emulated
// cycles, stored lo/hi u32), direct[12] u32 @48, indirect u32 @96, double indirect u32 @100.
// Directory entry (64 bytes): ino u32 @0 (0 = free slot), nameLen u8 @4, type u8 @5, name @6 (58 bytes).

export const MAGIC = 0x46525354; // "TSRF" little-endian
export const FORMAT_VERSION = 1;
export const SUPERBLOCK_BYTES = 68;

export const INODE_SIZE = 128;
export const ROOT_INO = 1;
export const NDIRECT = 12;
export const DIRENT_SIZE = 64;
export const NAME_MAX = 58;

export const T_FREE = 0;
export const T_FILE = 1;
export const T_DIR = 2;

export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;

/** The superblock, as decoded from block 0. */
export interface Superblock {
  magic: number;
  version: number;
  blockSize: number;
  totalBlocks: number;
  inodeCount: number;
  inodeBitmapStart: number;
  inodeBitmapBlocks: number;
  blockBitmapStart: number;
  blockBitmapBlocks: number;
  inodeTableStart: number;
  inodeTableBlocks: number;
  dataStart: number;
  rootIno: number;
  /** Emulated cycle at which mkfs ran. */
  createdAt: number;
}

const SB_FIELDS = [
  'magic', 'version', 'blockSize', 'totalBlocks', 'inodeCount', 'inodeBitmapStart', 'inodeBitmapBlocks',
  'blockBitmapStart', 'blockBitmapBlocks', 'inodeTableStart', 'inodeTableBlocks', 'dataStart', 'rootIno',
] as const;

export class FormatError extends Error {
  override name = 'FormatError';
}

/** Computes the layout of a new filesystem of `totalBlocks` blocks of `blockSize` bytes. */
export function layout(blockSize: number, totalBlocks: number, inodeCount?: number, createdAt = 0): Superblock {
  if (!Number.isInteger(blockSize) || blockSize < 512 || blockSize > 65536 || (blockSize & (blockSize - 1)) !== 0) {
    throw new FormatError(`block size ${blockSize}: expected a power of two between 512 and 65536`);
  }
  const inodes = inodeCount ?? Math.max(64, Math.min(65536, Math.floor(totalBlocks / 4)));
  if (!Number.isInteger(inodes) || inodes < 2) throw new FormatError(`inode count ${inodes}: expected at least 2`);
  const bitsPerBlock = blockSize * 8;
  const inodeBitmapBlocks = Math.ceil(inodes / bitsPerBlock);
  const blockBitmapBlocks = Math.ceil(totalBlocks / bitsPerBlock);
  const inodeTableBlocks = Math.ceil((inodes * INODE_SIZE) / blockSize);
  const inodeBitmapStart = 1;
  const blockBitmapStart = inodeBitmapStart + inodeBitmapBlocks;
  const inodeTableStart = blockBitmapStart + blockBitmapBlocks;
  const dataStart = inodeTableStart + inodeTableBlocks;
  if (dataStart + 8 > totalBlocks) {
    throw new FormatError(
      `a disk of ${totalBlocks} blocks of ${blockSize} bytes is too small: metadata takes ${dataStart} blocks for ${inodes} inodes, and at least 8 data blocks are needed`,
    );
  }
  return {
    magic: MAGIC, version: FORMAT_VERSION, blockSize, totalBlocks, inodeCount: inodes,
    inodeBitmapStart, inodeBitmapBlocks, blockBitmapStart, blockBitmapBlocks, inodeTableStart, inodeTableBlocks,
    dataStart, rootIno: ROOT_INO, createdAt,
  };
}

export function encodeSuperblock(sb: Superblock, dst: Uint8Array): void {
  const v = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  SB_FIELDS.forEach((f, i) => v.setUint32(i * 4, sb[f], true));
  setU64(v, SB_FIELDS.length * 4, sb.createdAt);
}

/** Decodes and validates block 0; throws FormatError saying which field is wrong. */
export function decodeSuperblock(src: Uint8Array, sectorSize = 512, sectorCount = Infinity): Superblock {
  const v = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const sb = {} as Superblock;
  SB_FIELDS.forEach((f, i) => (sb[f] = v.getUint32(i * 4, true)));
  sb.createdAt = getU64(v, SB_FIELDS.length * 4);
  if (sb.magic !== MAGIC) {
    throw new FormatError(`not a Tessera filesystem: magic 0x${sb.magic.toString(16)} at byte 0 of sector 0, expected 0x${MAGIC.toString(16)} (run tessera mkfs)`);
  }
  if (sb.version !== FORMAT_VERSION) throw new FormatError(`filesystem format version ${sb.version}, expected ${FORMAT_VERSION}`);
  let expected: Superblock;
  try {
    expected = layout(sb.blockSize, sb.totalBlocks, sb.inodeCount, sb.createdAt);
  } catch (err) {
    throw new FormatError(`corrupt superblock: ${(err as Error).message}`);
  }
  for (const f of SB_FIELDS) {
    if (sb[f] !== expected[f]) throw new FormatError(`corrupt superblock: ${f} is ${sb[f]}, the layout implies ${expected[f]}`);
  }
  if (sb.blockSize % sectorSize !== 0) throw new FormatError(`block size ${sb.blockSize} is not a multiple of the disk's sector size ${sectorSize}`);
  if ((sb.totalBlocks * sb.blockSize) / sectorSize > sectorCount) {
    throw new FormatError(`filesystem of ${sb.totalBlocks} blocks does not fit on a disk of ${sectorCount} sectors`);
  }
  return sb;
}

export function getU64(v: DataView, off: number): number {
  return v.getUint32(off, true) + v.getUint32(off + 4, true) * 0x1_0000_0000;
}

export function setU64(v: DataView, off: number, x: number): void {
  v.setUint32(off, x % 0x1_0000_0000, true);
  v.setUint32(off + 4, Math.floor(x / 0x1_0000_0000), true);
}

// ---- inode fields (v: the view of the inode table block, o: the inode's byte offset in it) ----
export const I_TYPE = 0, I_NLINK = 2, I_MODE = 4, I_SIZE = 8, I_BLOCKS = 12;
export const I_ATIME = 16, I_MTIME = 24, I_CTIME = 32, I_BTIME = 40;
export const I_DIRECT = 48, I_INDIRECT = 96, I_DINDIRECT = 100;

/** Block of the inode table holding `ino`, and the inode's offset in it. */
export function inodeBlock(sb: Superblock, ino: number): number {
  return sb.inodeTableStart + Math.floor((ino * INODE_SIZE) / sb.blockSize);
}
export function inodeOffset(sb: Superblock, ino: number): number {
  return (ino * INODE_SIZE) % sb.blockSize;
}

/** Writes a fresh inode of `type` at offset o. */
export function initInode(v: DataView, o: number, type: number, mode: number, now: number): void {
  for (let i = 0; i < INODE_SIZE; i += 4) v.setUint32(o + i, 0, true);
  v.setUint16(o + I_TYPE, type, true);
  v.setUint32(o + I_MODE, mode & 0o7777, true);
  for (const t of [I_ATIME, I_MTIME, I_CTIME, I_BTIME]) setU64(v, o + t, now);
}

/** Pointer slots per indirect block. */
export function ptrsPerBlock(blockSize: number): number {
  return blockSize / 4;
}

/** Largest file size the format can address with this block size (bounded by the u32 size field). */
export function maxFileSize(blockSize: number): number {
  const p = ptrsPerBlock(blockSize);
  return Math.min((NDIRECT + p + p * p) * blockSize, 0xffff_ffff);
}

// ---- directory entries ----
export function direntIno(v: DataView, o: number): number {
  return v.getUint32(o, true);
}

export function setDirent(data: Uint8Array, o: number, ino: number, type: number, name: Uint8Array): void {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  v.setUint32(o, ino, true);
  data[o + 4] = name.length;
  data[o + 5] = type;
  data.fill(0, o + 6, o + DIRENT_SIZE);
  data.set(name, o + 6);
}

export function direntNameEquals(data: Uint8Array, o: number, name: Uint8Array): boolean {
  if (data[o + 4] !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (data[o + 6 + i] !== name[i]) return false;
  return true;
}

const decoder = new TextDecoder();
export function direntName(data: Uint8Array, o: number): string {
  return decoder.decode(data.subarray(o + 6, o + 6 + Math.min(data[o + 4], NAME_MAX)));
}

/** Bit helpers for bitmaps (bit n of a bitmap block). */
export function testBit(data: Uint8Array, n: number): boolean {
  return (data[n >> 3] & (1 << (n & 7))) !== 0;
}
export function setBit(data: Uint8Array, n: number, on: boolean): void {
  if (on) data[n >> 3] |= 1 << (n & 7);
  else data[n >> 3] &= ~(1 << (n & 7));
}
