// `tessera bench [NAME...]`: the benchmarks, as `npm run bench` runs them (bench/run.ts, results in
// bench/results/). The exit status is the benchmark runner's.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ROOT } from '../../boot/system.js';

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks (bench/*.bench.ts, or those whose file name starts with NAME); results in bench/results/')
    .argument('[names...]', 'benchmark file name prefixes, e.g. machine kernel')
    .action((names: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'bench', 'run.ts'), ...names], { stdio: 'inherit' });
      process.exit(r.status ?? 1);
    });
}
