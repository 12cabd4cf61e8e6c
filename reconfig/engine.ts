// The reconfiguration engine: executes a plan (one replace, a script's transaction, an ADL diff) as one
// transaction with a single safe state for the affected set, and rolls everything back on any failure.
//
// Protocol (docs/reconfiguration.md):
//   plan     check the actions (targets are gated primitives, ...)
//   create   build successor contents (the target still serves)
//   stop     the strategy's safe state: new calls held at the boundaries, calls inside finish
//   export / validate / import   per replace: the old content's canonical state into the successor,
//            installed in place (same membrane, same interface references, so every binding that
//            pointed at the target now reaches the successor, atomically)
//   apply    binds, unbinds, attribute changes, adds, removes
//   start    content start hooks, then startFc of everything that ends STARTED, held calls still aside
//   release  held calls, oldest first
//   retire   drop the old contents
// From the safe state to the release nothing awaits: no call can arrive half-way.
//
// Invariants: on rollback every component has its old content object, attribute values, bindings,
// membership and life-cycle state; the held calls go back, in order, ahead of any later call and run on
// the old contents. A held call runs exactly once (release) or never leaves its gate. Operations are
// serialised: one transaction at a time per engine.

import { Fractal, Reconfiguration, type BootstrapComponent, type Component, type ContentClass, type InFlightCall } from '../bindings/index.js';
import { NotReconfigurableError, ReconfigurationError, type ReconfigStep } from './errors.js';
import { describeAction, pathOf, type PlanAction } from './plan.js';
import { Journal, PhaseClock, stateSize, type ReplacementInfo, type SwapRecord } from './record.js';
import { inFlightOf, strategyOf, SafeStateTimeout, type SafeState, type SafeStateStrategy } from './strategies.js';
import { createSuccessorContent, resolveSuccessor, type DefinitionLoader, type SuccessorSpec } from './successor.js';
import { DEFAULT_PROBATION_CALLS, Probation, resumeProbation, type PreviousProbation, type ProbationMember } from './probation.js';

export interface EngineOptions {
  /** Emulated clock for records (default: the runtime clock of the first component touched). */
  clock?: () => number;
  /** Loads ADL definitions named as successors (`{ definition }` or a name that is no content class). */
  loadDefinition?: DefinitionLoader;
  /** The bootstrap whose runtime the engine's components belong to (optional; for tools). */
  boot?: BootstrapComponent;
  /** Default wall-clock bound of the safe-state wait, ms (default 5000). */
  timeoutMs?: number;
  /** Journal capacity (default 10,000 records). */
  journalCapacity?: number;
  /** Calls each successor serves on probation after a swap (default 16; 0: none). See probation.ts. */
  probation?: number;
}

export interface SwapOptions {
  /** 'thread-counting' (default) or 'quiescence', or a strategy object. */
  strategy?: string | SafeStateStrategy;
  /** Wall-clock bound of the safe-state wait, ms. */
  timeoutMs?: number;
  /**
   * Calls each successor serves on probation after the commit; a throw among them rolls the swap back
   * (reconfig/probation.ts). Default: the engine's (16); 0: none. Only for plans made of replaces.
   */
  probation?: number | { readonly calls: number };
}

type Undo = () => void;

/** A content may take part in the protocol: `startFc()` when it is about to serve (a throw rolls back). */
interface ContentHooks {
  exportState?: () => unknown;
  importState?: (state: unknown) => unknown;
  startFc?: () => unknown;
}

class StepFailure extends Error {
  constructor(readonly step: ReconfigStep, readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export class ReconfigurationEngine {
  readonly journal: Journal;
  private readonly options: EngineOptions;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly probations = new Set<Probation>();

  constructor(options: EngineOptions = {}) {
    this.options = options;
    this.journal = new Journal(options.journalCapacity);
  }

  /** Events (requested, waiting, phase, done) as they happen. */
  get events$() {
    return this.journal.events$;
  }

  records(): readonly SwapRecord[] {
    return this.journal.records();
  }

  /** True while `c` is a successor on probation (its first calls watched). */
  inProbation(c: Component): boolean {
    for (const p of this.probations) if (p.covers(c)) return true;
    return false;
  }

  /** "Why not safe": the calls inside `components` right now (thread, interface, method, since when). */
  whyNotSafe(components: readonly Component[]): InFlightCall[] {
    return inFlightOf(components);
  }

  /** Replaces the content of `target` by `successor`, keeping its state, bindings and held calls. */
  replace(target: Component, successor: SuccessorSpec, options: SwapOptions = {}): Promise<SwapRecord> {
    return this.transaction([{ op: 'replace', target, successor }], options, 'replace');
  }

  /** Runs `actions` atomically: all of them, or none (the record says which step failed and why). */
  transaction(actions: readonly PlanAction[], options: SwapOptions = {}, kind: SwapRecord['kind'] = 'transaction'): Promise<SwapRecord> {
    const run = this.queue.then(() => this.execute(actions, options, kind));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private clockFor(actions: readonly PlanAction[]): () => number {
    if (this.options.clock) return this.options.clock;
    const first = actions[0];
    const c = !first ? undefined : first.op === 'replace' ? first.target : first.op === 'bind' || first.op === 'unbind' ? first.client
      : first.op === 'add' || first.op === 'remove' ? first.parent : first.component;
    if (c) {
      const rt = Fractal.getRuntime(c);
      return () => rt.now();
    }
    return () => 0;
  }

  private async execute(actions: readonly PlanAction[], options: SwapOptions, kind: SwapRecord['kind']): Promise<SwapRecord> {
    const id = this.journal.newId();
    const described = actions.map(describeAction);
    const clock = new PhaseClock(this.clockFor(actions), (phase) => this.journal.emit({ kind: 'phase', id, phase }));
    const requested = clock.now();
    this.journal.emit({ kind: 'requested', id, actions: described });
    let strategy: SafeStateStrategy | undefined;
    const replacements: Array<ReplacementInfo & { state?: unknown }> = [];
    let notSafe: InFlightCall[] | undefined;
    let safe: SafeState | null = null;
    let quiescence = { us: 0, cycles: 0 };
    let callsHeld = 0;
    const undo: Undo[] = [];
    const startedNow: Component[] = [];
    let held: ReturnType<SafeState['takeHeld']> = [];
    const members: ProbationMember[] = [];
    /** Successors on probation that this plan replaces again (resumed if it rolls back or they come back). */
    const previous = new Map<Component, PreviousProbation>();
    let probationCalls = 0;
    let probation: Probation | null = null;

    let servingAt: { cycle: number; us: number } | null = null;
    let stopAt: { cycle: number; us: number } | null = null;
    const finish = (outcome: SwapRecord['outcome'], failure?: StepFailure): SwapRecord => {
      clock.end();
      const serving = servingAt ?? clock.now();
      const record: SwapRecord = {
        id, kind, actions: described, strategy: strategy?.name ?? String(options.strategy ?? 'thread-counting'), outcome,
        ...(failure ? { failedStep: failure.step, reason: failure.message } : {}),
        replacements, phases: clock.phases, requested, serving,
        latencyUs: serving.us - requested.us, latencyCycles: serving.cycle - requested.cycle,
        quiescenceUs: quiescence.us, quiescenceCycles: quiescence.cycles,
        interruptionUs: stopAt ? serving.us - stopAt.us : 0, interruptionCycles: stopAt ? serving.cycle - stopAt.cycle : 0,
        callsHeld,
        stopped: safe?.stopped.map(pathOf) ?? [],
        ...(notSafe ? { notSafe } : {}),
        ...(probation ? { probationCalls } : {}),
      };
      this.journal.add(record);
      return record;
    };

    try {
      // ---- plan
      clock.begin('plan');
      strategy = strategyOf(options.strategy);
      const affected = new Set<Component>();
      // Life-cycle state each component ends in: an explicit start/stop on it, else on its nearest
      // ancestor (stopping a composite stops its content), else the state it had, else STARTED.
      const finalState = new Map<Component, boolean>();
      const initialState = new Map<Component, boolean>();
      const prepared = new Map<PlanAction, { content: object; cls: ContentClass; name: string; attributes: Readonly<Record<string, unknown>> }>();
      try {
        probationCalls = probationLength(options.probation ?? this.options.probation ?? DEFAULT_PROBATION_CALLS);
        for (const a of actions) this.check(a);
        for (const a of actions) {
          for (const c of touched(a)) {
            affected.add(c);
            if (!initialState.has(c)) initialState.set(c, c.isStarted());
          }
          if (a.op === 'stop') finalState.set(a.component, false);
          if (a.op === 'start') finalState.set(a.component, true);
          if (a.op === 'add' && !initialState.has(a.child)) initialState.set(a.child, a.child.isStarted());
          if (a.op === 'remove') finalState.set(a.child, false);
        }
        // A component on probation that this plan touches leaves it: its successor is changing again.
        const inside = new Set([...affected].flatMap((c) => c.selfAndDescendants()));
        const replaced = new Set(actions.flatMap((a) => (a.op === 'replace' ? [a.target] : [])));
        for (const p of [...this.probations]) p.supersede((c) => inside.has(c), (c) => replaced.has(c), previous);
      } catch (e) {
        throw new StepFailure('plan', e);
      }
      // ---- create
      clock.begin('create');
      try {
        for (const a of actions) {
          if (a.op !== 'replace') continue;
          const succ = resolveSuccessor(a.successor, a.target, this.options.loadDefinition);
          prepared.set(a, { ...succ, content: createSuccessorContent(a.target, succ) });
        }
      } catch (e) {
        throw new StepFailure('create', e);
      }
      // ---- stop
      clock.begin('stop');
      const q0 = clock.now();
      stopAt = q0;
      const timeoutMs = options.timeoutMs ?? strategy.defaultTimeoutMs ?? this.options.timeoutMs ?? 5000;
      try {
        safe = await strategy.reach({
          components: [...affected],
          timeoutMs,
          onWaiting: (inFlight) => {
            notSafe = inFlight;
            this.journal.emit({ kind: 'waiting', id, inFlight });
          },
        });
      } catch (e) {
        if (e instanceof SafeStateTimeout) notSafe = e.inFlight;
        throw new StepFailure('stop', e);
      } finally {
        const q1 = clock.now();
        quiescence = { us: q1.us - q0.us, cycles: q1.cycle - q0.cycle };
      }
      // From here to the release: no await.
      held = safe.takeHeld();
      callsHeld = held.length;
      for (const a of actions) {
        if (a.op === 'replace') replacements.push(this.replaceInPlace(a.target, prepared.get(a)!, clock, undo, members, previous.get(a.target)));
        else {
          clock.begin('apply');
          try {
            this.apply(a, undo);
          } catch (e) {
            throw new StepFailure('apply', e);
          }
        }
      }
      // ---- start
      clock.begin('start');
      try {
        for (const a of actions) if (a.op === 'replace') refuseAsync((a.target.content as ContentHooks).startFc?.(), 'startFc');
        const desired = (c: Component): boolean => {
          if (finalState.has(c)) return finalState.get(c)!;
          for (const a of ancestors(c)) if (finalState.has(a)) return finalState.get(a)!;
          return initialState.get(c) ?? true;
        };
        const toStart = [...new Set([...finalState.keys(), ...initialState.keys(), ...safe.stopped])].filter((c) => desired(c) && !c.isStarted() && !isRemoved(c, actions));
        for (const c of topmost(toStart)) {
          Fractal.getLifeCycleController(c).startFc();
          startedNow.push(c);
        }
      } catch (e) {
        throw new StepFailure('start', e);
      }
      // ---- probation: watch the successors' first calls, the held ones first (probation.ts)
      if (probationCalls > 0 && members.length > 0 && actions.every((a) => a.op === 'replace')) {
        probation = new Probation(members, {
          id, calls: probationCalls, kind, actions: described, strategy: strategy.name, now: () => clock.now(),
          newId: () => this.journal.newId(), publish: (r) => this.journal.add(r), emit: (e) => this.journal.emit(e),
          validate: validateState, register: (p) => this.probations.add(p), onEnd: (p) => this.probations.delete(p),
        });
        this.probations.add(probation);
      }
      // ---- release
      clock.begin('release');
      safe.putBack(held);
      held = [];
      for (const c of safe.stopped) if (c.isStarted()) c.gate?.release();
      servingAt = clock.now();
      // ---- retire: the old contents are dropped; measuring the moved state is off the critical path.
      clock.begin('retire');
      undo.length = 0;
      for (const x of replacements) {
        const size = stateSize(x.state);
        Object.assign(x, { stateBytes: size.bytes, stateEntries: size.entries });
        delete x.state;
      }
      const record = finish('committed');
      probation?.committed();
      return record;
    } catch (e) {
      const failure = e instanceof StepFailure ? e : new StepFailure(stepOf(clock.current()), e);
      clock.begin('rollback');
      probation?.end('cancelled');
      probation = null;
      // Stop what the start phase started (nothing could enter: held calls are aside, nothing awaited).
      for (const c of startedNow.reverse()) void Fractal.getLifeCycleController(c).stopFc();
      for (const u of undo.reverse()) u();
      if (safe) {
        safe.putBack(held);
        for (const c of topmost(safe.stopped)) if (!c.isStarted()) Fractal.getLifeCycleController(c).startFc();
      }
      // The superseded successors are back and still unproven: watch them again.
      for (const prev of previous.values()) resumeProbation(prev);
      for (const x of replacements) delete x.state;
      return finish('rolled-back', failure);
    }
  }

  /** Refuses actions the engine cannot carry out, before anything is touched. */
  private check(a: PlanAction): void {
    if (a.op !== 'replace') return;
    const t = a.target;
    if (t.kind !== 'primitive') throw new NotReconfigurableError(`cannot replace '${pathOf(t)}': it is a composite; replace its primitives, or remove and add it`);
    if (!t.gate) throw new NotReconfigurableError(`cannot replace '${pathOf(t)}': its ADL makes it not reconfigurable (reconfiguration 'none': no interceptor, no safe state); expected a thread-counting primitive`);
    if (t.content === null) throw new NotReconfigurableError(`cannot replace '${pathOf(t)}': it has no content`);
  }

  private replaceInPlace(
    target: Component,
    succ: { content: object; cls: ContentClass; name: string; attributes: Readonly<Record<string, unknown>> },
    clock: PhaseClock,
    undo: Undo[],
    members: ProbationMember[],
    previous: PreviousProbation | undefined,
  ): ReplacementInfo & { state: unknown } {
    const old = target.content as ContentHooks & object;
    const oldCls = target.contentClass!;
    const from = oldCls.name;
    clock.begin('export');
    let state: unknown;
    const transfer = typeof old.exportState === 'function';
    try {
      state = transfer ? old.exportState!() : undefined;
    } catch (e) {
      throw new StepFailure('export', e);
    }
    clock.begin('validate');
    if (transfer) {
      try {
        validateState(state, succ.cls, target);
      } catch (e) {
        throw new StepFailure('validate', e);
      }
    }
    clock.begin('import');
    const store = target.attributes;
    const oldAttrs = new Map<string, unknown>();
    try {
      if (store) {
        for (const [k, v] of Object.entries(succ.attributes)) {
          if (!store.has(k)) continue;
          oldAttrs.set(k, store.get(k));
          store.set(k, v);
        }
      }
    } catch (e) {
      for (const [k, v] of oldAttrs) store!.set(k, v);
      throw new StepFailure('import', e);
    }
    target.setContent(succ.content, succ.cls);
    undo.push(() => {
      target.setContent(old, oldCls);
      for (const [k, v] of oldAttrs) store!.set(k, v);
      Fractal.getRuntime(target).emit('content-replaced', target, { server: `${succ.cls.name} -> ${from} (rollback)` });
    });
    if (transfer) {
      try {
        refuseAsync((succ.content as ContentHooks).importState!(state), 'importState');
      } catch (e) {
        throw new StepFailure('import', e);
      }
    }
    Fractal.getRuntime(target).emit('content-replaced', target, { server: `${from} -> ${succ.cls.name}` });
    members.push({ target, old, oldCls, oldAttrs, ...(previous ? { previous } : {}) });
    return { path: pathOf(target), from, to: succ.name, state, stateBytes: 0, stateEntries: 0 };
  }

  private apply(a: PlanAction, undo: Undo[]): void {
    switch (a.op) {
      case 'bind': {
        const bc = Fractal.getBindingController(a.client);
        bc.bindFc(a.itf, a.server);
        undo.push(() => bc.unbindFc(a.itf));
        return;
      }
      case 'unbind': {
        const bc = Fractal.getBindingController(a.client);
        const server = bc.lookupFc(a.itf);
        if (server === null) throw new ReconfigurationError('apply', `unbind: '${pathOf(a.client)}.${a.itf}' is not bound`);
        bc.unbindFc(a.itf);
        undo.push(() => bc.bindFc(a.itf, server));
        return;
      }
      case 'set-value': {
        const ac = Fractal.getAttributeController(a.component);
        const before = a.component.attributes!.get(a.name);
        ac.setFcAttribute(a.name, a.value);
        undo.push(() => ac.setFcAttribute(a.name, before));
        return;
      }
      case 'add': {
        const cc = Fractal.getContentController(a.parent);
        cc.addFcSubComponent(a.child);
        undo.push(() => Reconfiguration.undoAdd(a.parent, a.child));
        return;
      }
      case 'remove': {
        const cc = Fractal.getContentController(a.parent);
        cc.removeFcSubComponent(a.child);
        undo.push(() => cc.addFcSubComponent(a.child));
        return;
      }
      case 'start':
      case 'stop':
        return; // final life-cycle states are applied by the start phase
      case 'replace':
        throw new ReconfigurationError('apply', 'replace is not an apply action');
    }
  }
}

function probationLength(p: number | { readonly calls: number }): number {
  const n = typeof p === 'number' ? p : p.calls;
  if (!Number.isInteger(n) || n < 0) throw new ReconfigurationError('plan', `probation of ${String(n)} calls: expected a whole number >= 0`);
  return n;
}

function stepOf(p: ReturnType<PhaseClock['current']>): ReconfigStep {
  return p === null || p === 'rollback' ? 'apply' : p;
}

/** The components an action needs stopped. */
function touched(a: PlanAction): Component[] {
  switch (a.op) {
    case 'replace': return [a.target];
    case 'bind':
    case 'unbind': return [a.client];
    case 'set-value':
    case 'start':
    case 'stop': return [a.component];
    case 'add': return [];
    case 'remove': return [a.child];
  }
}

function isRemoved(c: Component, actions: readonly PlanAction[]): boolean {
  return actions.some((a) => a.op === 'remove' && a.child.selfAndDescendants().includes(c));
}

/** Drops components that have an ancestor in the list (starting a composite starts its content). */
function topmost(cs: readonly Component[]): Component[] {
  const set = new Set(cs);
  return cs.filter((c) => !ancestors(c).some((p) => set.has(p)));
}

function ancestors(c: Component): Component[] {
  const out: Component[] = [];
  const visit = (x: Component) => {
    for (const p of x.parents) if (!out.includes(p)) { out.push(p); visit(p); }
  };
  visit(c);
  return out;
}

/**
 * The validation step of state transfer: the state is an object with a numeric `version`; when the
 * successor class declares `static stateVersion`, the versions must match (schema mismatch otherwise).
 * The successor's importState checks the schema itself.
 */
export function validateState(state: unknown, cls: ContentClass, target: Component): void {
  if (state === null || typeof state !== 'object') {
    throw new ReconfigurationError('validate', `state exported by '${pathOf(target)}' is ${state === null ? 'null' : typeof state}; expected a canonical state object`);
  }
  const version = (state as { version?: unknown }).version;
  if (version !== undefined && typeof version !== 'number') {
    throw new ReconfigurationError('validate', `state exported by '${pathOf(target)}' has version ${JSON.stringify(version)}; expected a number`);
  }
  const declared = (cls as unknown as { stateVersion?: unknown }).stateVersion;
  if (typeof declared === 'number' && declared !== version) {
    throw new ReconfigurationError('validate', `schema mismatch: '${pathOf(target)}' exports state version ${String(version)}, successor ${cls.name} takes version ${declared}`);
  }
}

/**
 * Between the safe state and the release nothing may wait, so state transfer and start hooks must be
 * synchronous: a hook that returns a promise has not finished its work, and committing would leave a
 * successor without its state. Refuse it (the step fails and the swap rolls back); a rejection of the
 * abandoned promise is absorbed.
 */
function refuseAsync(result: unknown, hook: string): void {
  if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
    (result as Promise<unknown>).then(undefined, () => undefined);
    throw new Error(`${hook} returned a promise: state transfer and start hooks must complete synchronously`);
  }
}
