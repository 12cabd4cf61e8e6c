// `tessera mkfs IMAGE [--size MiB] [--add HOST[:GUEST]]...` formats a disk image for Tessera's filesystem
// and copies host files into it; `tessera fsck IMAGE` checks one. Errors print one message, exit 1.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { fsck, mkfs, type MkfsFile } from '../../components/filesystem/index.js';

export interface MkfsCliOptions {
  /** Image size in MiB; default: the existing file's size, else 16. */
  size?: number;
  blockSize?: number;
  inodes?: number;
  /** HOST[:GUEST] specs. */
  add?: string[];
}

export interface MkfsSummary {
  image: string;
  bytes: number;
  blocks: number;
  blockSize: number;
  inodes: number;
  files: MkfsFile[];
  freeBlocks: number;
}

/** Splits HOST[:GUEST]: the guest part is whatever follows the last ':' when it is an absolute path. */
export function parseAddSpec(spec: string): { host: string; guest: string | null } {
  const i = spec.lastIndexOf(':');
  if (i > 0 && spec[i + 1] === '/') return { host: spec.slice(0, i), guest: spec.slice(i + 1) };
  return { host: spec, guest: null };
}

/** Host files named by one spec, with their guest paths: a file goes to GUEST (GUEST/ keeps its name,
 *  default /NAME); a directory's tree goes under GUEST (default /NAME). */
export function expandAdd(spec: string): MkfsFile[] {
  const { host, guest } = parseAddSpec(spec);
  if (!existsSync(host)) throw new Error(`--add ${spec}: no such host file or directory '${host}'`);
  const st = statSync(host);
  if (st.isFile()) {
    const target = guest === null ? `/${basename(host)}` : guest.endsWith('/') ? `${guest}${basename(host)}` : guest;
    return [{ path: target, data: new Uint8Array(readFileSync(host)), mode: st.mode & 0o777 }];
  }
  if (!st.isDirectory()) throw new Error(`--add ${spec}: '${host}' is neither a file nor a directory`);
  const root = (guest ?? `/${basename(host)}`).replace(/\/+$/, '');
  const out: MkfsFile[] = [];
  const walk = (dir: string, into: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p, `${into}/${name}`);
      else if (s.isFile()) out.push({ path: `${into}/${name}`, data: new Uint8Array(readFileSync(p)), mode: s.mode & 0o777 });
    }
  };
  walk(host, root);
  return out;
}

export function runMkfs(image: string, o: MkfsCliOptions): MkfsSummary {
  const mib = o.size ?? (existsSync(image) ? statSync(image).size / (1 << 20) : 16);
  const bytes = Math.floor((mib * (1 << 20)) / 512) * 512;
  if (!(bytes > 0)) throw new Error(`--size ${o.size}: expected a positive number of MiB`);
  const files = (o.add ?? []).flatMap(expandAdd);
  const img = new Uint8Array(bytes);
  const sb = mkfs(img, { blockSize: o.blockSize, inodes: o.inodes, files });
  const report = fsck(img);
  if (!report.ok) throw new Error(`internal error: the new image fails fsck: ${report.errors.join('; ')}`);
  writeFileSync(image, img);
  return { image, bytes, blocks: sb.totalBlocks, blockSize: sb.blockSize, inodes: sb.inodeCount, files, freeBlocks: report.freeBlocks };
}

const collect = (v: string, acc: string[]) => [...acc, v];
const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} ${v}: expected a positive number`);
  return n;
};

export function register(program: Command): void {
  program
    .command('mkfs')
    .description("format a disk image with Tessera's filesystem and copy host files into it")
    .argument('<image>', 'image file to create or overwrite')
    .option('--size <MiB>', 'image size in MiB (default: the existing file size, else 16)', int('--size'))
    .option('--block-size <bytes>', 'filesystem block size: 512, 1024 (default), 2048, 4096 ...', int('--block-size'))
    .option('--inodes <n>', 'number of inodes (default: blocks/4, between 64 and 65536)', int('--inodes'))
    .option('--add <host[:guest]>', 'copy a host file or directory tree (guest path: default /NAME; DIR/ keeps the name); repeatable', collect, [])
    .addHelpText('after', '\nExample: tessera mkfs disk.img --size 32 --add workloads/bin:/bin')
    .action((image: string, o: MkfsCliOptions) => {
      try {
        const s = runMkfs(image, o);
        const kib = Math.round(s.files.reduce((n, f) => n + f.data.length, 0) / 1024);
        process.stdout.write(
          `${image}: ${(s.bytes / (1 << 20)).toFixed(1)} MiB, ${s.blocks} blocks of ${s.blockSize} bytes, ${s.inodes} inodes; ` +
            `${s.files.length} files (${kib} KiB) added, ${s.freeBlocks} blocks free\n`,
        );
      } catch (e) {
        process.stderr.write(`tessera mkfs: ${(e as Error).message}\n`);
        process.exitCode = 1;
      }
    });

  program
    .command('fsck')
    .description('check a Tessera filesystem image (bitmaps, inodes, directory tree, link counts)')
    .argument('<image>', 'image file')
    .action((image: string) => {
      try {
        const r = fsck(new Uint8Array(readFileSync(image)));
        for (const e of r.errors) process.stderr.write(`${image}: ${e}\n`);
        process.stdout.write(`${image}: ${r.ok ? 'clean' : `${r.errors.length} problems`}; ${r.files} files, ${r.dirs} directories, ${r.usedBlocks} blocks used, ${r.freeBlocks} free\n`);
        if (!r.ok) process.exitCode = 1;
      } catch (e) {
        process.stderr.write(`tessera fsck: ${(e as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
