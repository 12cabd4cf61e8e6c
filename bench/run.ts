// `npm run bench [-- NAME...]`: runs every bench/*.bench.ts (or those named), prints a table,
// writes bench/results/<name>.json with the machine and the command beside the figures.
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import type { BenchModule, BenchRow } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scale = Number(process.env.BENCH_SCALE ?? '1');

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}; available: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  const log = (line: string) => process.stderr.write(`  [${mod.name}] ${line}\n`);
  let rows: BenchRow[];
  try {
    rows = await mod.run({ scale, log });
  } catch (err) {
    failed = true;
    console.error(`benchmark ${mod.name} failed: ${(err as Error).stack ?? err}`);
    continue;
  }
  const record = { name: mod.name, date: new Date().toISOString(), command: `npm run bench -- ${mod.name}`, scale, machine, rows };
  writeFileSync(join(resultsDir, `${mod.name}.json`), JSON.stringify(record, null, 2) + '\n');
  console.log(`\n${mod.name}`);
  const w = Math.max(...rows.map((r) => r.case.length), 4);
  console.log(`  ${'case'.padEnd(w)}  ${'value'.padStart(12)}  unit        ratio   note`);
  for (const r of rows) {
    console.log(`  ${r.case.padEnd(w)}  ${fmt(r.value).padStart(12)}  ${r.unit.padEnd(10)}  ${r.ratio === undefined ? '      ' : fmt(r.ratio).padStart(6)}  ${r.note ?? ''}`);
  }
}
console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; results in bench/results/`);
process.exit(failed ? 1 : 0);
