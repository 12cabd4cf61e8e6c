// A model runtime: what every component created from one bootstrap component shares — the clock that
// timestamps events and held calls, the event stream, the parent inversify container (devices), and
// defaults for controller options. The kernel creates one with its emulated-cycle clock.

import { Subject, type Observable } from 'rxjs';
import type { Container } from 'inversify';
import type { ThreadId } from './threads.js';

export type ModelEventKind =
  | 'created' | 'bound' | 'unbound' | 'started' | 'stopped'
  | 'call-held' | 'call-released' | 'call-timed-out' | 'content-replaced' | 'retargeted' | 'added' | 'removed';

export interface ModelEvent {
  readonly kind: ModelEventKind;
  /** Clock value when it happened (emulated cycles when the kernel supplies its clock). */
  readonly time: number;
  /** Name of the component concerned (the client's, for binding events). */
  readonly component: string;
  /** The component itself, for consumers that need to act on it. */
  readonly source: object;
  /** Client interface (binding events) or server interface (call events). */
  readonly interface?: string;
  /** Server side of a binding event (`owner.interface`), or the sub-component of an added/removed event. */
  readonly server?: string;
  readonly method?: string;
  readonly thread?: ThreadId;
  /** Held-queue length after the event (call events). */
  readonly held?: number;
}

export interface RuntimeOptions {
  /** Returns the current time; defaults to milliseconds from performance.now(). */
  clock?: () => number;
  /** Parent of every component's container: bind devices here with deviceToken(name). */
  container?: Container;
  /** Default hold timeout in ms for held calls (Infinity: wait for startFc forever). */
  holdTimeoutMs?: number;
  /**
   * Carry thread identity across `await` in async methods with AsyncLocalStorage (default true), so that
   * a re-entrant call after an await passes a stopping component. Off: async calls are still counted and
   * held, but such a call is held like any other (a stop may then wait for its hold timeout).
   */
  asyncThreadIdentity?: boolean;
}

export class ModelRuntime {
  private clockFn: () => number;
  private readonly subject = new Subject<ModelEvent>();
  readonly events$: Observable<ModelEvent> = this.subject.asObservable();
  container: Container | undefined;
  holdTimeoutMs: number;
  readonly asyncThreadIdentity: boolean;

  constructor(options: RuntimeOptions = {}) {
    this.asyncThreadIdentity = options.asyncThreadIdentity ?? true;
    this.clockFn = options.clock ?? (() => performance.now());
    this.container = options.container;
    this.holdTimeoutMs = options.holdTimeoutMs ?? Infinity;
  }

  setClock(clock: () => number): void {
    this.clockFn = clock;
  }

  now(): number {
    return this.clockFn();
  }

  emit(kind: ModelEventKind, source: { getFcName(): string }, extra: Partial<Omit<ModelEvent, 'kind' | 'time' | 'component' | 'source'>> = {}): void {
    if (!this.subject.observed) return;
    this.subject.next({ kind, time: this.clockFn(), component: source.getFcName(), source, ...extra });
  }
}
