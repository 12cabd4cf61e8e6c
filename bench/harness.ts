// What a benchmark file exports and how its rows look. Each `bench/*.bench.ts` exports
// `name` and `run(opts)`; `bench/run.ts` runs them, prints one table and writes bench/results/<name>.json.

export interface BenchRow {
  /** What was measured, e.g. "sync call through port + interceptor". */
  case: string;
  /** The figure, in `unit`. */
  value: number;
  unit: string;
  /** Optional ratio against a baseline measured in the same run (e.g. vs direct call, vs qemu). */
  ratio?: number;
  /** Free-form context: iterations, what the ratio is against, ... */
  note?: string;
}

export interface BenchOptions {
  /** Scale factor for iteration counts (BENCH_SCALE); 1 is the default run. */
  scale: number;
  /** Print progress lines to stderr. */
  log: (line: string) => void;
}

export interface BenchModule {
  name: string;
  run(opts: BenchOptions): Promise<BenchRow[]>;
}

/** Times `fn` over `iterations` calls after a warm-up; returns ns per call (best of `rounds`). */
export function nsPerCall(fn: (i: number) => void, iterations: number, rounds = 5): number {
  for (let i = 0; i < Math.min(iterations, 100_000); i++) fn(i);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(i);
    const ns = Number(process.hrtime.bigint() - t0) / iterations;
    if (ns < best) best = ns;
  }
  return best;
}
