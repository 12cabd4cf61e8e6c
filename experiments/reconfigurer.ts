// What the experiment needs from the reconfiguration engine, as a small interface: a swap of one
// component to a named implementation, and a script. The runner never reaches past it, so the engine's
// record can be summarised in one place (deterministic fields apart from wall-clock ones).
import type { TesseraSystem } from '../boot/system.js';

export interface ReconfigOutcome {
  outcome: 'committed' | 'rolled-back';
  /** Emulated cycles the engine itself let pass (0 when it ran between machine slices). */
  cycles: number;
  /** Host wall time of the whole reconfiguration, µs (not deterministic). */
  wallUs: number;
  /** Host wall time waiting for the safe state, µs. */
  quiescenceUs: number;
  callsHeld: number;
  /** Bytes of state moved (sum over replacements). */
  stateBytes: number;
  /** What was replaced, as "path: from -> to". */
  replacements: string[];
  /** Phase durations in wall µs, in order. */
  phases: Array<{ phase: string; wallUs: number; cycles: number }>;
  /** Why it rolled back. */
  reason?: string;
}

export interface Reconfigurer {
  swap(system: TesseraSystem, path: string, impl: string): Promise<ReconfigOutcome>;
  script(system: TesseraSystem, file: string): Promise<ReconfigOutcome>;
}
