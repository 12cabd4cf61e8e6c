// `tessera exec [options] prog.elf [args]`: runs one RV32IM ELF like `qemu-riscv32 prog.elf args`
// (same stdout, stdin, exit status) on the full component kernel; `--standalone` uses the machine's
// bare runner (no kernel, a minimal built-in system-call handler) instead.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ENGINES, type Engine } from '../../machine/hart.js';
import type { SwapSchedule } from '../../boot/reconfigure.js';
import { HostConsole } from '../../machine/devices/console.js';
import { ElfError } from '../../machine/errors.js';
import { StandaloneRunner } from '../../machine/standalone/runner.js';

export function register(program: Command): void {
  // Options after the ELF belong to the guest (like qemu): that needs positional options on the parent.
  program.enablePositionalOptions();
  // -E and -U in command-line order (commander keeps one value per option).
  const envOps: EnvOp[] = [];
  program
    .command('exec')
    .description('run a static RV32IM ELF like qemu-riscv32 does (same stdout, stdin and exit status)')
    .argument('<program>', 'ELF executable (built with -march=rv32im -mabi=ilp32 -static)')
    .argument('[args...]', 'arguments passed to the guest')
    .option('--stats', 'print instructions executed, wall time and MIPS to stderr')
    .option('--seed <n>', 'seed of AT_RANDOM and getrandom', '0')
    .option('--frames <n>', 'physical memory in 4 KiB frames', '16384')
    .option('--engine <engine>', `machine engine for hot code: ${ENGINES.join(', ')} (default jit: WebAssembly regions)`, 'jit')
    .option('--adl <file>', 'kernel architecture (default components/Kernel.fractal)')
    .option('--file <host[:guest]>', 'also put a host file in the guest filesystem (repeatable)', collect, [])
    .option('--swap-every <cycles>', 'hot-swap a random kernel family to a random other implementation every CYCLES emulated cycles (seeded by --seed)')
    .option('--swap <family=impl@cycle>', 'hot-swap FAMILY to IMPL at emulated cycle CYCLE (repeatable), e.g. scheduler=mlfq@500000', collect, [])
    .option('--standalone', 'run on the bare machine with a minimal system-call handler, without the kernel')
    .option('-E, --set-env <var=value>', 'set a variable in the guest environment (repeatable; as qemu-riscv32 -E)', (v: string) => (envOps.push({ op: 'set', arg: v }), v))
    .option('-U, --unset-env <var>', 'remove a variable from the guest environment (repeatable; as qemu-riscv32 -U)', (v: string) => (envOps.push({ op: 'unset', arg: v }), v))
    .option('--env-clear', 'start the guest with an empty environment instead of the host\'s')
    .passThroughOptions()
    .action(async (file: string, args: string[], opts: { stats?: boolean; engine: string; seed: string; frames: string; adl?: string; file: string[]; standalone?: boolean; swapEvery?: string; swap: string[]; envClear?: boolean }) => {
      if (!(ENGINES as readonly string[]).includes(opts.engine)) {
        process.stderr.write(`tessera exec: --engine '${opts.engine}': expected one of ${ENGINES.join(', ')}\n`);
        process.exit(2);
      }
      const engine = opts.engine as Engine;
      let envp: string[];
      try {
        envp = guestEnvironment(opts.envClear ? {} : process.env, envOps);
      } catch (e) {
        process.stderr.write(`tessera exec: ${(e as Error).message}\n`);
        process.exit(2);
      }
      if (!opts.standalone) {
        // The kernel is loaded only when used: --standalone starts ~4x faster without it.
        const { execOnKernel } = await import('../../boot/exec.js');
        const { formatSwapStats, parseSwapSpec } = await import('../../boot/reconfigure.js');
        let outcome;
        try {
          let swaps: SwapSchedule | undefined;
          if (opts.swapEvery !== undefined || opts.swap.length > 0) {
            const every = opts.swapEvery === undefined ? undefined : Number(opts.swapEvery);
            if (every !== undefined && !(Number.isInteger(every) && every > 0)) throw new Error(`--swap-every '${opts.swapEvery}': expected a positive number of cycles`);
            swaps = { every, at: opts.swap.map(parseSwapSpec), seed: Number(opts.seed) };
          }
          outcome = await execOnKernel(file, args, {
            seed: Number(opts.seed), frames: Number(opts.frames), adl: opts.adl, files: opts.file, console: 'host', swaps, engine, envp,
          });
        } catch (e) {
          process.stderr.write(`tessera exec: ${(e as Error).message}\n`);
          process.exit(2);
        }
        if (opts.stats) {
          const m = outcome.system.machine;
          const s = outcome.system.syscall.stats();
          process.stderr.write(
            `tessera: ${m.instructions} instructions, ${m.cycle} cycles, ${s.total} system calls, ${(outcome.wallNs / 1e6).toFixed(1)} ms wall, ${(m.instructions / (outcome.wallNs / 1e3)).toFixed(1)} MIPS\n`,
          );
          if (outcome.swaps) process.stderr.write(formatSwapStats(outcome.swaps) + '\n');
        }
        process.exit(outcome.status);
      }
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        process.stderr.write(`tessera exec: cannot read ${file}: ${(e as Error).message}\n`);
        process.exit(2);
      }
      let consoleDev: HostConsole | null = null;
      let runner: StandaloneRunner;
      try {
        runner = new StandaloneRunner(bytes, {
          argv: [file, ...args],
          envp,
          seed: Number(opts.seed),
          frames: Number(opts.frames),
          engine,
          console: (bus) => (consoleDev = new HostConsole(bus)),
        });
      } catch (e) {
        if (e instanceof ElfError || (e as Error).name.endsWith('Error')) {
          process.stderr.write(`tessera exec: ${(e as Error).message}\n`);
          process.exit(2);
        }
        throw e;
      }
      const t0 = process.hrtime.bigint();
      const outcome = await runner.run();
      const ns = Number(process.hrtime.bigint() - t0);
      (consoleDev as HostConsole | null)?.close();
      if (opts.stats) {
        const mips = outcome.instructions / (ns / 1e3);
        process.stderr.write(
          `tessera: ${outcome.instructions} instructions, ${outcome.cycles} cycles, ${(ns / 1e6).toFixed(1)} ms wall, ${mips.toFixed(1)} MIPS, ${runner.machine.hart.blocksTranslated} blocks translated\n`,
        );
      }
      process.exit(outcome.status);
    });
}

export interface EnvOp {
  op: 'set' | 'unset';
  /** VAR=VALUE for 'set', VAR for 'unset'. */
  arg: string;
}

/**
 * The guest's environment exactly as qemu-riscv32 builds it: a list holding the host's variables in
 * reverse order (qemu inserts each at the head), then each -U removes its variable and each -E puts
 * its variable at the head (removing an earlier one of that name), in command-line order.
 */
export function guestEnvironment(host: NodeJS.ProcessEnv, ops: readonly EnvOp[]): string[] {
  const list: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(host)) if (v !== undefined) list.unshift([k, v]);
  const drop = (name: string) => {
    const i = list.findIndex(([k]) => k === name);
    if (i >= 0) list.splice(i, 1);
  };
  for (const { op, arg } of ops) {
    if (op === 'unset') {
      drop(arg);
      continue;
    }
    const i = arg.indexOf('=');
    if (i <= 0) throw new Error(`-E '${arg}': expected VAR=VALUE`);
    drop(arg.slice(0, i));
    list.unshift([arg.slice(0, i), arg.slice(i + 1)]);
  }
  return list.map(([k, v]) => `${k}=${v}`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
