// The experiment's Reconfigurer on top of the project's reconfiguration engine (reconfig/): one engine
// per booted system, swaps by short implementation name, records summarised for the reports.
import { implementationClass } from '../components/index.js';
import type { TesseraSystem } from '../boot/system.js';
import { ReconfigurationEngine } from '../reconfig/engine.js';
import type { SwapRecord } from '../reconfig/record.js';
import type { ReconfigOutcome, Reconfigurer } from './reconfigurer.js';
import { ExperimentError } from './runner.js';

export function summariseRecord(r: SwapRecord): ReconfigOutcome {
  return {
    outcome: r.outcome,
    cycles: r.latencyCycles,
    wallUs: r.latencyUs,
    quiescenceUs: r.quiescenceUs,
    callsHeld: r.callsHeld,
    stateBytes: r.replacements.reduce((n, x) => n + x.stateBytes, 0),
    replacements: r.replacements.map((x) => `${x.path}: ${x.from} -> ${x.to}`),
    phases: r.phases.map((p) => ({ phase: p.phase, wallUs: p.endUs - p.startUs, cycles: p.endCycle - p.startCycle })),
    ...(r.reason !== undefined ? { reason: `${r.failedStep ?? ''}: ${r.reason}` } : {}),
  };
}

export class EngineReconfigurer implements Reconfigurer {
  private readonly engines = new WeakMap<TesseraSystem, ReconfigurationEngine>();

  private engineOf(system: TesseraSystem): ReconfigurationEngine {
    let e = this.engines.get(system);
    if (!e) {
      e = new ReconfigurationEngine({ clock: () => system.machine.cycle, boot: system.boot });
      this.engines.set(system, e);
    }
    return e;
  }

  async swap(system: TesseraSystem, path: string, impl: string): Promise<ReconfigOutcome> {
    const cls = implementationClass(path, impl);
    if (cls === undefined) throw new ExperimentError(`swap ${path} ${impl}: no such implementation of '${path}'`);
    const record = await this.engineOf(system).replace(system.component(path), cls);
    return summariseRecord(record);
  }

  async script(_system: TesseraSystem, file: string): Promise<ReconfigOutcome> {
    throw new ExperimentError(`script ${file}: scripts are not available yet`);
  }
}
