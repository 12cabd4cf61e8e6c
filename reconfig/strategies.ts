// Safe-state strategies: how the engine gets the affected components to a state where their content may
// be replaced. Every strategy ends the same way — one stop group over a set of gates, so that new calls
// are held at their boundaries and the set is quiescent (every thread counter 0) at one moment; what
// differs is the set:
//  - 'thread-counting' (THINK, the default): the affected components themselves. Calls already inside
//    finish; re-entrant calls from a thread inside any member pass (K42's self-call case), so a member
//    calling itself or another member while stopping cannot deadlock.
//  - 'quiescence' (Kramer & Magee): the affected components and every component that can call them (the
//    owners of the client interfaces bound to them) are passivated together: no caller is left half-way
//    through a sequence of calls to the target when the swap happens.
// A strategy that cannot reach its safe state within the timeout restarts what it stopped (held calls
// run on the unchanged components) and rejects with SafeStateTimeout, which lists the in-flight calls.
//
// Invariants: `reach` either resolves with a SafeState whose gates are all STOPPED, or leaves every
// component in the state it found it and rejects; no held call is dropped either way.

import { Fractal, Reconfiguration, type Component, type InFlightCall } from '../bindings/index.js';
import { StopGroup, STARTED, type Gate, type HeldCall } from '../bindings/gate.js';
import { ReconfigurationError } from './errors.js';

export interface SafeStateRequest {
  /** The components whose content, bindings or attributes change (STOPPED ones stay as they are). */
  readonly components: readonly Component[];
  /** Wall-clock bound of the wait for quiescence (Infinity: wait forever). */
  readonly timeoutMs: number;
  /** Called once when quiescence is not immediate, with the calls keeping it away. */
  readonly onWaiting: (inFlight: InFlightCall[]) => void;
}

export interface SafeState {
  /** Every component this safe state stopped (the requested ones and, per strategy, more). */
  readonly stopped: readonly Component[];
  /** Takes the calls held at the stopped gates out of them, oldest first (to start without releasing). */
  takeHeld(): Array<{ gate: Gate; call: HeldCall }>;
  /** Puts taken calls back, in the same order, ahead of anything held since. */
  putBack(held: ReadonlyArray<{ gate: Gate; call: HeldCall }>): void;
}

export interface SafeStateStrategy {
  readonly name: string;
  /** Bound of the wait when the swap gives none (the engine's default otherwise). */
  readonly defaultTimeoutMs?: number;
  reach(req: SafeStateRequest): Promise<SafeState>;
}

export class SafeStateTimeout extends ReconfigurationError {
  override name = 'SafeStateTimeout';
  constructor(readonly inFlight: InFlightCall[], timeoutMs: number, what: string) {
    super('stop', `no safe state for ${what} within ${timeoutMs} ms: ${inFlight.length} call(s) still inside` +
      (inFlight.length ? ` (${inFlight.map((c) => `${c.component}.${c.interface}.${c.method}() by thread ${String(c.thread)}`).join('; ')})` : ''));
  }
}

function closure(components: readonly Component[]): Component[] {
  const out = new Set<Component>();
  for (const c of components) for (const d of c.selfAndDescendants()) out.add(d);
  return [...out];
}

export function inFlightOf(components: readonly Component[]): InFlightCall[] {
  return components.flatMap((c) => Fractal.getLifeCycleController(c).getFcInFlightCalls())
    .filter((c, i, all) => all.indexOf(c) === i);
}

/** Stops `requested` (and their content) as one stop group; see the invariants at the top. */
export async function stopTogether(requested: readonly Component[], timeoutMs: number, onWaiting: SafeStateRequest['onWaiting']): Promise<SafeState> {
  const all = closure(requested.filter((c) => c.isStarted()));
  const gates: Gate[] = [];
  const plain: Component[] = [];
  for (const c of all) {
    if (c.gate) {
      if (c.gate.group) throw new ReconfigurationError('stop', `'${c}' is already being stopped by another stopFc(); expected it STARTED or STOPPED`);
      if (c.gate.state === STARTED) gates.push(c.gate);
    } else if (c.started) plain.push(c);
  }
  const stopped = [...new Set([...gates.map((g) => g.owner as Component), ...plain])];
  const state: SafeState = {
    stopped,
    takeHeld() {
      const out: Array<{ gate: Gate; call: HeldCall }> = [];
      for (const g of gates) for (const call of g.takeHeld()) out.push({ gate: g, call });
      // Arrival order across gates: by hold time; stable within a gate (FIFO).
      return out.sort((a, b) => a.call.since - b.call.since);
    },
    putBack(held) {
      const byGate = new Map<Gate, HeldCall[]>();
      for (const { gate, call } of held) (byGate.get(gate) ?? byGate.set(gate, []).get(gate)!).push(call);
      for (const [g, calls] of byGate) g.held.unshift(...calls);
    },
  };
  const finishPlain = () => {
    for (const c of plain) {
      c.started = false;
      c.runtime.emit('stopped', c);
    }
  };
  if (gates.length === 0) {
    finishPlain();
    return state;
  }
  const group = new StopGroup(gates, () => {
    for (const g of gates) g.runtime.emit('stopped', g.owner as Component);
  });
  group.check();
  let settled = false;
  group.promise.then(() => { settled = true; }, () => { settled = true; });
  await Promise.resolve();
  if (!settled) onWaiting(inFlightOf(stopped));
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await (Number.isFinite(timeoutMs)
      ? Promise.race([group.promise, new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SafeStateTimeout(inFlightOf(stopped), timeoutMs, stopped.join(', '))), timeoutMs);
      })])
      : group.promise);
  } catch (e) {
    // Back to STARTED; the calls held meanwhile run on the unchanged components.
    group.cancel(`reconfiguration gave up waiting for a safe state of ${stopped.join(', ')}`);
    throw e;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  finishPlain();
  return state;
}

export const threadCounting: SafeStateStrategy = {
  name: 'thread-counting',
  reach(req) {
    return stopTogether(req.components, req.timeoutMs, req.onWaiting);
  },
};

/** The components that can call into `c`: owners of client interfaces bound to its server interfaces. */
export function callersOf(c: Component): Component[] {
  const out = new Set<Component>();
  for (const b of Reconfiguration.getReverseBindings(c)) {
    // An export binding (a composite's internal client) comes from outside the composite: no component.
    if (b.client.isFcInternalItf()) continue;
    out.add(b.client.getFcItfOwner() as Component);
  }
  return [...out];
}

export const quiescence: SafeStateStrategy = {
  name: 'quiescence',
  // Passivating every caller waits for the longest call of the whole dependent set.
  defaultTimeoutMs: 10_000,
  reach(req) {
    const set = new Set(req.components);
    for (const c of req.components) for (const d of c.selfAndDescendants()) if (d.kind === 'primitive') for (const x of callersOf(d)) set.add(x);
    return stopTogether([...set], req.timeoutMs, req.onWaiting);
  },
};

export const STRATEGIES: Readonly<Record<string, SafeStateStrategy>> = Object.freeze({
  'thread-counting': threadCounting,
  quiescence,
});

export function strategyOf(s: string | SafeStateStrategy | undefined): SafeStateStrategy {
  if (s === undefined) return threadCounting;
  if (typeof s !== 'string') return s;
  const found = STRATEGIES[s];
  if (!found) throw new ReconfigurationError('plan', `no safe-state strategy '${s}'; expected one of ${Object.keys(STRATEGIES).join(', ')}`);
  return found;
}
