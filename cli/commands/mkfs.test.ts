// `tessera mkfs`: builds images from host files that mount and read back exactly.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAddSpec, runMkfs } from './mkfs.js';
import { Driver, MemDisk, WriteThrough, fsck, ROOT_INO, type Stat } from '../../components/filesystem/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-mkfs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera mkfs', () => {
  it('parses HOST[:GUEST]', () => {
    expect(parseAddSpec('a/b.elf')).toEqual({ host: 'a/b.elf', guest: null });
    expect(parseAddSpec('a/b.elf:/bin/')).toEqual({ host: 'a/b.elf', guest: '/bin/' });
    expect(parseAddSpec('c:x')).toEqual({ host: 'c:x', guest: null });
  });

  it('copies files and directory trees to their guest paths', () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'one.txt'), 'one');
    writeFileSync(join(tree, 'sub', 'two.bin'), Buffer.alloc(70_000, 7));
    writeFileSync(join(dir, 'hello'), 'hello');
    const image = join(dir, 'disk.img');
    const s = runMkfs(image, { size: 4, add: [`${tree}:/bin`, `${join(dir, 'hello')}:/etc/`, join(dir, 'hello')] });
    expect(s.files.map((f) => f.path)).toEqual(['/bin/one.txt', '/bin/sub/two.bin', '/etc/hello', '/hello']);
    const img = new Uint8Array(readFileSync(image));
    expect(img.length).toBe(4 << 20);
    expect(fsck(img).errors).toEqual([]);
    const disk = new MemDisk(img, { latency: 5 });
    const d = new Driver(new WriteThrough(disk, 32), disk);
    expect(d.run((f) => f.mount())).toBe(0);
    const ino = d.run((f) => f.lookup(ROOT_INO, '/bin/sub/two.bin'));
    expect((d.run((f) => f.stat(ino)) as Stat).size).toBe(70_000);
    const buf = new Uint8Array(5);
    expect(d.run((f) => f.read(d.run((g) => g.lookup(ROOT_INO, '/etc/hello')), 0, buf))).toBe(5);
    expect(new TextDecoder().decode(buf)).toBe('hello');
  });

  it('says what is wrong', () => {
    expect(() => runMkfs(join(dir, 'x.img'), { size: 1, add: [join(dir, 'missing')] })).toThrow(/no such host file/);
    expect(() => runMkfs(join(dir, 'y.img'), { size: 1, add: [`${join(dir, 'big')}`] })).toThrow(/no such host/);
    writeFileSync(join(dir, 'big'), Buffer.alloc(2 << 20));
    expect(() => runMkfs(join(dir, 'z.img'), { size: 1, add: [join(dir, 'big')] })).toThrow(/errno 28|large enough/);
  });
});
