// The long random-swap soak: `npm run soak -- --swaps 100000 [--seed N] [--max-gap CYCLES]` (or env
// SOAK_SWAPS, SOAK_SEED). Runs rounds of six concurrent guests while kernel components are swapped
// at random (soak-core.ts), with a progress bar on stderr, then prints the totals; exits 1 if anything
// was lost, any healthy swap rolled back, or an injected fault was not rolled back exactly.
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { soak } from './soak-core.js';

const program = new Command('soak')
  .description('random-swap soak of the Tessera kernel under six concurrent guests')
  .option('--swaps <n>', 'swaps to perform', process.env.SOAK_SWAPS ?? '10000')
  .option('--seed <n>', 'seed of every random choice', process.env.SOAK_SEED ?? '1')
  .option('--max-gap <cycles>', 'largest gap between two swaps, in emulated cycles', '40000')
  .option('--min-gap <cycles>', 'smallest gap between two swaps', '2000')
  .option('--per-round <n>', 'most swaps in one round of guests', '500')
  .option('--fault-every <n>', 'inject a failing successor every n swaps (0: never)', '10')
  .parse();
const o = program.opts<{ swaps: string; seed: string; maxGap: string; minGap: string; faultEvery: string; perRound: string }>();
const swaps = Number(o.swaps);
const seed = Number(o.seed);
if (!Number.isInteger(swaps) || swaps < 1 || !Number.isInteger(seed)) {
  console.error(`soak: --swaps must be a positive integer and --seed an integer (got ${o.swaps}, ${o.seed})`);
  process.exit(2);
}

const bar = new cliProgress.SingleBar({
  format: 'soak {bar} {value}/{total} swaps | round {rounds} | faults {faults} | rolled back {rolledBack} | lost {lost} | {eta_formatted} left',
  stream: process.stderr,
}, cliProgress.Presets.shades_classic);
bar.start(swaps, 0, { rounds: 0, faults: 0, rolledBack: 0, lost: 0 });
const t0 = Date.now();
const totals = await soak({
  seed, swaps, maxGap: Number(o.maxGap), minGap: Number(o.minGap), faultEvery: Number(o.faultEvery), perRound: Number(o.perRound),
  onSwap: (t) => {
    if (t.swaps % 50 === 0 || t.swaps === swaps) {
      const l = t.lost;
      // Not a terminal (CI, a log file): cli-progress draws nothing there, so a line every 5,000 swaps.
      if (!process.stderr.isTTY && t.swaps % 5000 === 0) {
        console.error(`soak: ${t.swaps}/${swaps} swaps, round ${t.rounds}, faults ${t.faults}, rolled back ${t.rolledBack}, lost ${l.processes + l.frames + l.fileBytes + l.requests + l.outputs}`);
      }
      bar.update(t.swaps, { rounds: t.rounds, faults: t.faults, rolledBack: t.rolledBack, lost: l.processes + l.frames + l.fileBytes + l.requests + l.outputs });
    }
  },
});
bar.stop();
const seconds = (Date.now() - t0) / 1000;
const l = totals.lost;
console.log(`soak: seed ${seed}, ${seconds.toFixed(1)} s wall`);
console.log(`swaps done        ${totals.swaps}`);
console.log(`rolled back       ${totals.rolledBack} (unexpected; injected faults are counted below)`);
console.log(`faults injected   ${totals.faults} (each rolled back exactly)`);
console.log(`inputs tried      ${totals.inputs} fuzzed system calls`);
console.log(`rounds            ${totals.rounds} (${totals.guests} guests, ${totals.requests} requests, ${totals.cycles} emulated cycles)`);
console.log(`lost processes    ${l.processes}`);
console.log(`lost frames       ${l.frames}`);
console.log(`lost file bytes   ${l.fileBytes}`);
console.log(`lost requests     ${l.requests}`);
console.log(`changed outputs   ${l.outputs}`);
for (const f of totals.failures) console.log(`failure: ${f}`);
const bad = totals.rolledBack + l.processes + l.frames + l.fileBytes + l.requests + l.outputs + totals.failures.length;
process.exit(bad === 0 ? 0 : 1);
