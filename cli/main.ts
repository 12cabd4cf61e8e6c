// The `tessera` command: one commander program, one file per subcommand under cli/commands/.
import { Command } from 'commander';

const program = new Command();
program
  .name('tessera')
  .description('Tessera: a reconfigurable component kernel (Fractal components, hot-swapped while RISC-V programs run)')
  .showHelpAfterError('(run with --help for usage)');

// Each command module adds itself: `register(program)`. Only the module of the command being run is
// loaded (start-up time: the others pull in vega, the ADL tools, ...); anything else loads them all.
type CommandModule = { register(p: Command): void };
const modules: Array<[commands: string[], load: () => Promise<CommandModule>]> = [
  [['adl'], () => import('./commands/adl.js')],
  [['exec'], () => import('./commands/exec.js')],
  [['mkfs', 'fsck'], () => import('./commands/mkfs.js')],
  [['swap'], () => import('./commands/swap.js')],
  [['experiment'], () => import('./commands/experiment.js')],
  [['repl'], () => import('./commands/repl.js')],
  [['run'], () => import('./commands/run.js')],
  [['bench'], () => import('./commands/bench.js')],
];
const only = modules.filter(([commands]) => commands.includes(process.argv[2] ?? ''));
for (const [, load] of only.length === 1 ? only : modules) (await load()).register(program);

await program.parseAsync(process.argv);
