// fsck finds each kind of damage it claims to check (so the other tests' "fsck is clean" means something).
import { describe, expect, it } from 'vitest';
import { mkfs } from './mkfs.js';
import { fsck } from './fsck.js';
import { DIRENT_SIZE, I_BLOCKS, I_DIRECT, I_NLINK, I_SIZE, INODE_SIZE, ROOT_INO, setBit, testBit, type Superblock } from './format.js';

function fresh(): { img: Uint8Array; sb: Superblock; v: DataView } {
  const img = new Uint8Array(1 << 20);
  const sb = mkfs(img, {
    files: [
      { path: '/bin/a', data: new Uint8Array(3000).fill(1) },
      { path: '/etc/b', data: new Uint8Array(10).fill(2) },
    ],
  });
  return { img, sb, v: new DataView(img.buffer) };
}
const inodeAt = (sb: Superblock, ino: number) => sb.inodeTableStart * sb.blockSize + ino * INODE_SIZE;

describe('fsck', () => {
  it('passes a fresh populated image and counts it', () => {
    const { img } = fresh();
    const r = fsck(img);
    expect(r.errors).toEqual([]);
    expect([r.files, r.dirs]).toEqual([2, 3]);
  });

  it.each<[string, (x: ReturnType<typeof fresh>) => void, RegExp]>([
    ['bad magic', ({ img }) => (img[0] ^= 0xff), /not a Tessera filesystem/],
    ['block bitmap bit cleared', ({ img, sb, v }) => {
      const b = v.getUint32(inodeAt(sb, ROOT_INO) + I_DIRECT, true);
      setBit(img.subarray(sb.blockBitmapStart * sb.blockSize), b, false);
    }, /in use but the block bitmap says free/],
    ['leaked block', ({ img, sb }) => setBit(img.subarray(sb.blockBitmapStart * sb.blockSize), sb.totalBlocks - 1, true), /unused but the block bitmap says used/],
    ['inode bitmap', ({ img, sb }) => {
      const bm = img.subarray(sb.inodeBitmapStart * sb.blockSize);
      expect(testBit(bm, 2)).toBe(true);
      setBit(bm, 2, false);
    }, /inode bitmap says free/],
    ['wrong nlink', ({ sb, v }) => v.setUint16(inodeAt(sb, ROOT_INO) + I_NLINK, 7, true), /nlink 7, expected 4/],
    ['wrong blocks count', ({ sb, v }) => v.setUint32(inodeAt(sb, ROOT_INO) + I_BLOCKS, 9, true), /blocks field says 9/],
    ['shared block', ({ sb, v }) => {
      const b = v.getUint32(inodeAt(sb, ROOT_INO) + I_DIRECT, true);
      for (let ino = 2; ; ino++) {
        if (v.getUint16(inodeAt(sb, ino), true) === 1) {
          v.setUint32(inodeAt(sb, ino) + I_DIRECT, b, true);
          break;
        }
      }
    }, /used twice/],
    ['size not a multiple of entries', ({ sb, v }) => v.setUint32(inodeAt(sb, ROOT_INO) + I_SIZE, 5 * DIRENT_SIZE + 3, true), /not a multiple/],
    ['entry to a free inode', ({ sb, img, v }) => {
      const b = v.getUint32(inodeAt(sb, ROOT_INO) + I_DIRECT, true);
      new DataView(img.buffer).setUint32(b * sb.blockSize + 2 * DIRENT_SIZE, sb.inodeCount - 1, true);
    }, /free or out of range/],
    ['bad dot', ({ sb, img, v }) => {
      const b = v.getUint32(inodeAt(sb, ROOT_INO) + I_DIRECT, true);
      img[b * sb.blockSize + 6] = 'x'.charCodeAt(0);
    }, /expected '\.'/],
  ])('detects %s', (_what, damage, message) => {
    const x = fresh();
    damage(x);
    const r = fsck(x.img);
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toMatch(message);
  });
});
