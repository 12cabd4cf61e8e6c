// mkfs: formats a disk image (a Uint8Array of whole sectors) and optionally populates it, synchronously.
// The empty filesystem is written directly with format.ts; files are then added through a real
// write-back filesystem over a zero-latency MemDisk, so mkfs exercises the same code as the kernel.
import {
  DIRENT_SIZE, I_BLOCKS, I_DIRECT, I_NLINK, I_SIZE, ROOT_INO, T_DIR, encodeSuperblock, initInode, inodeBlock,
  inodeOffset, layout, setBit, setDirent, type Superblock,
} from './format.js';
import { MemDisk } from './memdisk.js';
import { Driver } from './driver.js';
import { WriteBack } from './write-back.js';
import { O_CREAT, O_TRUNC } from './signature.js';
import { EEXIST } from '../errno.js';
import { FormatError } from './format.js';

export interface MkfsFile {
  /** Absolute guest path; missing parent directories are created. */
  path: string;
  data: Uint8Array;
  /** Permission bits (default 0o644). */
  mode?: number;
}

export interface MkfsOptions {
  blockSize?: number;
  inodes?: number;
  /** Emulated cycle recorded as the creation time. */
  now?: number;
  dirs?: string[];
  files?: MkfsFile[];
}

const O_WRONLY = 1;

export function mkfs(image: Uint8Array, opts: MkfsOptions = {}): Superblock {
  const bs = opts.blockSize ?? 1024;
  if (image.length % 512 !== 0) throw new FormatError(`image of ${image.length} bytes is not a whole number of 512-byte sectors`);
  const sb = layout(bs, Math.floor(image.length / bs), opts.inodes, opts.now ?? 0);
  image.fill(0, 0, (sb.dataStart + 1) * bs);
  encodeSuperblock(sb, image.subarray(0, bs));
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const blockBitmap = image.subarray(sb.blockBitmapStart * bs, (sb.blockBitmapStart + sb.blockBitmapBlocks) * bs);
  for (let b = 0; b <= sb.dataStart; b++) setBit(blockBitmap, b, true);
  const inodeBitmap = image.subarray(sb.inodeBitmapStart * bs, (sb.inodeBitmapStart + sb.inodeBitmapBlocks) * bs);
  setBit(inodeBitmap, 0, true);
  setBit(inodeBitmap, ROOT_INO, true);
  const ro = inodeBlock(sb, ROOT_INO) * bs + inodeOffset(sb, ROOT_INO);
  initInode(view, ro, T_DIR, 0o755, sb.createdAt);
  view.setUint16(ro + I_NLINK, 2, true);
  view.setUint32(ro + I_SIZE, 2 * DIRENT_SIZE, true);
  view.setUint32(ro + I_BLOCKS, 1, true);
  view.setUint32(ro + I_DIRECT, sb.dataStart, true);
  const rootDir = image.subarray(sb.dataStart * bs, (sb.dataStart + 1) * bs);
  setDirent(rootDir, 0, ROOT_INO, T_DIR, new TextEncoder().encode('.'));
  setDirent(rootDir, DIRENT_SIZE, ROOT_INO, T_DIR, new TextEncoder().encode('..'));
  if ((opts.files?.length ?? 0) > 0 || (opts.dirs?.length ?? 0) > 0) populate(image, opts);
  return sb;
}

function populate(image: Uint8Array, opts: MkfsOptions): void {
  const disk = new MemDisk(image);
  const fs = new WriteBack(disk, 1024, 0);
  const d = new Driver(fs, disk);
  fs.tick(opts.now ?? 0);
  d.ok((f) => f.mount(), 'mount');
  const mkdirs = (dir: string) => {
    let path = '';
    for (const part of dir.split('/').filter((p) => p.length > 0)) {
      path += '/' + part;
      const r = d.run((f) => f.mkdir(ROOT_INO, path, 0o755));
      if (r < 0 && r !== -EEXIST) throw new FormatError(`mkfs: cannot create directory ${path}: errno ${-r}`);
    }
  };
  for (const dir of opts.dirs ?? []) mkdirs(dir);
  for (const file of opts.files ?? []) {
    if (!file.path.startsWith('/')) throw new FormatError(`mkfs: guest path ${file.path} is not absolute`);
    mkdirs(file.path.slice(0, file.path.lastIndexOf('/')));
    const ino = d.run((f) => f.open(ROOT_INO, file.path, O_CREAT | O_TRUNC | O_WRONLY, file.mode ?? 0o644));
    if (ino < 0) throw new FormatError(`mkfs: cannot create ${file.path}: errno ${-ino}`);
    for (let off = 0; off < file.data.length; ) {
      const n = d.run((f) => f.write(ino, off, file.data.subarray(off)));
      if (n <= 0) throw new FormatError(`mkfs: writing ${file.path} at offset ${off}: ${n === 0 ? 'no progress' : `errno ${-n}`} (is the image large enough?)`);
      off += n;
    }
    d.ok((f) => f.release(ino), 'release');
  }
  d.ok((f) => f.unmount(), 'unmount');
  d.drain();
}
