// Devices: console input as timed events, block disk latency/completions/data, request port
// delivery and reply records. Everything at exact emulated cycles.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferConsole } from './devices/console.js';
import { Disk, FileBacking, MemoryBacking, SECTOR_SIZE } from './devices/disk.js';
import { RequestPort } from './devices/request-port.js';
import { MachineConfigError } from './errors.js';
import { BareMachine } from './testkit/bare.js';
import { Irq } from './trap.js';

/** An idle machine whose kernel just logs interrupts (devices need no guest). */
function idleMachine() {
  const bm = new BareMachine();
  bm.machine.idle = true;
  return bm;
}

describe('console', () => {
  it('input becomes readable only when its event fires, then EOF', () => {
    const bm = idleMachine();
    const con = new BufferConsole(bm.machine, [{ at: 100, bytes: 'ab' }, { at: 250, bytes: new Uint8Array([0x63]) }]);
    expect(con.available()).toBe(0);
    expect(con.atEof()).toBe(false);
    bm.machine.run(150);
    expect(con.available()).toBe(2);
    bm.machine.run(1000);
    expect(bm.interrupts.map((i) => [i.irq, i.cycle])).toEqual([[Irq.Console, 100], [Irq.Console, 250], [Irq.Console, 250]]);
    const buf = new Uint8Array(2);
    expect(con.read(buf)).toBe(2);
    expect(new TextDecoder().decode(buf)).toBe('ab');
    expect(con.atEof()).toBe(false);
    expect(con.read(buf)).toBe(1);
    expect(buf[0]).toBe(0x63);
    expect(con.atEof()).toBe(true);
    expect(con.waitForInput()).toBeNull();
  });
  it('collects stdout and stderr separately', () => {
    const con = new BufferConsole(idleMachine().machine);
    con.write(new TextEncoder().encode('out'));
    con.write(new TextEncoder().encode('err'), 'err');
    expect(con.stdoutText()).toBe('out');
    expect(new TextDecoder().decode(con.stderr())).toBe('err');
  });
});

describe('block disk', () => {
  it('completes requests in FIFO order after latency + perSector cycles, moving data at completion', () => {
    const bm = idleMachine();
    const image = new Uint8Array(8 * SECTOR_SIZE);
    image.fill(7, 2 * SECTOR_SIZE, 3 * SECTOR_SIZE);
    const disk = new Disk(bm.machine, new MemoryBacking(image), { latency: 1000, perSector: 10 });
    expect(disk.sectorCount).toBe(8);
    const rbuf = new Uint8Array(SECTOR_SIZE * 2);
    const wbuf = new Uint8Array(SECTOR_SIZE).fill(9);
    const r = disk.submit({ op: 'read', sector: 1, count: 2, buffer: rbuf });
    const w = disk.submit({ op: 'write', sector: 5, count: 1, buffer: wbuf });
    expect([r, w]).toEqual([0, 1]);
    expect(disk.inFlight).toBe(2);
    bm.machine.run(1019);
    expect(rbuf.every((b) => b === 0)).toBe(true); // not yet transferred
    bm.machine.run(10_000);
    expect(bm.interrupts.map((i) => [i.irq, i.cycle])).toEqual([[Irq.Disk, 1020], [Irq.Disk, 2030]]);
    expect(disk.takeCompletions()).toEqual([
      { id: 0, op: 'read', sector: 1, count: 2, at: 1020 },
      { id: 1, op: 'write', sector: 5, count: 1, at: 2030 },
    ]);
    expect(disk.takeCompletions()).toEqual([]);
    expect(rbuf.subarray(SECTOR_SIZE).every((b) => b === 7)).toBe(true);
    expect(image.subarray(5 * SECTOR_SIZE, 6 * SECTOR_SIZE).every((b) => b === 9)).toBe(true);
  });
  it('refuses malformed requests with a clear error', () => {
    const disk = new Disk(idleMachine().machine, new MemoryBacking(new Uint8Array(4 * SECTOR_SIZE)));
    expect(() => disk.submit({ op: 'read', sector: 3, count: 2, buffer: new Uint8Array(1024) })).toThrow(/sectors \[3, 5\) is outside the disk's 4 sectors/);
    expect(() => disk.submit({ op: 'write', sector: 0, count: 2, buffer: new Uint8Array(100) })).toThrow(MachineConfigError);
    expect(() => new Disk(idleMachine().machine, new MemoryBacking(new Uint8Array(100)))).toThrow(/not a multiple of 512/);
  });
  it('a file image persists writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-disk-'));
    const path = join(dir, 'disk.img');
    writeFileSync(path, new Uint8Array(4 * SECTOR_SIZE));
    const bm = idleMachine();
    const backing = new FileBacking(path);
    const disk = new Disk(bm.machine, backing, { latency: 5 });
    disk.submit({ op: 'write', sector: 2, count: 1, buffer: new Uint8Array(SECTOR_SIZE).fill(0xab) });
    bm.machine.run(1000);
    backing.flush();
    backing.close();
    const img = readFileSync(path);
    expect(img[2 * SECTOR_SIZE]).toBe(0xab);
    expect(img[SECTOR_SIZE]).toBe(0);
  });
});

describe('request port', () => {
  it('delivers scheduled requests at their cycles and records replies with timestamps', () => {
    const bm = idleMachine();
    const port = new RequestPort(bm.machine, [{ at: 500, payload: 'second' }, { at: 100, payload: 'first' }, { at: 500, payload: 'third' }]);
    expect(port.remaining).toBe(3);
    bm.machine.run(99);
    expect(port.receive()).toBeNull();
    bm.machine.run(1);
    const a = port.receive()!;
    expect({ id: a.id, at: a.at, text: new TextDecoder().decode(a.payload) }).toEqual({ id: 0, at: 100, text: 'first' });
    bm.machine.run(50);
    expect(port.reply(a.id, new TextEncoder().encode('ok'))).toBe(true);
    expect(port.reply(a.id, new Uint8Array(1))).toBe(false); // already answered
    expect(port.reply(1, new Uint8Array(1))).toBe(false); // not yet taken
    expect(bm.machine.run(1000)).toBe('idle'); // nothing left to happen: the clock stays at 500
    expect(port.pending()).toBe(2);
    expect(port.remaining).toBe(0);
    expect(bm.interrupts.map((i) => [i.irq, i.cycle])).toEqual([[Irq.RequestPort, 100], [Irq.RequestPort, 500], [Irq.RequestPort, 500]]);
    const b = port.receive()!;
    expect(new TextDecoder().decode(b.payload)).toBe('second');
    expect(port.records()).toEqual([
      { id: 0, arrivedAt: 100, takenAt: 100, repliedAt: 150, reply: new TextEncoder().encode('ok') },
      { id: 1, arrivedAt: 500, takenAt: 500, repliedAt: -1, reply: null },
      { id: 2, arrivedAt: 500, takenAt: -1, repliedAt: -1, reply: null },
    ]);
  });
});

describe('host console', () => {
  it('delivers host stdin chunks as device events at the current cycle, then EOF; the runner waits for them', async () => {
    const { PassThrough } = await import('node:stream');
    const { HostConsole } = await import('./devices/console.js');
    const stdin = new PassThrough();
    const bm = idleMachine();
    const con = new HostConsole(bm.machine, stdin);
    expect(con.available()).toBe(0); // starts reading
    const waiting = con.waitForInput();
    expect(waiting).not.toBeNull();
    stdin.write('hi');
    await waiting;
    expect(con.available()).toBe(0); // not before the machine runs
    expect(bm.machine.run(10)).toBe('idle');
    expect(con.available()).toBe(2);
    expect(bm.interrupts.map((i) => i.irq)).toEqual([Irq.Console]);
    stdin.end();
    await con.waitForInput();
    bm.machine.run(10);
    const buf = new Uint8Array(8);
    expect(con.read(buf)).toBe(2);
    expect(con.atEof()).toBe(true);
    expect(con.waitForInput()).toBeNull();
  });
});
