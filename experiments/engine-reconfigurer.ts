// The experiment's Reconfigurer on top of the project's reconfiguration engine (boot/reconfigure.ts:
// one engine per booted system, swaps by short implementation name, scripts with `$kernel`), with the
// engine's records summarised for the reports.
import { readFileSync } from 'node:fs';
import { script, swap } from '../boot/reconfigure.js';
import type { TesseraSystem } from '../boot/system.js';
import type { SwapRecord } from '../reconfig/index.js';
import type { ReconfigOutcome, Reconfigurer } from './reconfigurer.js';
import { ExperimentError } from './runner.js';

/** One record, or the records of a script's steps, as one outcome (sums; rolled back if any step was). */
export function summariseRecords(records: readonly SwapRecord[]): ReconfigOutcome {
  const failed = records.find((r) => r.outcome !== 'committed');
  return {
    outcome: failed ? 'rolled-back' : 'committed',
    cycles: records.reduce((n, r) => n + r.latencyCycles, 0),
    wallUs: records.reduce((n, r) => n + r.latencyUs, 0),
    quiescenceUs: records.reduce((n, r) => n + r.quiescenceUs, 0),
    callsHeld: records.reduce((n, r) => n + r.callsHeld, 0),
    stateBytes: records.reduce((n, r) => n + r.replacements.reduce((m, x) => m + x.stateBytes, 0), 0),
    replacements: records.flatMap((r) => r.replacements.map((x) => `${x.path}: ${x.from} -> ${x.to}`)),
    phases: records.flatMap((r) => r.phases.map((p) => ({ phase: p.phase, wallUs: p.endUs - p.startUs, cycles: p.endCycle - p.startCycle }))),
    ...(failed?.reason !== undefined ? { reason: `${failed.failedStep ?? ''}: ${failed.reason}` } : {}),
  };
}

export class EngineReconfigurer implements Reconfigurer {
  async swap(system: TesseraSystem, path: string, impl: string): Promise<ReconfigOutcome> {
    return summariseRecords([await swap(system, path, impl)]);
  }

  async script(system: TesseraSystem, file: string): Promise<ReconfigOutcome> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ExperimentError(`script event: cannot read ${file}: ${(e as Error).message}`);
    }
    const r = await script(system, text);
    if (r.records.length === 0) throw new ExperimentError(`script event: ${file} has no statement`);
    return summariseRecords(r.records);
  }
}
