// fsck: checks a filesystem image against every invariant of format.ts and lists what is wrong.
// Read-only, synchronous, independent of the cache code (it decodes the image itself), so tests can
// use it as an oracle for the filesystem implementations.
import {
  DIRENT_SIZE, I_BLOCKS, I_DINDIRECT, I_DIRECT, I_INDIRECT, I_NLINK, I_SIZE, I_TYPE, INODE_SIZE, NAME_MAX, NDIRECT,
  ROOT_INO, T_DIR, T_FILE, T_FREE, decodeSuperblock, direntName, testBit, type Superblock,
} from './format.js';

export interface FsckReport {
  ok: boolean;
  errors: string[];
  files: number;
  dirs: number;
  usedBlocks: number;
  freeBlocks: number;
}

export interface FsckOptions {
  /** Inodes allowed to be unlinked but allocated (open references of a live filesystem). */
  orphans?: number[];
}

export function fsck(image: Uint8Array, opts: FsckOptions = {}): FsckReport {
  const errors: string[] = [];
  const report = (): FsckReport => ({ ok: errors.length === 0, errors, files, dirs, usedBlocks, freeBlocks });
  let files = 0;
  let dirs = 0;
  let usedBlocks = 0;
  let freeBlocks = 0;
  let sb: Superblock;
  try {
    sb = decodeSuperblock(image.subarray(0, 512), 512, image.length / 512);
  } catch (err) {
    errors.push((err as Error).message);
    return report();
  }
  const bs = sb.blockSize;
  const P = bs / 4;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const blockAt = (b: number) => image.subarray(b * bs, (b + 1) * bs);
  const u32 = (b: number, off: number) => view.getUint32(b * bs + off, true);
  const inodeAt = (ino: number) => sb.inodeTableStart * bs + ino * INODE_SIZE;
  const ibm = image.subarray(sb.inodeBitmapStart * bs, (sb.inodeBitmapStart + sb.inodeBitmapBlocks) * bs);
  const bbm = image.subarray(sb.blockBitmapStart * bs, (sb.blockBitmapStart + sb.blockBitmapBlocks) * bs);

  // Blocks of every allocated inode: owner per block, and each inode's file-block map.
  const owner = new Map<number, number>();
  const maps = new Map<number, Map<number, number>>();
  const claim = (ino: number, b: number, what: string): boolean => {
    if (b < sb.dataStart || b >= sb.totalBlocks) {
      errors.push(`inode ${ino}: ${what} points to block ${b}, outside the data area ${sb.dataStart}..${sb.totalBlocks - 1}`);
      return false;
    }
    const prev = owner.get(b);
    if (prev !== undefined) {
      errors.push(`block ${b} is used twice: by inode ${prev} and by inode ${ino} (${what})`);
      return false;
    }
    owner.set(b, ino);
    return true;
  };
  const types = new Map<number, number>();
  for (let ino = 0; ino < sb.inodeCount; ino++) {
    const o = inodeAt(ino);
    const type = view.getUint16(o + I_TYPE, true);
    const marked = testBit(ibm, ino);
    if (ino === 0) {
      if (!marked) errors.push('inode 0 (reserved) is not marked in the inode bitmap');
      continue;
    }
    if (type !== T_FREE && type !== T_FILE && type !== T_DIR) {
      errors.push(`inode ${ino}: unknown type ${type}`);
      continue;
    }
    if ((type !== T_FREE) !== marked) errors.push(`inode ${ino}: type ${type} but inode bitmap says ${marked ? 'allocated' : 'free'}`);
    if (type === T_FREE) continue;
    types.set(ino, type);
    if (type === T_DIR) dirs++;
    else files++;
    const size = view.getUint32(o + I_SIZE, true);
    const map = new Map<number, number>();
    let count = 0;
    const data = (f: number, b: number) => {
      if (b === 0) return;
      count++;
      if (!claim(ino, b, `file block ${f}`)) return;
      map.set(f, b);
      if (f * bs >= size) errors.push(`inode ${ino}: file block ${f} is allocated beyond its size ${size}`);
    };
    for (let f = 0; f < NDIRECT; f++) data(f, view.getUint32(o + I_DIRECT + 4 * f, true));
    const ind = view.getUint32(o + I_INDIRECT, true);
    if (ind !== 0) {
      count++;
      if (claim(ino, ind, 'indirect block')) for (let j = 0; j < P; j++) data(NDIRECT + j, u32(ind, 4 * j));
    }
    const dind = view.getUint32(o + I_DINDIRECT, true);
    if (dind !== 0) {
      count++;
      if (claim(ino, dind, 'double indirect block')) {
        for (let i = 0; i < P; i++) {
          const l1 = u32(dind, 4 * i);
          if (l1 === 0) continue;
          count++;
          if (claim(ino, l1, `indirect block ${i} of the double indirect`)) {
            for (let j = 0; j < P; j++) data(NDIRECT + P + i * P + j, u32(l1, 4 * j));
          }
        }
      }
    }
    if (count !== view.getUint32(o + I_BLOCKS, true)) {
      errors.push(`inode ${ino}: blocks field says ${view.getUint32(o + I_BLOCKS, true)}, it has ${count}`);
    }
    // Bytes past the size in the last block must be zero (growing a file relies on it).
    const lastB = map.get(Math.floor(size / bs));
    if (size % bs !== 0 && lastB !== undefined && blockAt(lastB).subarray(size % bs).some((x) => x !== 0)) {
      errors.push(`inode ${ino}: bytes after its size ${size} in its last block are not zero`);
    }
    maps.set(ino, map);
  }
  for (let b = 0; b < sb.totalBlocks; b++) {
    const used = b < sb.dataStart || owner.has(b);
    const marked = testBit(bbm, b);
    if (used !== marked) errors.push(`block ${b}: ${used ? 'in use' : 'unused'} but the block bitmap says ${marked ? 'used' : 'free'}`);
    if (marked) usedBlocks++;
    else freeBlocks++;
  }

  // Directory tree from the root.
  const links = new Map<number, number>();
  const subdirs = new Map<number, number>();
  const parentOf = new Map<number, number>();
  if (types.get(ROOT_INO) !== T_DIR) {
    errors.push(`root inode ${ROOT_INO} is not a directory`);
    return report();
  }
  parentOf.set(ROOT_INO, ROOT_INO);
  const queue = [ROOT_INO];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const size = view.getUint32(inodeAt(dir) + I_SIZE, true);
    if (size % DIRENT_SIZE !== 0) errors.push(`directory ${dir}: size ${size} is not a multiple of ${DIRENT_SIZE}`);
    const names = new Set<string>();
    const map = maps.get(dir)!;
    for (let off = 0; off + DIRENT_SIZE <= size; off += DIRENT_SIZE) {
      const b = map.get(Math.floor(off / bs));
      if (b === undefined) {
        if (off < 2 * DIRENT_SIZE) errors.push(`directory ${dir}: its first block is a hole`);
        off += bs - (off % bs) - DIRENT_SIZE;
        continue;
      }
      const e = off % bs;
      const blk = blockAt(b);
      const ino = view.getUint32(b * bs + e, true);
      const name = direntName(blk, e);
      if (off === 0 || off === DIRENT_SIZE) {
        const want = off === 0 ? '.' : '..';
        const target = off === 0 ? dir : parentOf.get(dir)!;
        if (name !== want || ino !== target) errors.push(`directory ${dir}: entry ${off / DIRENT_SIZE} is '${name}' -> ${ino}, expected '${want}' -> ${target}`);
        continue;
      }
      if (ino === 0) continue;
      if (blk[e + 4] === 0 || blk[e + 4] > NAME_MAX || name.includes('/') || name.includes('\0') || name === '.' || name === '..') {
        errors.push(`directory ${dir}: entry at ${off} has an invalid name ${JSON.stringify(name)}`);
      }
      if (names.has(name)) errors.push(`directory ${dir}: name '${name}' appears twice`);
      names.add(name);
      const type = types.get(ino);
      if (type === undefined) {
        errors.push(`directory ${dir}: entry '${name}' names inode ${ino}, which is free or out of range`);
        continue;
      }
      if (blk[e + 5] !== type) errors.push(`directory ${dir}: entry '${name}' has type ${blk[e + 5]}, inode ${ino} has type ${type}`);
      links.set(ino, (links.get(ino) ?? 0) + 1);
      if (type === T_DIR) {
        subdirs.set(dir, (subdirs.get(dir) ?? 0) + 1);
        if (parentOf.has(ino)) {
          errors.push(`directory ${ino} ('${name}') is linked from more than one place`);
          continue;
        }
        parentOf.set(ino, dir);
        queue.push(ino);
      }
    }
  }
  const orphans = new Set(opts.orphans ?? []);
  for (const [ino, type] of types) {
    const nlink = view.getUint16(inodeAt(ino) + I_NLINK, true);
    const reached = ino === ROOT_INO || links.has(ino);
    if (!reached) {
      if (!(orphans.has(ino) && nlink === 0)) errors.push(`inode ${ino} is allocated (nlink ${nlink}) but no directory names it`);
      continue;
    }
    const expected = type === T_DIR ? 2 + (subdirs.get(ino) ?? 0) : links.get(ino)!;
    if (nlink !== expected) errors.push(`inode ${ino}: nlink ${nlink}, expected ${expected}`);
  }
  return report();
}
