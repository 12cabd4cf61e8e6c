// The process manager's state transfer: export → import into a fresh ProcessManager at arbitrary
// points of a run (processes blocked in waitid, on pipes, on the disk, sleeping) changes nothing the
// guests can see; invalid states are refused with nothing changed.
import { describe, expect, it } from 'vitest';
import { Fractal, Reconfiguration } from '../../bindings/index.js';
import type { ProcessManager } from '../../components/process/ProcessManager.js';
import { processManagerStateSchema, importProcessState, ProcessStateError } from '../../components/process/state.js';
import { guestCase, runCase } from './guests.js';
import { bootSystem } from '../../boot/system.js';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Replaces the process manager's content in place, moving its state (what a swap does, minus the engine). */
async function transplant(system: Awaited<ReturnType<typeof bootSystem>>): Promise<void> {
  const c = system.component('process');
  const lc = Fractal.getLifeCycleController(c);
  await lc.stopFc();
  const old = Reconfiguration.getContent<ProcessManager>(c)!;
  const state = old.exportState();
  expect(processManagerStateSchema.safeParse(state).success).toBe(true);
  Reconfiguration.replaceContent(c, 'components.process.ProcessManager');
  Reconfiguration.getContent<ProcessManager>(c)!.importState(state);
  lc.startFc();
}

async function runWithTransplants(name: string, every: number): Promise<{ stdout: string; status: number; transplants: number; blockedSeen: number }> {
  const c = guestCase(name);
  const files = [c.elfPath, ...c.files].map((f) => ({ path: `/${basename(f)}`, data: readFileSync(f), mode: 0o755 }));
  const system = await bootSystem({ files, console: { input: c.stdinPath ? readFileSync(c.stdinPath) : new Uint8Array() } });
  system.spawn(`/${basename(c.elfPath)}`, [basename(c.elfPath), ...c.args]);
  let transplants = 0;
  let blockedSeen = 0;
  while (system.process.count() > 0) {
    const r = system.run(every);
    blockedSeen += system.process.list().filter((p) => p.state === 'blocked').length;
    await transplant(system);
    transplants++;
    if (r === 'idle') break;
  }
  const exit = system.process.exits()[0];
  return {
    stdout: new TextDecoder('latin1').decode(system.output().stdout),
    status: exit.signal !== null ? 128 + exit.signal : exit.code!,
    transplants,
    blockedSeen,
  };
}

describe('process manager state transfer', () => {
  for (const [name, every] of [['forkpipe', 7_919], ['exec', 20_011], ['files', 15_013], ['clock', 100_003]] as const) {
    it(`${name}: output and status unchanged with a state transplant every ${every} cycles`, async () => {
      const c = guestCase(name);
      const r = await runWithTransplants(name, every);
      expect(r.transplants).toBeGreaterThan(5);
      expect(r.blockedSeen).toBeGreaterThan(0); // transplants happened while processes were parked
      expect(r.stdout).toBe(c.expectedStdout.toString('latin1'));
      expect(r.status).toBe(c.exitCode);
    });
  }

  it('a transplanted state exports identically (export ∘ import is the identity)', async () => {
    const c = guestCase('forkpipe');
    const files = [c.elfPath].map((f) => ({ path: `/${basename(f)}`, data: readFileSync(f), mode: 0o755 }));
    const system = await bootSystem({ files });
    system.spawn(`/${basename(c.elfPath)}`, ['forkpipe.elf']);
    system.run(600_000);
    const old = Reconfiguration.getContent<ProcessManager>(system.component('process'))!;
    const before = old.exportState();
    await transplant(system);
    const after = Reconfiguration.getContent<ProcessManager>(system.component('process'))!.exportState();
    expect(after).toEqual(before);
    expect(before.processes.length).toBeGreaterThan(1);
  });

  it('refuses states it cannot represent, naming the problem', async () => {
    const run = await runCase(guestCase('hello'));
    const pm = Reconfiguration.getContent<ProcessManager>(run.system.component('process'))!;
    const good = pm.exportState();
    const proc = { ...good.processes[0] ?? fakeProcess(1), state: 'runnable' as const, channel: -1 };
    const cases: Array<[string, unknown, RegExp]> = [
      ['wrong version', { ...good, version: 2 }, /version/],
      ['duplicate pid', { ...good, nextPid: 5, current: -1, processes: [proc, proc] }, /pid 1 appears twice/],
      ['dangling description', { ...good, nextPid: 5, current: -1, processes: [{ ...proc, fds: [[0, 7, false]] }] }, /description 7/],
      ['blocked without channel', { ...good, nextPid: 5, current: -1, processes: [{ ...proc, state: 'blocked' }] }, /blocked with channel -1/],
      ['running but not current', { ...good, nextPid: 5, current: -1, processes: [{ ...proc, state: 'running' }] }, /running but current/],
    ];
    for (const [what, state, message] of cases) {
      expect(() => importProcessState(state), what).toThrow(ProcessStateError);
      expect(() => importProcessState(state), what).toThrow(message);
      expect(() => pm.importState(state), what).toThrow(message);
    }
    expect(pm.exportState()).toEqual(good); // nothing changed
  });
});

function fakeProcess(pid: number) {
  return {
    pid, ppid: 0, state: 'runnable' as const, context: new Int32Array(33), space: null, fds: [], cwd: 1, name: 'x', argv: [],
    brkStart: 0, brk: 0, stackBottom: 0, channel: -1, sleepUntil: -1, exitCode: null, termSignal: null, exitSeq: 0,
    cycles: 0, nice: 0, execCount: 0, pendingExec: null,
  };
}
