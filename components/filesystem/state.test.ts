// State transfer: export/import between policies with dirty buffers and in-flight requests, refusals,
// blocked operations that leave no trace, and the content classes through the container.
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { attributeToken, clientToken, contents } from '../../bindings/index.js';
import { Driver } from './driver.js';
import { MemDisk } from './memdisk.js';
import { mkfs } from './mkfs.js';
import { fsck } from './fsck.js';
import { WriteBack } from './write-back.js';
import { WriteThrough } from './write-through.js';
import { FileSystemBase } from './core.js';
import { IMPLEMENTATIONS } from './index.js';
import { O_CREAT, O_EXCL, isBlocked, waitChannelOf, type Stat } from './signature.js';
import { FileSystemStateSchema, type FileSystemState } from './state.js';
import { FsConfigError, FsStateError } from './errors.js';
import { ROOT_INO } from './format.js';
import { expectBytes, pattern, readAll, writeAll } from './test-support.js';

const O_RDWR = 2;

function image(mib = 2): Uint8Array {
  const img = new Uint8Array(mib * 1024 * 1024);
  mkfs(img);
  return img;
}

/** JSON round trip: the state must survive serialization. */
/** A state sent over a wire: JSON carries no buffer references, so in-flight reads lose their `target`. */
const wire = (s: FileSystemState): FileSystemState =>
  JSON.parse(JSON.stringify({ ...s, inflight: s.inflight.map(({ target: _target, ...r }) => r) }));

function swap(d: Driver, next: FileSystemBase): FileSystemBase {
  next.importState(wire((d.fs as FileSystemBase).exportState()));
  d.fs = next;
  return next;
}

describe('state transfer', () => {
  it('write-back to write-through loses no dirty block', () => {
    const img = image();
    const disk = new MemDisk(img, { latency: 100 });
    const wb = new WriteBack(disk, 256, 0);
    const d = new Driver(wb, disk);
    d.run((f) => f.mount());
    const data = pattern(40_000, 5);
    d.run((f) => f.mkdir(ROOT_INO, '/dir', 0o755));
    const ino = d.run((f) => f.open(ROOT_INO, '/dir/file', O_CREAT | O_RDWR, 0o644));
    writeAll(d, ino, 0, data);
    d.drain();
    expect(wb.stats().dirty).toBeGreaterThan(40);
    const state = wb.exportState();
    expect(FileSystemStateSchema.safeParse(state).success).toBe(true);
    expect(state.buffers.filter((b) => b.dirty).length).toBe(wb.stats().dirty);
    expect(state.references).toEqual([{ ino, count: 1 }]);
    const wt = swap(d, new WriteThrough(disk, 32)); // smaller cache than the dirty set
    expectBytes(readAll(d, ino, 0, data.length), data);
    expect(d.run((f) => f.release(ino))).toBe(0);
    expect(d.run((f) => f.unmount())).toBe(0);
    d.drain();
    expect(wt.stats().dirty).toBe(0);
    expect(fsck(img).errors).toEqual([]);
    const again = new Driver(new WriteBack(disk, 64), disk);
    again.run((f) => f.mount());
    const ino2 = again.run((f) => f.lookup(ROOT_INO, '/dir/file'));
    expectBytes(readAll(again, ino2, 0, data.length + 1), data);
  });

  it('hands in-flight writes and reads to the successor, which handles their completions', () => {
    const img = image();
    const disk = new MemDisk(img, { latency: 1000 });
    const d = new Driver(new WriteBack(disk, 64, 0), disk);
    d.run((f) => f.mount());
    const ino = d.run((f) => f.open(ROOT_INO, '/f', O_CREAT | O_RDWR, 0o644));
    writeAll(d, ino, 0, pattern(8000, 1));
    d.drain();
    // writes in flight: sync submits them and blocks
    const r = d.fs.sync();
    expect(isBlocked(r)).toBe(true);
    const writes = d.fs.stats().writesInFlight;
    expect(writes).toBeGreaterThan(5);
    const st = (d.fs as FileSystemBase).exportState();
    expect(st.inflight.filter((q) => q.op === 'write').length).toBe(writes);
    const wt = swap(d, new WriteThrough(disk, 64));
    expect(wt.stats().writesInFlight).toBe(writes);
    // completions of the predecessor's requests go to the successor and wake the right channel
    d.keepWoken = true;
    d.waitFor(waitChannelOf(r));
    expect(d.woken).toContain(waitChannelOf(r));
    expect(d.run((f) => f.sync())).toBe(0);
    expect(wt.stats().writesInFlight).toBe(0);
    expect(wt.stats().dirty).toBe(0);
    // a read in flight at swap time: the successor re-issues it, the old completion is ignored
    d.run((f) => f.release(ino));
    d.run((f) => f.unmount());
    const cold = new WriteBack(disk, 64);
    d.fs = cold;
    d.run((f) => f.mount());
    const blocked = cold.lookup(ROOT_INO, '/f');
    expect(isBlocked(blocked)).toBe(true);
    expect(cold.stats().readsInFlight).toBe(1);
    const next = swap(d, new WriteThrough(disk, 64));
    expect(next.exportState().buffers.some((b) => b.data === null)).toBe(true);
    const found = d.run((f) => f.lookup(ROOT_INO, '/f'));
    expect(found).toBe(ino);
    // In memory, the successor adopts the read instead (its target buffer moves by reference): no new
    // disk request, and the predecessor's completion wakes the reader.
    d.run((f) => f.unmount());
    const cold2 = new WriteBack(disk, 64);
    d.fs = cold2;
    d.run((f) => f.mount());
    expect(isBlocked(cold2.lookup(ROOT_INO, '/f'))).toBe(true);
    const inFlight = cold2.stats().readsInFlight;
    expect(inFlight).toBeGreaterThan(0);
    const adopted = new WriteThrough(disk, 64);
    adopted.importState(cold2.exportState());
    d.fs = adopted;
    adopted.startFc();
    expect(adopted.stats().readsInFlight).toBe(inFlight);
    expect(adopted.stats().diskReads).toBe(0); // it issued no read of its own
    expect(d.run((f) => f.lookup(ROOT_INO, '/f'))).toBe(ino);
    expect(fsck(img).errors).toEqual([]);
  });

  it('round-trips: export of an import equals the original (buffers, references, superblock)', () => {
    const img = image();
    const disk = new MemDisk(img, { latency: 10 });
    const d = new Driver(new WriteBack(disk, 128, 0), disk);
    d.run((f) => f.mount());
    for (let i = 0; i < 10; i++) {
      const ino = d.run((f) => f.open(ROOT_INO, `/f${i}`, O_CREAT | O_RDWR, 0o644));
      writeAll(d, ino, 0, pattern(i * 500, i));
      if (i % 2) d.run((f) => f.release(ino));
    }
    d.drain();
    const a = (d.fs as FileSystemBase).exportState();
    const wt = new WriteThrough(disk, 128);
    wt.importState(wire(a));
    const b = wt.exportState(); // before any call: nothing written yet
    expect({ ...b, policy: a.policy }).toEqual(a);
  });

  it('refuses states it cannot represent, with a message naming the field', () => {
    const img = image();
    const disk = new MemDisk(img, { latency: 10 });
    const d = new Driver(new WriteBack(disk, 64, 0), disk);
    d.run((f) => f.mount());
    const ino = d.run((f) => f.open(ROOT_INO, '/f', O_CREAT | O_RDWR, 0o644));
    writeAll(d, ino, 0, pattern(3000, 2));
    d.drain();
    const good = (d.fs as FileSystemBase).exportState();
    const bad: Array<[string, (s: FileSystemState) => unknown, RegExp]> = [
      ['version', (s) => ((s as { version: number }).version = 2), /version/],
      ['family', (s) => ((s as { family: string }).family = 'scheduler'), /family/],
      ['short buffer', (s) => (s.buffers[0].data = Buffer.from([1, 2, 3]).toString('base64')), /has 3 bytes/],
      ['dirty without data', (s) => Object.assign(s.buffers[0], { data: null, dirty: true }), /dirty but has no data/],
      ['duplicate block', (s) => s.buffers.push({ ...s.buffers[0] }), /buffered twice/],
      ['block outside', (s) => (s.buffers[0].block = 1 << 30), /outside the filesystem/],
      ['request without buffer', (s) => s.inflight.push({ id: 99, op: 'write', block: 1999, channel: 1999 }), /no buffer/],
      ['superblock', (s) => (s.superblock!.dataStart += 1), /superblock.dataStart/],
      ['too big for the disk', (s) => Object.assign(s.superblock!, { totalBlocks: 1 << 22 }), /layout implies|do not fit/],
      ['bad reference', (s) => s.references.push({ ino: 1 << 30, count: 1 }), /inode/],
      ['unmounted with buffers', (s) => (s.mounted = false), /unmounted/],
    ];
    for (const [what, mutate, message] of bad) {
      const s = structuredClone(good);
      mutate(s);
      const wt = new WriteThrough(disk, 64);
      expect(() => wt.importState(s), what).toThrow(FsStateError);
      expect(() => wt.importState(s), what).toThrow(message);
      expect(wt.stats().mounted, what).toBe(false);
    }
    // the exporter is untouched and keeps serving (the engine rolls back to it)
    expectBytes(readAll(d, ino, 0, 3000), pattern(3000, 2));
  });

  it('moves a mount in progress: the successor re-reads the superblock and wakes channel 0', () => {
    const disk = new MemDisk(image(), { latency: 10 });
    const fs = new WriteThrough(disk, 16);
    const d = new Driver(fs, disk);
    const r = fs.mount();
    expect(isBlocked(r)).toBe(true);
    expect(waitChannelOf(r)).toBe(0);
    const s = fs.exportState();
    expect(s.mounting).toBe(true);
    swap(d, new WriteBack(disk, 16));
    d.waitFor(0);
    expect(d.run((f) => f.mount())).toBe(0);
    expect(d.run((f) => f.lookup(ROOT_INO, '/'))).toBe(ROOT_INO);
  });
});

describe('blocking and restart', () => {
  /** Valid buffers' bytes and dirty flags, and references: what an operation may not change if it blocks. */
  function visible(fs: FileSystemBase): string {
    // A dirty block may be written back to make room (dirty -> clean with its write in flight): the
    // third field is "not yet on disk", which a blocked attempt may not change either way.
    const s = fs.exportState();
    const writing = new Set(s.inflight.filter((q) => q.op === 'write').map((q) => q.block));
    return JSON.stringify({
      bufs: s.buffers.filter((b) => b.data !== null).map((b) => [b.block, b.data, b.dirty || writing.has(b.block)]).sort(),
      refs: s.references,
    });
  }

  it.each([
    ['write-through', (d: MemDisk) => new WriteThrough(d, 16)],
    ['write-back', (d: MemDisk) => new WriteBack(d, 16, 0)],
  ])('%s: a BLOCKED operation has no visible effect and its restarts complete it exactly once', (_n, make) => {
    const img = image(4);
    const disk = new MemDisk(img, { latency: 500, jitter: 400, seed: 3 });
    const fs = make(disk);
    const d = new Driver(fs, disk);
    let blockedAttempts = 0;
    const run = <T>(op: (f: FileSystemBase) => T): T => {
      for (;;) {
        // Evicted buffers are legal; bytes and dirtiness of the ones still cached, and references, are not.
        const before = JSON.parse(visible(fs)) as { bufs: Array<[number, string, boolean]>; refs: unknown };
        const r = op(fs);
        if (typeof r !== 'number' || !isBlocked(r)) return r;
        blockedAttempts++;
        const after = JSON.parse(visible(fs)) as typeof before;
        const old = new Map(before.bufs.map((b) => [b[0], b]));
        for (const b of after.bufs) {
          const o = old.get(b[0]);
          expect(o, `block ${b[0]} appeared valid during a blocked attempt`).toBeDefined();
          expect(b, `block ${b[0]} changed during a blocked attempt`).toEqual(o);
        }
        for (const o of before.bufs) if (o[2]) expect(after.bufs.some((b) => b[0] === o[0]), `dirty block ${o[0]} dropped`).toBe(true);
        expect(after.refs).toEqual(before.refs);
        d.waitFor(waitChannelOf(r));
      }
    };
    expect(run((f) => f.mount())).toBe(0);
    for (let i = 0; i < 6; i++) expect(run((f) => f.mkdir(ROOT_INO, `/d${i}`, 0o755))).toBe(0);
    const files: Array<[number, Uint8Array]> = [];
    for (let i = 0; i < 12; i++) {
      const ino = run((f) => f.open(ROOT_INO, `/d${i % 6}/f${i}`, O_CREAT | O_EXCL | O_RDWR, 0o644));
      expect(ino, 'O_EXCL create restarted must not see its own earlier attempt').toBeGreaterThan(1);
      const data = pattern(1000 + i * 1500, i);
      for (let done = 0; done < data.length; ) done += run((f) => f.write(ino, done, data.subarray(done)));
      files.push([ino, data]);
    }
    for (const [ino, data] of files) {
      const st = run((f) => f.stat(ino)) as Stat;
      expect(st.size).toBe(data.length);
      const out = new Uint8Array(data.length);
      for (let done = 0; done < data.length; ) done += run((f) => f.read(ino, done, out.subarray(done)));
      expectBytes(out, data);
      expect(run((f) => f.release(ino))).toBe(0);
    }
    expect(run((f) => f.rename(ROOT_INO, '/d1', ROOT_INO, '/d0/moved'))).toBe(0);
    expect(run((f) => f.unlink(ROOT_INO, '/d0/moved/f7'))).toBe(0);
    expect(blockedAttempts).toBeGreaterThan(20);
    expect(run((f) => f.unmount())).toBe(0);
    d.drain();
    expect(fsck(img).errors).toEqual([]);
  });

  it('a full write-back cache writes dirty blocks back to make room, then proceeds', () => {
    const img = image(2);
    const disk = new MemDisk(img, { latency: 200 });
    const wb = new WriteBack(disk, 16, 0);
    const d = new Driver(wb, disk);
    d.run((f) => f.mount());
    const ino = d.run((f) => f.open(ROOT_INO, '/f', O_CREAT | O_RDWR, 0o644));
    const data = pattern(100_000, 4);
    writeAll(d, ino, 0, data);
    expect(wb.stats().diskWrites).toBeGreaterThan(50);
    expect(wb.stats().cached).toBeLessThanOrEqual(16);
    expectBytes(readAll(d, ino, 0, data.length), data);
  });

  it('write-back flushes blocks dirty for flushInterval cycles on tick; write-through never keeps dirty blocks', () => {
    const img = image(1);
    const disk = new MemDisk(img, { latency: 10 });
    const wb = new WriteBack(disk, 64, '1000');
    const d = new Driver(wb, disk);
    d.run((f) => f.mount());
    wb.tick(100);
    const ino = d.run((f) => f.open(ROOT_INO, '/f', O_CREAT | O_RDWR, 0o644));
    writeAll(d, ino, 0, pattern(5000, 1));
    const dirty = wb.stats().dirty;
    expect(dirty).toBeGreaterThan(4);
    wb.tick(600);
    expect(wb.stats().writesInFlight).toBe(0);
    wb.tick(1200);
    expect(wb.stats().writesInFlight).toBe(dirty);
    d.drain();
    expect(wb.stats().dirty).toBe(0);

    const wt = new WriteThrough(disk, 64);
    const d2 = new Driver(wt, disk);
    d.run((f) => f.release(ino));
    d.run((f) => f.unmount());
    d2.run((f) => f.mount());
    const ino2 = d2.run((f) => f.open(ROOT_INO, '/g', O_CREAT | O_RDWR, 0o644));
    writeAll(d2, ino2, 0, pattern(5000, 2));
    const s = wt.stats();
    expect(s.dirty).toBe(s.writesInFlight > 0 ? s.dirty : 0);
    d2.drain();
    expect(wt.stats().dirty).toBe(0);
    d2.run((f) => f.release(ino2));
    d2.run((f) => f.unmount());
    expect(fsck(img).errors).toEqual([]);
  });
});

describe('content classes', () => {
  it('registers both implementations under their content names', () => {
    expect(contents.get(IMPLEMENTATIONS['write-through'])).toBe(WriteThrough);
    expect(contents.get(IMPLEMENTATIONS['write-back'])).toBe(WriteBack);
  });

  it('is built by the container with its disk port and string attributes', () => {
    const disk = new MemDisk(image(1), { latency: 10 });
    const c = new Container();
    c.bind(clientToken('disk')).toConstantValue(disk);
    c.bind(attributeToken('cacheBlocks')).toConstantValue('48');
    c.bind(attributeToken('flushInterval')).toConstantValue('5000');
    c.bind(WriteBack).toSelf();
    c.bind(WriteThrough).toSelf();
    const wb = c.get(WriteBack);
    expect(wb.cacheBlocks).toBe(48);
    expect(wb.flushInterval).toBe(5000);
    expect(c.get(WriteThrough).cacheBlocks).toBe(48);
    const d = new Driver(wb, disk);
    expect(d.run((f) => f.mount())).toBe(0);
  });

  it('rejects bad attribute values', () => {
    const disk = new MemDisk(image(1));
    expect(() => new WriteBack(disk, 'many')).toThrow(FsConfigError);
    expect(() => new WriteThrough(disk, '8')).toThrow(/cacheBlocks="8": expected an integer between 16/);
    expect(() => new WriteBack(disk, 64, '-1')).toThrow(/flushInterval/);
  });
});
