// `tessera swap [--adl FILE] [--program ELF] [--cycles N] [--strategy S] [--script FILE] [--json] PATH IMPL`:
// one-shot hot swap. Boots the kernel, runs the workload (default: the committed forkpipe guest) for
// N cycles, replaces the component at PATH ("scheduler", ...) by IMPL ("mlfq", ...) — or runs a
// reconfiguration script — prints the record(s), then lets the workload finish and checks it did.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { ROOT, bootSystem } from '../../boot/system.js';
import { currentImplementation, script, swap, UnknownImplementationError } from '../../boot/reconfigure.js';
import { formatRecord, ScriptError, type SwapRecord } from '../../reconfig/index.js';
import { statusOf } from '../../boot/exec.js';

interface SwapCliOptions {
  adl?: string;
  program: string;
  cycles: string;
  strategy?: string;
  timeout?: string;
  script?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('swap')
    .description('hot-swap one kernel component while a guest runs, and print the swap record')
    .argument('[path]', 'component path in the kernel ADL: scheduler, allocator, filesystem, process, syscall')
    .argument('[impl]', 'implementation: round-robin, priority, mlfq, stride, fair; bitmap, buddy, free-list; write-through, write-back; ...')
    .option('--adl <file>', 'kernel architecture (default components/Kernel.fractal)')
    .option('--program <elf>', 'guest to run around the swap', join(ROOT, 'workloads', 'bin', 'forkpipe.elf'))
    .option('--cycles <n>', 'emulated cycles to run before the swap', '2000000')
    .option('--strategy <name>', 'safe-state strategy: thread-counting (default) or quiescence')
    .option('--timeout <ms>', 'bound of the wait for a safe state, ms')
    .option('--script <file>', 'run a reconfiguration script ($kernel is the kernel) instead of PATH IMPL')
    .option('--json', 'print the record(s) as JSON')
    .action(async (path: string | undefined, impl: string | undefined, opts: SwapCliOptions) => {
      try {
        process.exitCode = await runSwap(path, impl, opts);
      } catch (e) {
        if (e instanceof UnknownImplementationError || e instanceof ScriptError) {
          process.stderr.write(`tessera swap: ${e.message}\n`);
          process.exitCode = 2;
          return;
        }
        process.stderr.write(`tessera swap: ${(e as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}

async function runSwap(path: string | undefined, impl: string | undefined, opts: SwapCliOptions): Promise<number> {
  if (!opts.script && (!path || !impl)) throw new UnknownImplementationError('expected PATH IMPL (e.g. `tessera swap scheduler mlfq`) or --script FILE');
  const elf = basename(opts.program);
  const system = await bootSystem({ adl: opts.adl, files: [{ path: `/${elf}`, data: readFileSync(opts.program), mode: 0o755 }] });
  system.spawn(`/${elf}`, [elf]);
  system.run(Number(opts.cycles));
  const swapOptions = { ...(opts.strategy ? { strategy: opts.strategy } : {}), ...(opts.timeout ? { timeoutMs: Number(opts.timeout) } : {}) };
  let records: readonly SwapRecord[];
  if (opts.script) {
    records = (await script(system, readFileSync(opts.script, 'utf8'), swapOptions)).records;
  } else {
    const before = currentImplementation(system, path!);
    records = [await swap(system, path!, impl!, swapOptions)];
    if (!opts.json) process.stdout.write(`${path}: ${before} -> ${currentImplementation(system, path!)}\n`);
  }
  const end = system.runToCompletion(4e9);
  const guest = { program: elf, finished: end === 'done', status: statusOf(system, 1), cycles: system.machine.cycle };
  if (opts.json) process.stdout.write(`${JSON.stringify({ records, guest }, null, 2)}\n`);
  else {
    for (const r of records) process.stdout.write(`${formatRecord(r)}\n`);
    process.stdout.write(`guest ${elf}: ${guest.finished ? `exited with status ${guest.status}` : `did not finish (${end})`} after ${guest.cycles} cycles\n`);
  }
  return records.every((r) => r.outcome === 'committed') && guest.finished ? 0 : 1;
}
