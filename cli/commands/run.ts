// `tessera run [ADL] [--init "PROG ARGS"]`: boots a kernel from an ADL file with the guests' disk image,
// runs an init program (or a workload) to completion, prints the guests' output and how each process
// ended. Exit status: the init program's (as a shell reports it), or for a workload 0 when every guest
// exited 0 and 1 otherwise; 2 for a usage or boot error. --json prints the exits as JSON on stdout
// (guest output then goes to stderr).
import type { Command } from 'commander';
import { AdlError, formatDiagnostic } from '../../adl/index.js';
import { statusOf } from '../../boot/exec.js';
import { GuestOutput } from '../guest-output.js';
import { MachineDriver } from '../machine-driver.js';
import { words } from '../repl/commands.js';
import { bootCliSystem, CliUsageError, intOption } from '../system-boot.js';
import { guestPrograms, workload, WORKLOADS } from '../workload.js';

export interface RunOptions {
  init?: string;
  workload: string;
  seed: string;
  json?: boolean;
  maxCycles?: string;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('boot a kernel from an ADL file and run an init program, or a workload, to completion')
    .argument('[adl]', 'kernel architecture (default components/Kernel.fractal)')
    .option('--init <command>', `program and arguments to run as pid 1, e.g. "bench 100" (programs: ${guestPrograms().join(', ')})`)
    .option('--workload <name>', `without --init: the guests to run (${Object.keys(WORKLOADS).join(', ')})`, 'default')
    .option('--seed <n>', 'seed of every deterministic choice', '1')
    .option('--max-cycles <n>', 'stop after this many emulated cycles (exit status 124 if processes remain)')
    .option('--json', 'print { exits, cycles, instructions, wallMs } as JSON on stdout; guest output goes to stderr')
    .action(async (adl: string | undefined, o: RunOptions) => {
      process.exit(await run(adl, o, process.stdout, process.stderr));
    });
}

type Out = { write(s: string): unknown };

/** Runs `tessera run` and returns its exit status (tests call it in-process). */
export async function run(adl: string | undefined, o: RunOptions, stdout: Out, stderr: Out): Promise<number> {
  let initArgv: string[] | null = null;
  try {
    if (o.init !== undefined) {
      initArgv = words(o.init);
      const prog = initArgv[0];
      if (!prog) throw new CliUsageError('--init: empty command; expected e.g. --init "bench 100"');
      if (!prog.startsWith('/') && !guestPrograms().includes(prog)) {
        throw new CliUsageError(`--init: no program '${prog}' in /bin; programs: ${guestPrograms().join(', ')}`);
      }
    }
    const w = initArgv ? null : workload(o.workload);
    const maxCycles = o.maxCycles === undefined ? Infinity : intOption(o.maxCycles, '--max-cycles', 0);
    const system = await bootCliSystem({ adl, seed: intOption(o.seed, '--seed', 1), workload: w });
    const outStream = o.json ? stderr : stdout;
    const print = (line: string) => outStream.write(`${line}\n`);
    const output = new GuestOutput(system, print, initArgv === null);
    const driver = new MachineDriver(system, { output, notice: initArgv ? () => {} : print, slice: 5_000_000 });
    const initPid = initArgv ? driver.spawn(initArgv[0]!, initArgv.slice(1)) : null;
    if (w) driver.startWorkload(w);
    const t0 = performance.now();
    let result = 'done';
    while (system.process.count() > 0) {
      if (system.machine.cycle >= maxCycles) {
        result = 'budget';
        break;
      }
      const r = driver.step(Math.min(driver.slice, maxCycles - system.machine.cycle));
      if (r === 'idle' && system.process.count() > 0) {
        result = 'idle';
        break;
      }
    }
    output.flush();
    const wallMs = performance.now() - t0;
    const exits = system.process.exits();
    if (o.json) {
      stdout.write(`${JSON.stringify({ result, exits, cycles: system.machine.cycle, instructions: system.machine.instructions, wallMs: Math.round(wallMs) }, null, 2)}\n`);
    }
    if (result === 'budget') {
      stderr.write(`tessera run: stopped at cycle ${system.machine.cycle} (--max-cycles) with ${system.process.count()} processes left\n`);
      return 124;
    }
    if (result === 'idle') {
      stderr.write(`tessera run: ${system.process.count()} processes wait for something that never comes; stopped\n`);
      return 1;
    }
    if (initPid !== null) return statusOf(system, initPid);
    return exits.every((e) => e.code === 0 && e.signal === null) ? 0 : 1;
  } catch (e) {
    const msg = e instanceof AdlError ? e.diagnostics.map(formatDiagnostic).join('\n') : (e as Error).message;
    stderr.write(`tessera run: ${msg}\n`);
    return 2;
  }
}
