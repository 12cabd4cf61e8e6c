// Sweeps: a grid of uptime experiments (a base config and axes of values at dotted config paths),
// expanded into numbered jobs in a fixed order, sliced by `--shard i/n` for a cluster's job array, run
// by worker threads, and merged from any number of result directories.
//
// Invariants: the job list depends only on the grid file (axes in file order, the last axis varies
// fastest); job i belongs to shard i mod n; each job writes its own directory `job-NNNN/` with
// job.json and the run's files, so shards can run anywhere and be merged later; a job's summary
// depends only on its config (every run is deterministic from config and seed).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { ConfigError, parseConfig } from './config.js';
import { readConfigFile } from './config-file.js';
import type { Summary } from './metrics.js';

const gridSchema = z.object({
  name: z.string().default('sweep'),
  /** The base config: a file (relative to the grid file) or an inline config. */
  config: z.union([z.string(), z.record(z.string(), z.unknown())]),
  /** Dotted config paths ("load.rate", "events.0.impl", "seed") and the values to try. */
  axes: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)),
  /** Render plots and report.html for every job (default false: summaries, CSV and events only). */
  plots: z.boolean().default(false),
}).strict();

export interface Job {
  index: number;
  id: string;
  params: Record<string, string | number | boolean>;
  /** The raw config with the parameters applied. */
  config: Record<string, unknown>;
  /** Where relative names in the config resolve. */
  baseDir: string;
}

export interface Grid {
  name: string;
  file: string;
  plots: boolean;
  jobs: Job[];
}

/** Sets `value` at a dotted path of a plain JSON object (numeric segments index arrays). */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: unknown = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = (cur as Record<string, unknown>)[parts[i]];
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new ConfigError(`axis '${path}': '${parts.slice(0, i + 1).join('.')}' does not exist in the base config; expected an object or array there`);
    }
    cur = next;
  }
  (cur as Record<string, unknown>)[parts[parts.length - 1]] = value;
}

export function loadGrid(file: string): Grid {
  const { raw, locate } = readConfigFile(file);
  const r = gridSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${locate(i.path)}: ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n'));
  const g = r.data;
  const gridDir = dirname(resolve(file));
  let base: Record<string, unknown>;
  let baseDir = gridDir;
  if (typeof g.config === 'string') {
    const cfgFile = resolve(gridDir, g.config);
    base = readConfigFile(cfgFile).raw as Record<string, unknown>;
    baseDir = dirname(cfgFile);
  } else base = g.config;
  const axes = Object.entries(g.axes);
  const total = axes.reduce((n, [, v]) => n * v.length, 1);
  const jobs: Job[] = [];
  for (let index = 0; index < total; index++) {
    const params: Record<string, string | number | boolean> = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const [path, values] = axes[a];
      params[path] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    const ordered = Object.fromEntries(axes.map(([p]) => [p, params[p]]));
    const config = structuredClone(base);
    for (const [p, v] of Object.entries(ordered)) setPath(config, p, v);
    const id = `job-${String(index).padStart(4, '0')}`;
    // Refuse a bad grid before anything runs.
    parseConfig(config, `${file} ${id}`, baseDir);
    jobs.push({ index, id, params: ordered, config, baseDir });
  }
  return { name: g.name, file: resolve(file), plots: g.plots, jobs };
}

/** "i/n" → the jobs of shard i (0 ≤ i < n). */
export function shardOf<T extends { index: number }>(jobs: T[], shard: string | undefined): T[] {
  if (shard === undefined) return jobs;
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new ConfigError(`--shard ${shard}: expected i/n with 0 <= i < n (e.g. 0/4)`);
  const i = Number(m[1]), n = Number(m[2]);
  return jobs.filter((j) => j.index % n === i);
}

/** What the sweep keeps of each job (sweep.json, sweep.csv). */
export interface JobRow {
  id: string;
  params: Record<string, string | number | boolean>;
  status: 'ok' | 'failed';
  error?: string;
  availability?: number;
  p99Us?: number;
  maxUs?: number;
  lost?: number;
  refused?: number;
  worstSwapUnavailableUs?: number;
  worstRebootUnavailableUs?: number;
  violations?: number;
}

export function rowOf(id: string, params: JobRow['params'], s: Summary): JobRow {
  const swaps = s.events.filter((e) => e.kind !== 'reboot');
  const reboots = s.events.filter((e) => e.kind === 'reboot');
  return {
    id, params, status: 'ok',
    availability: s.availability, p99Us: s.latencyUs.p99, maxUs: s.latencyUs.max, lost: s.requests.lost, refused: s.requests.refused,
    worstSwapUnavailableUs: swaps.reduce((m, e) => Math.max(m, e.unavailableUs), 0),
    worstRebootUnavailableUs: reboots.reduce((m, e) => Math.max(m, e.unavailableUs), 0),
    violations: s.violations.length,
  };
}

export interface JobMessage { job: Job; out: string; plots: boolean }
export type JobReply = { id: string; ok: true; summary: Summary } | { id: string; ok: false; error: string };

/** Runs one job in this thread (workers call this too). */
export async function runJob(msg: JobMessage): Promise<JobReply> {
  const { job } = msg;
  try {
    const { runUptime } = await import('./uptime.js');
    const config = parseConfig(job.config, job.id, job.baseDir);
    const dir = join(msg.out, job.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'job.json'), JSON.stringify({ id: job.id, index: job.index, params: job.params, config: job.config }, null, 2) + '\n');
    const r = await runUptime(config, { out: dir, plots: msg.plots });
    return { id: job.id, ok: true, summary: r.summary };
  } catch (e) {
    return { id: job.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

export interface SweepOptions {
  out: string;
  shard?: string;
  /** Worker threads; 0 runs the jobs in this thread (default: min(jobs, cores)). */
  workers?: number;
  onJobDone?: (reply: JobReply, done: number, total: number) => void;
}

export async function runSweep(grid: Grid, options: SweepOptions): Promise<JobRow[]> {
  const jobs = shardOf(grid.jobs, options.shard);
  mkdirSync(options.out, { recursive: true });
  const workers = Math.max(0, Math.min(jobs.length, options.workers ?? cpus().length));
  const replies = new Map<string, JobReply>();
  let done = 0;
  const finish = (r: JobReply): void => {
    replies.set(r.id, r);
    options.onJobDone?.(r, ++done, jobs.length);
  };
  if (workers === 0) {
    for (const job of jobs) finish(await runJob({ job, out: options.out, plots: grid.plots }));
  } else {
    let next = 0;
    await Promise.all(Array.from({ length: workers }, () => new Promise<void>((res, rej) => {
      const w = new Worker(new URL('./sweep-worker.js', import.meta.url));
      const feed = (): void => {
        if (next >= jobs.length) {
          void w.terminate().then(() => res());
          return;
        }
        w.postMessage({ job: jobs[next++], out: options.out, plots: grid.plots } satisfies JobMessage);
      };
      w.on('message', (r: JobReply) => {
        finish(r);
        feed();
      });
      w.on('error', rej);
      feed();
    })));
  }
  const rows = jobs.map((j) => {
    const r = replies.get(j.id)!;
    return r.ok ? rowOf(j.id, j.params, r.summary) : { id: j.id, params: j.params, status: 'failed' as const, error: r.error };
  });
  writeSweepIndex(options.out, grid.name, rows, options.shard);
  return rows;
}

export function sweepCsv(rows: JobRow[]): string {
  const params = [...new Set(rows.flatMap((r) => Object.keys(r.params)))];
  const cols = ['availability', 'p99Us', 'maxUs', 'lost', 'refused', 'worstSwapUnavailableUs', 'worstRebootUnavailableUs', 'violations'] as const;
  const q = (v: unknown): string => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [['id', ...params, 'status', ...cols, 'error'].join(',')];
  for (const r of rows) lines.push([r.id, ...params.map((p) => q(r.params[p])), r.status, ...cols.map((c) => q(r[c])), q(r.error)].join(','));
  return lines.join('\n') + '\n';
}

function writeSweepIndex(out: string, name: string, rows: JobRow[], shard?: string): void {
  writeFileSync(join(out, 'sweep.json'), JSON.stringify({ name, ...(shard ? { shard } : {}), jobs: rows }, null, 2) + '\n');
  writeFileSync(join(out, 'sweep.csv'), sweepCsv(rows));
}

export class MergeError extends Error {
  override name = 'MergeError';
}

/** Combines the job directories of several sweep outputs (shards) into one index in `out`. */
export function mergeSweeps(dirs: string[], out: string): JobRow[] {
  const byId = new Map<string, { row: JobRow; from: string; params: string }>();
  let name = 'sweep';
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new MergeError(`merge: ${dir} does not exist`);
    const index = join(dir, 'sweep.json');
    if (existsSync(index)) name = (JSON.parse(readFileSync(index, 'utf8')) as { name?: string }).name ?? name;
    const jobDirs = readdirSync(dir).filter((d) => /^job-\d+$/.test(d)).sort();
    if (jobDirs.length === 0) throw new MergeError(`merge: ${dir} holds no job-NNNN directories; expected the --out of a sweep`);
    for (const d of jobDirs) {
      const job = JSON.parse(readFileSync(join(dir, d, 'job.json'), 'utf8')) as { id: string; params: JobRow['params'] };
      const summaryFile = join(dir, d, 'summary.json');
      const row: JobRow = existsSync(summaryFile)
        ? rowOf(job.id, job.params, JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary)
        : { id: job.id, params: job.params, status: 'failed', error: 'no summary.json (the job failed or did not finish)' };
      const params = JSON.stringify(job.params);
      const seen = byId.get(job.id);
      if (seen && seen.params !== params) throw new MergeError(`merge: ${job.id} appears in ${seen.from} and ${dir} with different parameters; were they made from the same grid?`);
      if (!seen || (seen.row.status === 'failed' && row.status === 'ok')) byId.set(job.id, { row, from: dir, params });
    }
  }
  const rows = [...byId.values()].map((v) => v.row).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  mkdirSync(out, { recursive: true });
  writeSweepIndex(out, name, rows);
  return rows;
}
