// What every reconfiguration leaves behind: a record of its phases (emulated cycles and wall µs), its
// quiescence wait, the calls it held, the state it moved and how it ended. Records are published on an
// rxjs stream as they happen and kept in a bounded journal.
//
// Invariants: a record is published once with outcome 'committed' or 'rolled-back' and never amended;
// `phases` are in the order they ran, each with end >= start; a rolled-back record names the failed step
// and the reason. A swap undone during its probation (after its commit) gets a second record, with its
// own id, `rollbackOf` naming the committed one, failedStep 'probation' and a `probation` report.

import { Subject, type Observable } from 'rxjs';
import type { InFlightCall } from '../bindings/index.js';
import type { ReconfigStep } from './errors.js';

export interface PhaseTiming {
  readonly phase: ReconfigStep | 'rollback';
  /** Emulated cycles (the runtime's clock) at the phase's start and end. */
  readonly startCycle: number;
  readonly endCycle: number;
  /** Wall time in µs (performance.now) at the phase's start and end. */
  readonly startUs: number;
  readonly endUs: number;
}

/** One content replacement inside a reconfiguration. */
export interface ReplacementInfo {
  readonly path: string;
  readonly from: string;
  readonly to: string;
  /** Bytes of the exported canonical state (JSON-like size: typed arrays by byteLength). */
  readonly stateBytes: number;
  /** Entries of the exported state (array elements and object keys, recursively). */
  readonly stateEntries: number;
}

/** How a probation failure was undone (reconfig/probation.ts). */
export interface ProbationReport {
  /** Length of the probation: calls each successor had to serve without throwing. */
  readonly calls: number;
  /** Calls the failing successor served before the failing one (their effects are kept). */
  readonly served: number;
  /** The failing call: `component.interface.method`. */
  readonly call: string;
  readonly error: string;
  /**
   * True when the rollback is exact: the predecessor got the state from just before the failing call,
   * which then ran again on it, its result going to the caller (no call lost, none run twice). False
   * when the failing call had effects a snapshot cannot undo (calls out through the successor's client
   * interfaces, or objects the state shares by reference): the predecessor then takes the successor's
   * state as it is, the call is not run again and the caller gets the error.
   */
  readonly exact: boolean;
  /** Calls the failing call made through the successor's client interfaces before throwing (-1: not observable). */
  readonly outgoingCalls: number;
  /** Live objects (class instances) the pre-call snapshot shared with the successor. */
  readonly sharedObjects: number;
  /** The failing call ran again on the predecessor and its result went to the caller. */
  readonly rerun: boolean;
}

export interface SwapRecord {
  readonly id: number;
  /** 'replace' for a single replace, 'transaction' for several actions (script, ADL diff). */
  readonly kind: 'replace' | 'transaction';
  /** One line per action, as planned. */
  readonly actions: readonly string[];
  readonly strategy: string;
  readonly outcome: 'committed' | 'rolled-back';
  /** The step that failed and why (rolled-back records only). */
  readonly failedStep?: ReconfigStep;
  readonly reason?: string;
  readonly replacements: readonly ReplacementInfo[];
  readonly phases: readonly PhaseTiming[];
  readonly requested: { readonly cycle: number; readonly us: number };
  /** When the successor served again (held calls released), or the old one did after a rollback. */
  readonly serving: { readonly cycle: number; readonly us: number };
  readonly latencyUs: number;
  readonly latencyCycles: number;
  /** Time spent waiting for the safe state. */
  readonly quiescenceUs: number;
  readonly quiescenceCycles: number;
  /** Service interruption: from the start of the stop to the release (calls to the affected set wait). */
  readonly interruptionUs: number;
  readonly interruptionCycles: number;
  /** Calls held at the affected components' boundaries and released at the end. */
  readonly callsHeld: number;
  /** Components stopped for the safe state (paths). */
  readonly stopped: readonly string[];
  /** The calls that kept the safe state away (when it had to wait or timed out). */
  readonly notSafe?: readonly InFlightCall[];
  /** Calls each successor serves on probation after the commit (absent: no probation). */
  readonly probationCalls?: number;
  /** A probation rollback: the id of the committed record it undoes. */
  readonly rollbackOf?: number;
  readonly probation?: ProbationReport;
}

/** How a probation ended: every successor served its calls, a later reconfiguration of one of them
 * ended it early, a call failed (see the 'done' record with `rollbackOf`), or the swap rolled back. */
export type ProbationStatus = 'passed' | 'superseded' | 'failed' | 'cancelled';

export type ReconfigEvent =
  | { readonly kind: 'requested'; readonly id: number; readonly actions: readonly string[] }
  | { readonly kind: 'waiting'; readonly id: number; readonly inFlight: readonly InFlightCall[] }
  | { readonly kind: 'phase'; readonly id: number; readonly phase: PhaseTiming }
  | { readonly kind: 'done'; readonly id: number; readonly record: SwapRecord }
  | { readonly kind: 'probation'; readonly id: number; readonly status: ProbationStatus; readonly served: number; readonly calls: number; readonly reason?: string };

/** The engine's event stream and its journal of records (the last `capacity`). */
export class Journal {
  private readonly subject = new Subject<ReconfigEvent>();
  readonly events$: Observable<ReconfigEvent> = this.subject.asObservable();
  private readonly entries: SwapRecord[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 10_000) {}

  newId(): number {
    return this.nextId++;
  }

  emit(e: ReconfigEvent): void {
    if (this.subject.observed) this.subject.next(e);
  }

  add(record: SwapRecord): void {
    this.entries.push(record);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.emit({ kind: 'done', id: record.id, record });
  }

  records(): readonly SwapRecord[] {
    return this.entries;
  }
}

/** Measures phases against the emulated clock and the wall clock. */
export class PhaseClock {
  readonly phases: PhaseTiming[] = [];
  private phase: PhaseTiming['phase'] | null = null;
  private startCycle = 0;
  private startUs = 0;

  constructor(private readonly cycles: () => number, private readonly onPhase: (p: PhaseTiming) => void) {}

  now(): { cycle: number; us: number } {
    return { cycle: this.cycles(), us: performance.now() * 1000 };
  }

  begin(phase: PhaseTiming['phase']): void {
    this.end();
    this.phase = phase;
    this.startCycle = this.cycles();
    this.startUs = performance.now() * 1000;
  }

  end(): void {
    if (this.phase === null) return;
    const p: PhaseTiming = { phase: this.phase, startCycle: this.startCycle, endCycle: this.cycles(), startUs: this.startUs, endUs: performance.now() * 1000 };
    this.phase = null;
    this.phases.push(p);
    this.onPhase(p);
  }

  current(): PhaseTiming['phase'] | null {
    return this.phase;
  }
}

/**
 * JSON-like size of a state: bytes and entries; typed arrays count their bytes, not their elements;
 * class instances (moved by reference, e.g. address spaces) count as one 8-byte reference.
 */
export function stateSize(state: unknown): { bytes: number; entries: number } {
  let bytes = 0;
  let entries = 0;
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    switch (typeof v) {
      case 'number': bytes += 8; return;
      case 'boolean': bytes += 1; return;
      case 'string': bytes += v.length + 2; return;
      case 'bigint': bytes += 8; return;
      case 'object': break;
      default: return;
    }
    if (v === null) { bytes += 4; return; }
    if (seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) { bytes += v.byteLength; entries++; return; }
    if (v instanceof Map) { for (const [k, x] of v) { entries++; walk(k); walk(x); } return; }
    if (v instanceof Set) { for (const x of v) { entries++; walk(x); } return; }
    if (Array.isArray(v)) { for (const x of v) { entries++; walk(x); } return; }
    // A class instance (an address space, ...) moves by reference: count the reference, not its insides.
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) { bytes += 8; entries++; return; }
    for (const k of Object.keys(v)) { entries++; bytes += k.length + 3; walk((v as Record<string, unknown>)[k]); }
  };
  walk(state);
  return { bytes, entries };
}

/** A record as a few lines of text (CLI, REPL). */
export function formatRecord(r: SwapRecord): string {
  const lines = [
    `#${r.id} ${r.kind} ${r.outcome}${r.failedStep ? ` at ${r.failedStep}: ${r.reason}` : ''} (strategy ${r.strategy})`,
    ...(r.rollbackOf !== undefined ? [`  undoes #${r.rollbackOf}, committed before its probation ended`] : []),
    ...r.actions.map((a) => `  ${a}`),
    `  latency ${r.latencyUs.toFixed(1)} µs, ${r.latencyCycles} cycles; interruption ${r.interruptionUs.toFixed(1)} µs; quiescence wait ${r.quiescenceUs.toFixed(1)} µs; calls held ${r.callsHeld}`,
    ...r.replacements.map((x) => `  state ${x.path}: ${x.stateBytes} bytes, ${x.stateEntries} entries (${x.from} -> ${x.to})`),
    `  phases: ${r.phases.map((p) => `${p.phase} ${(p.endUs - p.startUs).toFixed(1)}µs`).join(', ')}`,
  ];
  if (r.probationCalls) lines.push(`  probation: the first ${r.probationCalls} calls of each successor`);
  if (r.probation) {
    const p = r.probation;
    lines.push(`  probation call ${p.served + 1} of ${p.calls}, ${p.call}: ${p.error}; ${p.exact ? 'exact rollback, the call ran again on the predecessor' : `not exact (${p.outgoingCalls < 0 ? 'outgoing calls not observable' : `${p.outgoingCalls} outgoing call(s)`}, ${p.sharedObjects} shared object(s)): the caller got the error`}`);
  }
  if (r.notSafe?.length) {
    lines.push('  not safe because of:');
    for (const c of r.notSafe) lines.push(`    thread ${String(c.thread)} in ${c.component}.${c.interface}.${c.method}() since ${c.since}${c.async ? ' (async)' : ''}`);
  }
  return lines.join('\n');
}
