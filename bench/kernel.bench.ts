// The kernel as a whole: null system call round trip (getpid loop) against qemu-riscv32 on the same
// ELF, fork+exec+wait rate, file I/O through the filesystem component, and the whole-system cost of the
// interceptors (the same workloads on a kernel built with thread counting vs one bound directly; see
// bench/whole-system.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootSystem, type BootOptions } from '../boot/system.js';
import type { BenchOptions, BenchRow } from './harness.js';
import type { Sample, Workload } from './whole-system.js';

export const name = 'kernel';

const bin = (f: string) => fileURLToPath(new URL(`../workloads/bin/${f}`, import.meta.url));

/** Wall ms and emulated cycles of one guest run on a freshly booted kernel (boot excluded). */
async function runGuest(elf: string, args: string[], options: BootOptions = {}, extra: string[] = []): Promise<{ ms: number; cycles: number; instructions: number; syscalls: number }> {
  const files = [elf, ...extra].map((f) => ({ path: `/${basename(f)}`, data: readFileSync(f), mode: 0o755 }));
  const system = await bootSystem({ ...options, files });
  const c0 = system.machine.cycle;
  const i0 = system.machine.instructions;
  system.spawn(`/${basename(elf)}`, [basename(elf), ...args]);
  const t0 = process.hrtime.bigint();
  const r = system.runToCompletion(2e10);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r !== 'done') throw new Error(`${elf} ${args.join(' ')}: ${r}`);
  const exit = system.process.exits()[0];
  if (exit?.code !== 0) throw new Error(`${elf} ${args.join(' ')} exited with ${JSON.stringify(exit)}`);
  return { ms, cycles: system.machine.cycle - c0, instructions: system.machine.instructions - i0, syscalls: system.syscall.stats().total };
}

async function best<T extends { ms: number }>(rounds: number, f: () => Promise<T>): Promise<T> {
  let b: T | null = null;
  for (let i = 0; i < rounds; i++) {
    const r = await f();
    if (b === null || r.ms < b.ms) b = r;
  }
  return b!;
}

function qemuMs(elf: string, args: string[], rounds: number): number | null {
  if (spawnSync('qemu-riscv32', ['--version'], { stdio: 'ignore' }).status !== 0) return null;
  let bestMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync('qemu-riscv32', [elf, ...args], { stdio: 'ignore' });
    if (res.status !== 0) return null;
    bestMs = Math.min(bestMs, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return bestMs;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const n = Math.round(200_000 * opts.scale);

  // Null system call: the difference between n+1 and 1 getpid calls, per call.
  opts.log(`getpid x ${n}`);
  const getpid = bin('getpid.elf');
  const many = await best(3, () => runGuest(getpid, [String(n)]));
  const one = await best(3, () => runGuest(getpid, ['1']));
  const nsPerCall = ((many.ms - one.ms) * 1e6) / n;
  const qMany = qemuMs(getpid, [String(n)], 3);
  const qOne = qemuMs(getpid, ['1'], 3);
  const qemuNs = qMany !== null && qOne !== null ? ((qMany - qOne) * 1e6) / n : null;
  rows.push({
    case: 'null syscall (getpid) round trip', value: nsPerCall, unit: 'ns',
    ratio: qemuNs !== null ? qemuNs / nsPerCall : undefined,
    note: qemuNs !== null ? `qemu-riscv32 ${qemuNs.toFixed(0)} ns; ratio = qemu/tessera` : 'qemu-riscv32 not installed',
  });

  // fork + execve + wait: the exec guest does three of them (echo, hello, a failing one) plus one failed execve.
  opts.log('fork+exec+wait');
  const exec = await best(3, () => runGuest(bin('exec.elf'), [], {}, [bin('echo.elf'), bin('hello.elf')]));
  rows.push({ case: 'fork+exec+wait (exec guest, 3 children)', value: 3 / (exec.ms / 1000), unit: 'per s', note: `${exec.ms.toFixed(1)} ms wall, ${exec.cycles} emulated cycles incl. disk` });

  // File I/O through the filesystem component (files guest: create, write, read, seek, stat, unlink).
  opts.log('files');
  for (const fs of ['components.filesystem.WriteThrough', 'components.filesystem.WriteBack']) {
    const r = await best(3, () => runGuest(bin('files.elf'), [], { adlArgs: { filesystem: fs } }));
    rows.push({ case: `files guest on ${fs.split('.').pop()}`, value: r.ms, unit: 'ms', note: `${r.syscalls} system calls, ${r.cycles} cycles` });
  }

  // Context switches: two CPU-bound processes at a short and a long quantum; the difference in wall time
  // over the difference in timer-driven switches is the cost of one (trap, scheduler, context swap, and
  // the machine resuming the other process's code).
  opts.log('context switch');
  const benchElf = bin('bench.elf');
  const pair = async (quantum: number) => {
    const files = [{ path: '/bench.elf', data: readFileSync(benchElf), mode: 0o755 }];
    const system = await bootSystem({ files, adlArgs: { quantum: String(quantum) } });
    for (let i = 0; i < 2; i++) system.spawn('/bench.elf', ['bench.elf', String(Math.round(150 * opts.scale))]);
    const ticks0 = system.traps.ticks;
    const t0 = process.hrtime.bigint();
    if (system.runToCompletion(2e10) !== 'done') throw new Error('context-switch pair did not finish');
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, switches: system.traps.ticks - ticks0 };
  };
  const short = await best(3, () => pair(2_000));
  const long = await best(3, () => pair(1_000_000));
  rows.push({
    case: 'context switch (timer preemption, 2 processes)', value: ((short.ms - long.ms) * 1e6) / (short.switches - long.switches), unit: 'ns',
    note: `${short.switches} switches at quantum 2,000 (${short.ms.toFixed(0)} ms) vs ${long.switches} at 1,000,000 (${long.ms.toFixed(0)} ms)`,
  });

  rows.push(...interceptorOverhead(opts));
  return rows;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One sample process of bench/whole-system.ts. */
function wholeSystemSample(mode: 'thread-counting' | 'none', workload: Workload, runs: number, calls: number): Sample {
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const script = fileURLToPath(new URL('./whole-system.ts', import.meta.url));
  const r = spawnSync(process.execPath, [runTs, script, mode, workload, String(runs), String(calls)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`whole-system ${mode} ${workload} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

/**
 * Interceptors on (thread counting) vs off (reconfiguration 'none'), in interleaved sample processes
 * (A B, B A, ...). A sample's figure is its best warm run (runs after the first) in CPU time, which a
 * loaded machine disturbs less than wall time; the overhead is the median of the paired ratios.
 * BENCH_PAIRS (default 6) sets the pairs, BENCH_OVERHEAD=mix,getpid,trap the workloads.
 */
export function interceptorOverhead(opts: BenchOptions): BenchRow[] {
  const pairs = Math.max(2, Math.round(Number(process.env.BENCH_PAIRS ?? 6) * Math.min(1, opts.scale)));
  const rows: BenchRow[] = [];
  const cases: Array<[Workload, string, number, number]> = [
    ['mix', 'whole system: 7 guests at once (CPU, fork/exec, pipes, files, sort, getpid)', 4, 0],
    ['getpid', 'worst case: getpid loop alone', 4, Math.round(300_000 * opts.scale)],
    ['trap', 'trap path only (onTrap(ecall getpid) in a JS loop)', 3, Math.round(2_000_000 * opts.scale)],
  ];
  const only = process.env.BENCH_OVERHEAD?.split(',');
  for (const [workload, label, runs, calls] of cases) {
    if (only && !only.includes(workload)) continue;
    const by: Record<'thread-counting' | 'none', Sample[]> = { 'thread-counting': [], none: [] };
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? (['thread-counting', 'none'] as const) : (['none', 'thread-counting'] as const);
      for (const mode of order) {
        opts.log(`interceptor overhead: ${workload} ${mode} (pair ${i + 1}/${pairs})`);
        by[mode].push(wholeSystemSample(mode, workload, runs, calls));
      }
    }
    const warm = (s: Sample) => Math.min(...s.cpu.slice(1));
    const cold = (s: Sample) => s.cpu[0]!;
    const tc = by['thread-counting'];
    const none = by.none;
    const ratio = median(tc.map((s, i) => warm(s) / warm(none[i]!)));
    const coldRatio = median(tc.map((s, i) => cold(s) / cold(none[i]!)));
    const tcWarm = median(tc.map(warm));
    const noneWarm = median(none.map(warm));
    const syscalls = tc[0]!.syscalls;
    if (workload === 'trap') {
      rows.push({
        case: `interceptors on: ${label}`, value: tcWarm - noneWarm, unit: 'ns/trap', ratio,
        note: `thread-counting ${tcWarm.toFixed(1)} ns vs none ${noneWarm.toFixed(1)} ns (CPU time, medians of ${pairs} interleaved pairs)`,
      });
      continue;
    }
    const perSyscall = workload === 'getpid' ? ` (${(((tcWarm - noneWarm) * 1e6) / syscalls).toFixed(1)} ns added each)` : '';
    rows.push({
      case: `interceptors on: ${label}`, value: (ratio - 1) * 100, unit: '% slower', ratio,
      note: `CPU ms thread-counting ${tcWarm.toFixed(1)} vs none ${noneWarm.toFixed(1)}; ${syscalls} syscalls${perSyscall}; ` +
        `first run after boot: ${((coldRatio - 1) * 100).toFixed(1)}%; ${pairs} interleaved pairs`,
    });
  }
  return rows;
}
