// Filesystem: sequential write/read throughput per policy (wall time, over a MemDisk with latency in
// emulated cycles, driven like the kernel: BLOCKED -> deliver completions -> restart), and the cost of
// a write-back -> write-through swap with many dirty buffers (export, JSON size, import).
import { nsPerCall, type BenchOptions, type BenchRow } from './harness.js';
import { Driver, MemDisk, WriteBack, WriteBackIndexed, WriteThrough, mkfs, type FileSystemBase } from '../components/filesystem/index.js';
import { O_CREAT } from '../components/filesystem/signature.js';

export const name = 'filesystem';

const O_RDWR = 2;
const LATENCY = 20_000; // cycles per disk request (20 us at 1 GHz)

function setup(make: (d: MemDisk) => FileSystemBase, mib: number) {
  const image = new Uint8Array(mib << 20);
  mkfs(image);
  const disk = new MemDisk(image, { latency: LATENCY });
  const d = new Driver(make(disk), disk);
  d.ok((f) => f.mount(), 'mount');
  return { image, disk, d };
}

function sequential(make: (d: MemDisk) => FileSystemBase, bytes: number, chunk: number) {
  const { image, d, disk } = setup(make, Math.ceil((bytes * 1.2) / (1 << 20)) + 2);
  const ino = d.ok((f) => f.open(1, '/seq', O_CREAT | O_RDWR, 0o644), 'open');
  const src = new Uint8Array(chunk).fill(0x5a);
  const c0 = disk.now;
  let t0 = process.hrtime.bigint();
  for (let off = 0; off < bytes; ) off += d.ok((f) => f.write(ino, off, src.subarray(0, Math.min(chunk, bytes - off))), 'write');
  d.ok((f) => f.sync(), 'sync');
  const writeNs = Number(process.hrtime.bigint() - t0);
  const writeCycles = disk.now - c0;
  d.ok((f) => f.release(ino), 'release');
  d.ok((f) => f.unmount(), 'unmount');
  d.drain();
  // cold read through a new instance
  const disk2 = new MemDisk(image, { latency: LATENCY });
  const d2 = new Driver(make(disk2), disk2);
  d2.ok((f) => f.mount(), 'mount');
  const ino2 = d2.ok((f) => f.lookup(1, '/seq'), 'lookup');
  const dst = new Uint8Array(chunk);
  t0 = process.hrtime.bigint();
  for (let off = 0; off < bytes; ) {
    const n = d2.ok((f) => f.read(ino2, off, dst), 'read');
    if (n === 0) throw new Error(`short file at ${off}`);
    off += n;
  }
  const readNs = Number(process.hrtime.bigint() - t0);
  return { writeNs, readNs, writeCycles, readCycles: disk2.now, restarts: d.restarts + d2.restarts };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bytes = Math.max(1, Math.round(8 * opts.scale)) << 20;
  const policies: Array<[string, (d: MemDisk) => FileSystemBase]> = [
    ['write-through', (d) => new WriteThrough(d, 256)],
    ['write-back', (d) => new WriteBack(d, 256, 0)],
  ];
  for (const [policy, make] of policies) {
    sequential(make, 1 << 20, 4096); // warm-up
    const r = sequential(make, bytes, 4096);
    const mb = bytes / (1 << 20);
    opts.log(`${policy}: ${mb} MiB, ${r.restarts} restarts`);
    rows.push({ case: `${policy} sequential write 4 KiB (+sync)`, value: mb / (r.writeNs / 1e9), unit: 'MiB/s', note: `${mb} MiB, cache 256 x 1 KiB, disk latency ${LATENCY} cycles; ${(r.writeCycles / 1e6).toFixed(1)} M emulated cycles` });
    rows.push({ case: `${policy} sequential read 4 KiB (cold)`, value: mb / (r.readNs / 1e9), unit: 'MiB/s', note: `${(r.readCycles / 1e6).toFixed(1)} M emulated cycles` });
  }
  // path lookup in a 2,000-entry directory, everything cached: linear scan vs hashed index
  for (const [policy, make] of [
    ['write-back', (d: MemDisk) => new WriteBack(d, 256, 0)],
    ['write-back-indexed', (d: MemDisk) => new WriteBackIndexed(d, 256, 0)],
  ] as Array<[string, (d: MemDisk) => FileSystemBase]>) {
    const image = new Uint8Array(8 << 20);
    mkfs(image, { files: Array.from({ length: 2000 }, (_, i) => ({ path: `/bin/prog${i}`, data: new Uint8Array(1) })) });
    const disk = new MemDisk(image, { latency: LATENCY });
    const d = new Driver(make(disk), disk);
    d.ok((f) => f.mount(), 'mount');
    const paths = Array.from({ length: 2000 }, (_, i) => `/bin/prog${(i * 7919) % 2000}`);
    for (const p of paths) d.ok((f) => f.lookup(1, p), 'lookup'); // warm the cache (and the index)
    const fs = d.fs;
    const ns = nsPerCall((i) => {
      if (fs.lookup(1, paths[i % 2000]) <= 0) throw new Error('lookup failed in a warm cache');
    }, 20_000 * Math.max(1, Math.round(opts.scale)), 3);
    rows.push({ case: `${policy} lookup in a 2,000-entry directory (warm)`, value: ns / 1000, unit: 'us', note: '/bin/progN, 125 blocks of entries, cache 256' });
  }
  // swap cost with many dirty buffers
  for (const dirtyTarget of [1000, 8000]) {
    const { d } = setup((disk) => new WriteBack(disk, dirtyTarget + 64, 0), Math.ceil((dirtyTarget * 1.3) / 1024) + 2);
    const ino = d.ok((f) => f.open(1, '/dirty', O_CREAT | O_RDWR, 0o644), 'open');
    const src = new Uint8Array(64 * 1024).fill(1);
    for (let off = 0; off < (dirtyTarget - 20) * 1024; ) off += d.ok((f) => f.write(ino, off, src), 'write');
    d.drain();
    const wb = d.fs as FileSystemBase;
    const dirty = wb.stats().dirty;
    let best = { exp: Infinity, json: Infinity, imp: Infinity, size: 0 };
    for (let i = 0; i < 5; i++) {
      let t = process.hrtime.bigint();
      const state = wb.exportState();
      const exp = Number(process.hrtime.bigint() - t);
      t = process.hrtime.bigint();
      const text = JSON.stringify(state);
      const parsed = JSON.parse(text);
      const json = Number(process.hrtime.bigint() - t);
      const wt = new WriteThrough(d.disk, dirtyTarget + 64);
      t = process.hrtime.bigint();
      wt.importState(parsed);
      const imp = Number(process.hrtime.bigint() - t);
      if (exp + imp < best.exp + best.imp) best = { exp, json, imp, size: text.length };
    }
    rows.push({ case: `export state, ${dirty} dirty buffers`, value: best.exp / 1e6, unit: 'ms', note: 'write-back, 1 KiB blocks, base64' });
    rows.push({ case: `JSON round trip, ${dirty} dirty buffers`, value: best.json / 1e6, unit: 'ms' });
    rows.push({ case: `import into write-through, ${dirty} dirty`, value: best.imp / 1e6, unit: 'ms', note: 'zod validation + adopt; writes go out at the first call' });
    rows.push({ case: `state size, ${dirty} dirty buffers`, value: best.size / 1024, unit: 'KiB', note: 'JSON' });
  }
  return rows;
}
