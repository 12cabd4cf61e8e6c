// Hot swaps of the real kernel while real guests run (committed ELFs in workloads/bin): every family,
// with the invariants each must keep, and fault injection on the real kernel.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { contents } from '../../bindings/index.js';
import { bootSystem, type BootOptions, type TesseraSystem } from '../../boot/system.js';
import { reconfigure, swap } from '../../boot/reconfigure.js';
import { statusOf } from '../../boot/exec.js';
import type { Scheduler } from '../../components/scheduler/signature.js';
import { RoundRobin } from '../../components/scheduler/index.js';
import type { FrameAllocator as Allocator } from '../../components/allocator/signature.js';
import type { ProcessManager } from '../../components/process/signature.js';
import { guestCase } from './guests.js';

const elf = (name: string) => ({ path: `/${name}.elf`, data: readFileSync(new URL(`../../workloads/bin/${name}.elf`, import.meta.url)), mode: 0o755 });

async function boot(programs: string[], options: BootOptions = {}): Promise<TesseraSystem> {
  return bootSystem({ ...options, files: programs.map(elf) });
}

function runUntil(s: TesseraSystem, pred: () => boolean, step = 20_000, max = 50_000_000): void {
  const end = s.machine.cycle + max;
  while (!pred()) {
    if (s.machine.cycle > end || s.process.count() === 0) throw new Error(`condition not reached after ${max} cycles`);
    s.run(step);
  }
}

const stdout = (s: TesseraSystem) => Buffer.from(s.output().stdout).toString('latin1');

describe('scheduler swaps with hundreds of runnable processes', () => {
  it('between any two of the five: no process lost or duplicated, the running one keeps running, ticks keep coming', async () => {
    const s = await boot(['getpid'], { frames: 16384 });
    const N = 200;
    for (let i = 0; i < N; i++) s.spawn('/getpid.elf', ['getpid.elf', '100000000']); // they never end by themselves: preemption is the only scheduling point
    const sched = () => s.component('scheduler').getFcInterface('scheduler') as unknown as Scheduler;
    const runnable = () => sched().snapshot().processes.filter((p) => p.state !== 'blocked').length;
    runUntil(s, () => runnable() >= 150, 50_000);
    const view = () => ({
      procs: sched().snapshot().processes.map((p) => `${p.pid}:${p.state}`).sort(),
      running: sched().current(),
    });
    const names = ['round-robin', 'priority', 'mlfq', 'stride', 'fair'];
    const sequence: string[] = [];
    for (const a of names) for (const b of names) if (a !== b) sequence.push(a, b);
    for (const impl of sequence) {
      const before = view();
      expect(before.procs.length).toBe(N);
      expect(runnable()).toBeGreaterThan(100);
      const r = await swap(s, 'scheduler', impl);
      expect(r.outcome, r.reason).toBe('committed');
      expect(r.latencyCycles).toBe(0);
      expect(view()).toEqual(before);
      expect(sched().snapshot().policy).toBe(impl);
      const ticks = s.traps.ticks;
      // Longer than the longest slice any policy gives (MLFQ's lowest level: 8 quanta = 80,000 cycles).
      s.run(200_000);
      expect(s.traps.ticks).toBeGreaterThan(ticks);
    }
    for (const p of s.process.list()) s.process.kill(p.pid, 9);
    expect(s.runToCompletion(4e9)).toBe('done');
    const exits = s.process.exits();
    expect(exits.length).toBe(N);
    expect(new Set(exits.map((e) => e.pid)).size).toBe(N);
    expect(exits.every((e) => e.signal === 9)).toBe(true);
  });
});

describe('allocator swaps', () => {
  it('keep the exact allocated frame -> owner set and change no guest page', async () => {
    const s = await boot(['forkpipe']);
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    runUntil(s, () => s.process.count() >= 3);
    const alloc = () => s.component('allocator').getFcInterface('allocator') as unknown as Allocator;
    const memory = () => createHash('sha256').update(s.machine.memory.u8.subarray(0, s.machine.memory.frameCount * 4096)).digest('hex');
    for (const impl of ['buddy', 'free-list', 'bitmap', 'free-list', 'buddy', 'bitmap']) {
      const owners = alloc().exportState().allocated;
      const pages = memory();
      const r = await swap(s, 'allocator', impl);
      expect(r.outcome, r.reason).toBe('committed');
      expect(alloc().exportState().allocated).toEqual(owners);
      expect(memory()).toBe(pages);
      s.run(200_000);
    }
    s.runToCompletion(4e9);
    expect(stdout(s)).toBe(guestCase('forkpipe').expectedStdout.toString('latin1'));
  });
});

describe('filesystem swaps', () => {
  it('write-back -> write-through -> write-back with dirty blocks and open files: no data lost, offsets kept', async () => {
    const c = guestCase('files');
    const s = await boot(['files'], { adlArgs: { filesystem: 'components.filesystem.WriteBack' } });
    s.spawn('/files.elf', ['files.elf', ...c.args]);
    const pm = () => s.process.exportState();
    const fs = () => s.filesystem.exportState();
    const openFiles = () => pm().descriptions.filter((d) => d.kind === 'file');
    let checked = 0;
    for (const impl of ['write-through', 'write-back', 'write-through', 'write-back']) {
      runUntil(s, () => fs().buffers.some((b) => b.dirty) && openFiles().length > 0, 5_000);
      const files = openFiles();
      const refs = fs().references;
      const r = await swap(s, 'filesystem', impl);
      expect(r.outcome, r.reason).toBe('committed');
      expect(openFiles()).toEqual(files);
      expect(fs().references).toEqual(refs);
      checked++;
    }
    expect(checked).toBe(4);
    expect(s.runToCompletion(4e9)).toBe('done');
    expect(stdout(s)).toBe(c.expectedStdout.toString('latin1'));
    expect(statusOf(s, 1)).toBe(c.exitCode);
  });
});

describe('process manager swaps', () => {
  for (const [name, step, waitingFor] of [['exec', 10_000, 'child exit'], ['forkpipe', 60_000, 'pipe']] as const) {
    it(`a fresh ProcessManager takes over processes blocked on '${waitingFor}' (${name}), which wake correctly afterwards`, async () => {
      const c = guestCase(name);
      const s = await bootSystem({ files: [c.elfPath, ...c.files].map((f) => ({ path: `/${basename(f)}`, data: readFileSync(f), mode: 0o755 })) });
      s.spawn(`/${basename(c.elfPath)}`, [basename(c.elfPath), ...c.args]);
      let swappedWhileBlocked = 0;
      for (let i = 0; i < 120 && s.process.count() > 0; i++) {
        const before = s.process.list();
        if (before.some((p) => p.waiting?.startsWith(waitingFor))) swappedWhileBlocked++;
        const old = s.component('process').content;
        const r = await swap(s, 'process', 'process-manager');
        expect(r.outcome, r.reason).toBe('committed');
        expect(s.component('process').content).not.toBe(old);
        expect(s.process.list()).toEqual(before);
        s.run(step);
      }
      expect(swappedWhileBlocked).toBeGreaterThan(2);
      expect(s.runToCompletion(4e9)).toBe('done');
      expect(stdout(s)).toBe(c.expectedStdout.toString('latin1'));
      expect(statusOf(s, 1)).toBe(c.exitCode);
    });
  }
});

@injectable()
class FaultyImport extends RoundRobin {
  override importState(): void {
    throw new Error('injected fault: this scheduler cannot take the state');
  }
}

@injectable()
class FaultyStart extends RoundRobin {
  startFc(): void {
    throw new Error('injected fault: this scheduler does not start');
  }
}

describe('fault injection on the kernel', () => {
  for (const [name, cls, step] of [['importState', FaultyImport, 'import'], ['start', FaultyStart, 'start']] as const) {
    it(`a successor whose ${name} throws is rolled back exactly and the guest is not disturbed`, async () => {
      if (!contents.has(`tests.reconfig.${cls.name}`)) contents.register(`tests.reconfig.${cls.name}`, cls);
      const c = guestCase('forkpipe');
      const s = await boot(['forkpipe'], { adlArgs: { scheduler: 'components.scheduler.Mlfq' } });
      s.spawn('/forkpipe.elf', ['forkpipe.elf']);
      s.run(1_000_000);
      const comp = s.component('scheduler');
      const old = comp.content;
      const state = (old as Scheduler).exportState();
      const r = await reconfigure(s).replace(comp, `tests.reconfig.${cls.name}`);
      expect(r.outcome).toBe('rolled-back');
      expect(r.failedStep).toBe(step);
      expect(r.reason).toMatch(/injected fault/);
      expect(comp.content).toBe(old);
      expect((comp.content as Scheduler).exportState()).toEqual(state);
      expect(s.component('scheduler').getFcInterface('lifecycle-controller')).toBeTruthy();
      expect(s.runToCompletion(4e9)).toBe('done');
      expect(stdout(s)).toBe(c.expectedStdout.toString('latin1'));
    });
  }
});

describe('process manager state', () => {
  it('swap keeps the process table identical (pm exportState before = after, modulo the policy field)', async () => {
    const s = await boot(['forkpipe']);
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(2_000_000);
    const pm = s.process as ProcessManager;
    const before = JSON.stringify(pm.exportState(), (_k, v) => (typeof v === 'object' && v && 'forEachPage' in v ? '[address space]' : v));
    expect((await swap(s, 'process', 'process-manager')).outcome).toBe('committed');
    const after = JSON.stringify(s.process.exportState(), (_k, v) => (typeof v === 'object' && v && 'forEachPage' in v ? '[address space]' : v));
    expect(after).toBe(before);
  });
});

describe('swaps while the machine runs asynchronously', () => {
  it('swaps requested while runAsync drives the guest land between slices; the guest output is exact', async () => {
    const c = guestCase('forkpipe');
    const s = await boot(['forkpipe']);
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    const running = s.runAsync({ slice: 50_000 });
    const records = [];
    const plan: Array<[string, string]> = [['scheduler', 'stride'], ['allocator', 'buddy'], ['filesystem', 'write-back'], ['process', 'process-manager'], ['scheduler', 'fair'], ['filesystem', 'write-through']];
    for (const [family, impl] of plan) {
      await new Promise((r) => setImmediate(r));
      if (s.process.count() === 0) break;
      records.push(await swap(s, family, impl));
    }
    expect(await running).toBe('done');
    expect(records.length).toBeGreaterThan(3);
    expect(records.every((r) => r.outcome === 'committed' && r.latencyCycles === 0)).toBe(true);
    expect(stdout(s)).toBe(c.expectedStdout.toString('latin1'));
  });
});

