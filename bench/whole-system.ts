// The whole-system benchmark of the reconfiguration interceptors: the same workloads on a kernel whose
// primitives count threads and on one whose primitives are bound directly (reconfiguration 'none').
//
// Each sample is a fresh Node process (`node bin/run-ts.js bench/whole-system.ts MODE WORKLOAD RUNS`),
// as `tessera exec` is: two kernels in one process would share the kernel's code and its type feedback,
// so each mode would measure the other's call sites too. bench/kernel.bench.ts runs the samples
// interleaved (A B B A ...) and takes the median of the paired ratios, which cancels the load of a
// shared machine better than best-of-N per mode. Inside a sample the workload runs RUNS times, each on a
// freshly booted kernel (what tests and experiments do); the first run includes V8's warm-up.
//
// Workloads:
//  - mix: one kernel running seven guests at once under timer preemption: CPU-bound (bench), fork+exec+
//    wait (exec), fork/pipe/kill (forkpipe), a four-stage execve pipeline (pipeline), file I/O (files),
//    sorting (sort) and a null-system-call loop (getpid);
//  - getpid: the null-system-call loop alone, the worst case (all kernel time is trap path);
//  - trap: the trap path without the machine: `onTrap(ecall)` for getpid in a JS loop, ns per trap.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootSystem, type TesseraSystem } from '../boot/system.js';
import type { ReconfigurationMode } from '../bindings/index.js';

export type Workload = 'mix' | 'getpid' | 'trap';

/** What one sample process reports: per run, CPU and wall ms (or ns per trap for 'trap'), and the syscalls of a run. */
export interface Sample {
  mode: ReconfigurationMode;
  workload: Workload;
  cpu: number[];
  wall: number[];
  syscalls: number;
}

const bin = (f: string) => fileURLToPath(new URL(`../workloads/bin/${f}`, import.meta.url));

const MIX: Array<[string, string[]]> = [
  ['bench.elf', ['60']],
  ['exec.elf', []],
  ['forkpipe.elf', []],
  ['pipeline.elf', ['120']],
  ['files.elf', []],
  ['sort.elf', []],
  ['getpid.elf', ['20000']],
];
const ELFS = ['bench.elf', 'exec.elf', 'echo.elf', 'hello.elf', 'forkpipe.elf', 'pipeline.elf', 'filter.elf', 'files.elf', 'sort.elf', 'getpid.elf'];
const images = new Map<string, Uint8Array>();
const image = (f: string) => images.get(f) ?? images.set(f, readFileSync(bin(f))).get(f)!;

async function boot(mode: ReconfigurationMode): Promise<TesseraSystem> {
  return bootSystem({ reconfiguration: mode, files: ELFS.map((f) => ({ path: `/${f}`, data: image(f), mode: 0o755 })) });
}

function finish(system: TesseraSystem, what: string): void {
  const r = system.runToCompletion(2e10);
  if (r !== 'done') throw new Error(`whole-system ${what}: ${r}`);
  const bad = system.process.exits().filter((x) => x.code !== 0);
  if (bad.length > 0) throw new Error(`whole-system ${what}: a guest failed: ${JSON.stringify(bad[0])}`);
}

function timed(f: () => void): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  f();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall };
}

/** One run of `workload` on a fresh kernel: ms (mix, getpid) or ns per trap (trap). */
async function runOnce(mode: ReconfigurationMode, workload: Workload, getpidCalls: number): Promise<{ cpu: number; wall: number; syscalls: number }> {
  const system = await boot(mode);
  if (workload === 'mix') {
    for (const [elf, args] of MIX) system.spawn(`/${elf}`, [elf, ...args]);
    const t = timed(() => finish(system, 'mix'));
    return { ...t, syscalls: system.syscall.stats().total };
  }
  if (workload === 'getpid') {
    system.spawn('/getpid.elf', ['getpid.elf', String(getpidCalls)]);
    const t = timed(() => finish(system, 'getpid'));
    return { ...t, syscalls: system.syscall.stats().total };
  }
  // trap: stop the getpid guest inside its loop, then replay its ecall from JavaScript.
  system.spawn('/getpid.elf', ['getpid.elf', '1000000000']);
  while (system.syscall.stats().total < 1000) system.machine.run(10_000);
  const { traps, machine } = system;
  const regs = system.cpu.regs;
  const pc = machine.hart.pc;
  const a7 = regs[17]!;
  const loop = (n: number) => {
    for (let i = 0; i < n; i++) {
      regs[17] = a7;
      machine.hart.pc = pc;
      traps.onTrap(8, 0);
    }
  };
  loop(200_000);
  const n = getpidCalls;
  const t = timed(() => loop(n));
  if (traps.faults.length > 0) throw new Error(`whole-system trap: kernel fault ${traps.faults[0]!.error}`);
  return { cpu: (t.cpu * 1e6) / n, wall: (t.wall * 1e6) / n, syscalls: n };
}

export async function sample(mode: ReconfigurationMode, workload: Workload, runs: number, getpidCalls: number): Promise<Sample> {
  const out: Sample = { mode, workload, cpu: [], wall: [], syscalls: 0 };
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(mode, workload, getpidCalls);
    out.cpu.push(r.cpu);
    out.wall.push(r.wall);
    out.syscalls = r.syscalls;
  }
  return out;
}

// As a script: one sample, as JSON on stdout.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mode, workload, runs, calls] = process.argv.slice(2);
  if ((mode !== 'thread-counting' && mode !== 'none') || !['mix', 'getpid', 'trap'].includes(workload ?? '')) {
    console.error('usage: node bin/run-ts.js bench/whole-system.ts thread-counting|none mix|getpid|trap [runs] [getpid calls]');
    process.exit(2);
  }
  const s = await sample(mode, workload as Workload, Number(runs ?? 3), Number(calls ?? 300_000));
  process.stdout.write(JSON.stringify(s) + '\n');
}
