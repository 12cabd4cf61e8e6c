// Machine speed: guest MIPS of the RV32IM machine for each engine ('jit': WebAssembly regions,
// 'js': JavaScript blocks) on CPU-bound guests of workloads/, and qemu-riscv32's time on the same
// ELF with the same arguments in the same run when qemu is installed (ratio = qemu time / Tessera
// time, 1.0 = qemu's speed), with the geometric mean of the ratios per engine, the compile time of
// the regions, the cold first run, and the share of instructions retired outside WebAssembly.
// Cold figures (what `qemu-riscv32 x.elf` vs `tessera exec x.elf` compares): whole `tessera exec`
// processes (standalone runner and component kernel), split into start-up and run with --stats,
// and the guest's first run in a fresh process (every module compiled, V8 cold) with its compile
// time, against the warm best of 3 in this process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchRow } from './harness.js';
import { BufferConsole } from '../machine/devices/console.js';
import type { Engine } from '../machine/hart.js';
import { StandaloneRunner } from '../machine/standalone/runner.js';

export const name = 'machine';

const bin = (f: string) => fileURLToPath(new URL(`../workloads/bin/${f}`, import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Set in a child process started by coldRun: run one guest once and print its figures as JSON. */
const CHILD_ENV = 'TESSERA_MACHINE_BENCH_COLD';

function hasQemu(): boolean {
  return spawnSync('qemu-riscv32', ['--version'], { stdio: 'ignore' }).status === 0;
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** Runs a command to completion: wall ms, CPU ms of the process and its threads (NaN without /usr/bin/time), stderr. */
function timed(cmd: string, argv: string[]): { ms: number; cpuMs: number; stderr: string } {
  const t0 = process.hrtime.bigint();
  const res = hasTime
    ? spawnSync(TIME, ['-f', '@cpu %U %S', cmd, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', cwd: ROOT })
    : spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', cwd: ROOT });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited with ${res.status}: ${res.stderr}`);
  const m = /@cpu ([\d.]+) ([\d.]+)\s*$/.exec(res.stderr);
  return { ms, cpuMs: m === null ? NaN : (Number(m[1]) + Number(m[2])) * 1000, stderr: res.stderr };
}

/** Best of `rounds` wall times of qemu-riscv32 on the ELF, in ms, and the least CPU time. */
function qemuMs(elf: string, args: string[], rounds: number): { ms: number; cpuMs: number } {
  let best = { ms: Infinity, cpuMs: Infinity };
  for (let r = 0; r < rounds; r++) {
    const t = timed('qemu-riscv32', [elf, ...args]);
    best = { ms: Math.min(best.ms, t.ms), cpuMs: Math.min(best.cpuMs, t.cpuMs) };
  }
  return best;
}

interface TesseraRun {
  instructions: number;
  ms: number;
  cpuMs: number;
  stdout: string;
  /** Region statistics of the 'jit' engine (0 for the others). */
  compiled: number;
  compileMs: number;
  regionInstructions: number;
  regionEntries: number;
}

/** Runs the guest on a fresh machine with `engine`; returns instructions and wall ms (translation included). */
function tesseraRun(elf: string, args: string[], engine: Engine): TesseraRun {
  let con!: BufferConsole;
  const runner = new StandaloneRunner(new Uint8Array(readFileSync(elf)), {
    argv: [elf, ...args],
    console: (bus) => (con = new BufferConsole(bus)),
    engine,
  });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = runner.runSync();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  if (out === null || out.status !== 0) throw new Error(`${elf} did not exit cleanly: ${JSON.stringify(out)}`);
  const h = runner.machine.hart;
  // CPU time includes V8's compiler threads; on a loaded machine it is steadier than wall time.
  return {
    instructions: out.instructions, ms, cpuMs: (cpu.user + cpu.system) / 1000, stdout: con.stdoutText(),
    compiled: h.regionsCompiled, compileMs: h.regionCompileMs, regionInstructions: h.regionInstructions, regionEntries: h.regionEntries,
  };
}

/**
 * Best of `rounds` wall times of a whole `tessera exec` process, the guest run time it reports with
 * --stats in that run, and the least CPU time of the process.
 */
function processMs(elf: string, args: string[], standalone: boolean, rounds: number): { ms: number; runMs: number; cpuMs: number } {
  let best = { ms: Infinity, runMs: NaN, cpuMs: Infinity };
  for (let r = 0; r < rounds; r++) {
    const argv = [fileURLToPath(new URL('../bin/tessera.js', import.meta.url)), 'exec', ...(standalone ? ['--standalone'] : []), '--stats', elf, ...args];
    const t = timed(process.execPath, argv);
    const m = /([\d.]+) ms wall/.exec(t.stderr);
    if (m === null) throw new Error(`tessera exec --stats printed no wall time: ${t.stderr}`);
    if (t.ms < best.ms) best = { ms: t.ms, runMs: Number(m[1]), cpuMs: best.cpuMs };
    best.cpuMs = Math.min(best.cpuMs, t.cpuMs);
  }
  return best;
}

interface ColdRun { ms: number; cpuMs: number; instructions: number; compiled: number; compileMs: number; regionInstructions: number }

/** The guest's first run in a fresh Node process (this file, re-run as a child through tsx). */
function coldRun(elf: string, args: string[], engine: Engine): ColdRun {
  const res = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/run-ts.js', import.meta.url)), fileURLToPath(import.meta.url)], {
    env: { ...process.env, [CHILD_ENV]: JSON.stringify({ elf, args, engine }) }, encoding: 'utf8', cwd: ROOT,
  });
  if (res.status !== 0) throw new Error(`cold run of ${elf} failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as ColdRun;
}

if (process.env[CHILD_ENV] !== undefined) {
  const { elf, args, engine } = JSON.parse(process.env[CHILD_ENV]) as { elf: string; args: string[]; engine: Engine };
  const t = tesseraRun(elf, args, engine);
  process.stdout.write(JSON.stringify({ ms: t.ms, cpuMs: t.cpuMs, instructions: t.instructions, compiled: t.compiled, compileMs: t.compileMs, regionInstructions: t.regionInstructions } satisfies ColdRun) + '\n');
}

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, r) => s + Math.log(r), 0) / xs.length);

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const qemu = hasQemu();
  if (!qemu) opts.log('qemu-riscv32 not found: no ratios');
  const guests: Array<{ label: string; elf: string; args: string[] }> = [
    { label: 'bench (CoreMark-like)', elf: 'bench.elf', args: [String(Math.round(2000 * opts.scale))] },
    { label: 'sort 200000', elf: 'sort.elf', args: [String(Math.round(200000 * opts.scale))] },
    { label: 'recurse', elf: 'recurse.elf', args: [] },
    { label: 'alloc', elf: 'alloc.elf', args: [] },
  ];
  const engines: Engine[] = ['jit', 'js'];
  const rows: BenchRow[] = [];
  /** Ratios (qemu time / Tessera time) per kind of measurement, for the geometric means. */
  const ratios = new Map<string, number[]>();
  const addRatio = (kind: string, r: number) => ratios.set(kind, [...(ratios.get(kind) ?? []), r]);
  for (const g of guests) {
    const elf = bin(g.elf);
    // qemu is timed between Tessera's runs so that both see the same load.
    const qt = qemu ? qemuMs(elf, g.args, 3) : { ms: NaN, cpuMs: NaN };
    const q = qt.ms;
    const qNote = qemu ? `; qemu-riscv32 ${q.toFixed(0)} ms (${qt.cpuMs.toFixed(0)} ms CPU); ratio = qemu time / Tessera time` : '';
    // Cold: whole processes, as a user runs them, and the first run in a fresh process.
    const standalone = processMs(elf, g.args, true, 2);
    const kernel = processMs(elf, g.args, false, 2);
    const cold = coldRun(elf, g.args, 'jit');
    const coldStats = `${cold.compiled} regions compiled in ${cold.compileMs.toFixed(0)} ms, ${(100 * (1 - cold.regionInstructions / cold.instructions)).toFixed(2)}% of instructions outside WebAssembly`;
    const coldRows: BenchRow[] = [
      { case: `${g.label}: tessera exec --standalone, whole process (cold)`, value: standalone.ms, unit: 'ms',
        note: `${standalone.cpuMs.toFixed(0)} ms CPU (CPU ratio ${(qt.cpuMs / standalone.cpuMs).toFixed(3)}); start-up ${(standalone.ms - standalone.runMs).toFixed(0)} ms (${(100 * (1 - standalone.runMs / standalone.ms)).toFixed(0)}%: Node, module loading, machine setup), guest run ${standalone.runMs.toFixed(0)} ms${qNote}` },
      { case: `${g.label}: tessera exec (component kernel), whole process (cold)`, value: kernel.ms, unit: 'ms',
        note: `${kernel.cpuMs.toFixed(0)} ms CPU (CPU ratio ${(qt.cpuMs / kernel.cpuMs).toFixed(3)}); start-up and boot ${(kernel.ms - kernel.runMs).toFixed(0)} ms, guest run ${kernel.runMs.toFixed(0)} ms${qNote}` },
      { case: `${g.label} [jit]: first run in a fresh process`, value: cold.ms, unit: 'ms',
        note: `${(cold.instructions / cold.ms / 1e3).toFixed(0)} MIPS, ${cold.cpuMs.toFixed(0)} ms CPU; ${coldStats}${qNote}` },
    ];
    const kinds = ['cold process --standalone', 'cold process kernel', 'cold first run [jit]'];
    coldRows.forEach((row, k) => {
      if (qemu) {
        row.ratio = q / row.value;
        addRatio(kinds[k], row.ratio);
      }
      opts.log(`${row.case} ${row.value.toFixed(0)} ms${row.ratio === undefined ? '' : ` ratio ${row.ratio.toFixed(3)}`}`);
    });
    if (qemu && hasTime && qt.cpuMs > 0) {
      // CPU time is steadier than wall time on a loaded machine (qemu's CPU is measured the same way).
      addRatio('cold process --standalone, CPU time', qt.cpuMs / standalone.cpuMs);
      addRatio('cold process kernel, CPU time', qt.cpuMs / kernel.cpuMs);
    }
    rows.push(...coldRows);
    for (const engine of engines) {
      // The first run in this process includes compiling (WebAssembly modules are cached per process after it).
      const first = tesseraRun(elf, g.args, engine);
      let best = first;
      // The JS engine is the comparison point only: one warm run.
      for (let r = 0; r < (engine === 'jit' ? 3 : 1); r++) {
        const t = tesseraRun(elf, g.args, engine);
        if (t.stdout !== first.stdout) throw new Error(`${g.elf}: output differs between runs of engine ${engine}`);
        if (t.ms < best.ms) best = t;
      }
      const mips = best.instructions / best.ms / 1e3;
      const row: BenchRow = {
        case: `${g.label} [${engine}]: guest MIPS (warm)`, value: mips, unit: 'MIPS',
        note: `${(best.instructions / 1e6).toFixed(1)} M instructions in ${best.ms.toFixed(0)} ms wall, ${best.cpuMs.toFixed(0)} ms CPU (${(best.instructions / best.cpuMs / 1e3).toFixed(0)} MIPS by CPU time); first run in this process ${first.ms.toFixed(0)} ms`,
      };
      if (engine === 'jit') {
        const outside = 1 - best.regionInstructions / best.instructions;
        row.note += `; ${(100 * outside).toFixed(2)}% of instructions outside WebAssembly (interpreter, JS blocks near budget ends); ${(best.instructions / Math.max(1, best.regionEntries)).toFixed(0)} instructions per region entry`;
      }
      if (qemu) {
        row.ratio = q / best.ms;
        row.note += `; qemu-riscv32 ${q.toFixed(0)} ms (${(best.instructions / q / 1e3).toFixed(0)} MIPS); ratio = qemu time / Tessera time`;
        addRatio(`warm [${engine}]`, row.ratio);
      }
      opts.log(`${row.case} ${mips.toFixed(1)}${row.ratio === undefined ? '' : ` ratio ${row.ratio.toFixed(3)}`}`);
      rows.push(row);
    }
  }
  for (const [kind, rs] of ratios) {
    const geo = geomean(rs);
    rows.push({ case: `geometric mean of qemu time / Tessera time, ${kind}`, value: geo, unit: 'ratio', ratio: geo, note: `${rs.length} guests, range ${Math.min(...rs).toFixed(3)}..${Math.max(...rs).toFixed(3)}` });
  }
  return rows;
}
