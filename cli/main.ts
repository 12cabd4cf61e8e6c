// The `tessera` command: one commander program, one file per subcommand under cli/commands/.
import { Command } from 'commander';

const program = new Command();
program
  .name('tessera')
  .description('Tessera: a reconfigurable component kernel (Fractal components, hot-swapped while RISC-V programs run)')
  .showHelpAfterError('(run with --help for usage)');

// Each command module adds itself: `register(program)`.
const modules: Array<{ register(p: Command): void }> = [
  await import('./commands/adl.js'),
  await import('./commands/exec.js'),
  await import('./commands/mkfs.js'),
  await import('./commands/swap.js'),
  await import('./commands/experiment.js'),
  await import('./commands/repl.js'),
  await import('./commands/run.js'),
  await import('./commands/bench.js'),
];
for (const m of modules) m.register(program);

await program.parseAsync(process.argv);
