// Machine speed: guest MIPS of the RV32IM machine for each engine ('jit': WebAssembly regions,
// 'js': JavaScript blocks) on CPU-bound guests of workloads/, and qemu-riscv32's time on the same
// ELF with the same arguments in the same run when qemu is installed (ratio = qemu time / Tessera
// time, 1.0 = qemu's speed), with the geometric mean of the ratios per engine, the compile time of
// the regions, the cold first run, and the share of instructions retired outside WebAssembly.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchRow } from './harness.js';
import { BufferConsole } from '../machine/devices/console.js';
import type { Engine } from '../machine/hart.js';
import { StandaloneRunner } from '../machine/standalone/runner.js';

export const name = 'machine';

const bin = (f: string) => fileURLToPath(new URL(`../workloads/bin/${f}`, import.meta.url));

function hasQemu(): boolean {
  return spawnSync('qemu-riscv32', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Best of `rounds` wall times of qemu-riscv32 on the ELF, in ms. */
function qemuMs(elf: string, args: string[], rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync('qemu-riscv32', [elf, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`qemu-riscv32 ${elf} ${args.join(' ')} exited with ${res.status}`);
    best = Math.min(best, ms);
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
  const ratios = new Map<Engine, number[]>(engines.map((e) => [e, []]));
  for (const g of guests) {
    const elf = bin(g.elf);
    // qemu is timed between the engines' runs so that both see the same load.
    const q = qemu ? qemuMs(elf, g.args, 3) : NaN;
    for (const engine of engines) {
      // The first run in this process includes compiling (WebAssembly modules are cached per process after it).
      const first = tesseraRun(elf, g.args, engine);
      let best = first;
      for (let r = 0; r < 3; r++) {
        const t = tesseraRun(elf, g.args, engine);
        if (t.stdout !== first.stdout) throw new Error(`${g.elf}: output differs between runs of engine ${engine}`);
        if (t.ms < best.ms) best = t;
      }
      const mips = best.instructions / best.ms / 1e3;
      const row: BenchRow = {
        case: `${g.label} [${engine}]: guest MIPS`, value: mips, unit: 'MIPS',
        note: `${(best.instructions / 1e6).toFixed(1)} M instructions in ${best.ms.toFixed(0)} ms wall, ${best.cpuMs.toFixed(0)} ms CPU (${(best.instructions / best.cpuMs / 1e3).toFixed(0)} MIPS by CPU time); first (cold) run ${first.ms.toFixed(0)} ms`,
      };
      if (engine === 'jit') {
        const outside = 1 - best.regionInstructions / best.instructions;
        row.note += `; ${first.compiled} regions compiled in ${first.compileMs.toFixed(0)} ms (cold run); ${(100 * outside).toFixed(2)}% of instructions outside WebAssembly (interpreter, JS blocks near budget ends); ${(best.instructions / Math.max(1, best.regionEntries)).toFixed(0)} instructions per region entry`;
      }
      if (qemu) {
        row.ratio = q / best.ms;
        row.note += `; qemu-riscv32 ${q.toFixed(0)} ms (${(best.instructions / q / 1e3).toFixed(0)} MIPS); ratio = qemu time / Tessera time`;
        ratios.get(engine)!.push(row.ratio);
      }
      opts.log(`${row.case} ${mips.toFixed(1)}${row.ratio === undefined ? '' : ` ratio ${row.ratio.toFixed(3)}`}`);
      rows.push(row);
    }
  }
  for (const engine of engines) {
    const rs = ratios.get(engine)!;
    if (rs.length === 0) continue;
    const geo = geomean(rs);
    rows.push({ case: `geometric mean of qemu time / Tessera time [${engine}]`, value: geo, unit: 'ratio', ratio: geo, note: `${rs.length} guests, range ${Math.min(...rs).toFixed(3)}..${Math.max(...rs).toFixed(3)}` });
  }
  return rows;
}
