// `tessera repl` (also `tessera` with no command, and `npm start`): boots the kernel, starts the default
// workload and opens the REPL while the machine runs. With --script FILE or piped stdin it runs the
// commands non-interactively (the machine advances only in wait/run-for, then to the end).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AdlError, formatDiagnostic } from '../../adl/index.js';
import { connectEngine } from '../repl/engine-adapter.js';
import { runSession } from '../repl/session.js';
import { bootCliSystem, intOption } from '../system-boot.js';
import { workload, WORKLOADS } from '../workload.js';

interface ReplOptions {
  adl?: string;
  seed?: string;
  script?: string;
  workload: string | false;
  slice?: string;
  history: boolean;
}

export function register(program: Command): void {
  program
    .command('repl', { isDefault: true })
    .description('boot the kernel, start the default workload and open the REPL while the machine runs (the default command)')
    .option('--adl <file>', 'kernel architecture (default components/Kernel.fractal)')
    .option('--seed <n>', 'seed of every deterministic choice', '1')
    .option('--script <file>', 'run the commands of FILE non-interactively, then run the machine to the end')
    .option('--workload <name>', `guests started at boot: ${Object.keys(WORKLOADS).join(', ')}`, 'default')
    .option('--no-workload', 'start no guest (exec PROG starts one)')
    .option('--slice <cycles>', 'emulated cycles per machine slice between REPL events', '1000000')
    .option('--no-history', 'do not read or write the history file ($TESSERA_HISTORY or ~/.tessera_history)')
    .action(async (o: ReplOptions) => {
      let code: number;
      try {
        const w = o.workload === false ? null : workload(o.workload);
        const script = o.script === undefined ? undefined : readFileSync(o.script, 'utf8');
        const system = await bootCliSystem({ adl: o.adl, seed: intOption(o.seed, '--seed', 1), workload: w });
        code = await runSession({
          system,
          engine: connectEngine(system),
          input: process.stdin,
          output: process.stdout,
          interactive: Boolean(process.stdin.isTTY) && script === undefined,
          script,
          workload: w,
          slice: intOption(o.slice, '--slice', 1_000_000) || 1_000_000,
          historyFile: o.history ? undefined : null,
        });
      } catch (e) {
        const msg = e instanceof AdlError ? e.diagnostics.map(formatDiagnostic).join('\n') : (e as Error).message;
        process.stderr.write(`tessera repl: ${msg}\n`);
        code = 2;
      }
      process.exit(code);
    });
}
