// `tessera experiment uptime|sweep|merge`: uptime experiments (hot swap vs reboot under load), grids
// of them in worker threads or cluster shards, and merging shard results. Errors print one message
// and exit 1; a run whose swaps lost requests exits 2.
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfigFile } from '../../experiments/config.js';
import { textSummary } from '../../experiments/outputs.js';
import { loadGrid, mergeSweeps, runSweep, sweepCsv } from '../../experiments/sweep.js';
import { runUptime } from '../../experiments/uptime.js';

function progressBar(label: string): SingleBar | null {
  if (!process.stderr.isTTY || process.env.CI === 'true' || process.env.CI === '1') return null;
  return new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {value}/{total} {unit}`,
    barCompleteChar: '#', barIncompleteChar: '-', hideCursor: true, clearOnComplete: true,
  });
}

function fail(e: unknown): void {
  const known = e instanceof ConfigError || (e instanceof Error && /Error$/.test(e.name) && e.name !== 'Error' && e.name !== 'TypeError');
  process.stderr.write(`tessera experiment: ${e instanceof Error ? (known ? e.message : e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
}

export function register(program: Command): void {
  const exp = program.command('experiment').description('uptime experiments: what a hot swap costs against a reboot');

  exp.command('uptime')
    .description('run one uptime experiment from a JSON or YAML config and write requests.csv, events.json, summary.json, SVG plots, report.html')
    .requiredOption('--config <file>', 'experiment config (.json, or .yaml/.yml with the same keys)')
    .option('--seed <n>', 'seed (overrides the config\'s)', (v) => Number.parseInt(v, 10))
    .option('--out <dir>', 'output directory', 'experiments/out/uptime')
    .option('--no-plots', 'skip the SVG plots and report.html')
    .option('--deterministic', 'charge no host wall time (overrides costs.chargeWallTime): a bit-for-bit repeatable run')
    .action(async (o: { config: string; seed?: number; out: string; plots: boolean; deterministic?: boolean }) => {
      try {
        const config = loadConfigFile(o.config, o.seed);
        if (o.deterministic) config.costs.chargeWallTime = false;
        const bar = progressBar(`${config.name}`);
        const ms = (c: number): number => Math.floor((c * 1000) / config.kernel.hz);
        let started = false;
        const r = await runUptime(config, {
          out: o.out, plots: o.plots,
          onProgress: (cycle, end) => {
            if (!bar) return;
            if (!started) { bar.start(ms(end), 0, { unit: 'ms emulated' }); started = true; }
            bar.update(ms(cycle));
          },
        });
        bar?.stop();
        process.stdout.write(textSummary(r.summary, o.out, r.run) + '\n');
        if (r.summary.violations.length) process.exitCode = 2;
      } catch (e) {
        fail(e);
      }
    });

  exp.command('sweep')
    .description('run a grid of uptime experiments (worker threads; --shard i/n for a cluster job array)')
    .requiredOption('--grid <file>', 'grid file (JSON): { config, axes: { "dotted.path": [values] }, plots }')
    .requiredOption('--out <dir>', 'output directory (one job-NNNN/ per job, sweep.json, sweep.csv)')
    .option('--shard <i/n>', 'run only jobs with index mod n = i (0 <= i < n)')
    .option('--workers <k>', 'worker threads (0: run in this thread; default: cores)', (v) => Number.parseInt(v, 10))
    .action(async (o: { grid: string; out: string; shard?: string; workers?: number }) => {
      try {
        const grid = loadGrid(o.grid);
        const bar = progressBar(grid.name);
        const rows = await runSweep(grid, {
          out: o.out, shard: o.shard, workers: o.workers,
          onJobDone: (r, done, total) => {
            if (bar) {
              if (done === 1) bar.start(total, 0, { unit: 'jobs' });
              bar.update(done);
            } else process.stderr.write(`${r.id}: ${r.ok ? 'ok' : `failed: ${r.error}`} (${done}/${total})\n`);
          },
        });
        bar?.stop();
        process.stdout.write(sweepCsv(rows));
        if (rows.some((r) => r.status === 'failed')) process.exitCode = 1;
      } catch (e) {
        fail(e);
      }
    });

  exp.command('merge')
    .description('combine the results of several sweep directories (shards) into one sweep.json and sweep.csv')
    .argument('<dirs...>', 'sweep output directories')
    .requiredOption('--out <dir>', 'where to write the merged index')
    .action((dirs: string[], o: { out: string }) => {
      try {
        const rows = mergeSweeps(dirs, o.out);
        process.stdout.write(sweepCsv(rows));
      } catch (e) {
        fail(e);
      }
    });
}
