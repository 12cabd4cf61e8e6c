// Fault-injecting kernel components: a round-robin scheduler whose protocol hooks (exportState,
// importState, startFc) or first calls misbehave as a test says, and whose `snapshot` can hang with the
// thread counter held (a quiescence that never comes). Registered as content classes so the engine
// creates them like any implementation. `FaultyScheduler.next` sets the fault of the next instance;
// 'nth-call-throws' throws on its `FaultyScheduler.nth`-th call through its interface (any method but
// exportState/importState, which the engine calls on the content directly), after the call did its work and changed the scheduler's state (so a rollback has to undo that change).
import { injectable } from 'inversify';
import { contents } from '../../bindings/index.js';
import { RoundRobin } from '../../components/scheduler/index.js';

export type Fault =
  | 'none'
  | 'export-throws' | 'export-invalid' | 'export-hangs'
  | 'import-throws' | 'import-invalid' | 'import-hangs'
  | 'start-throws' | 'start-hangs'
  | 'first-calls-throw'
  | 'nth-call-throws'
  | 'snapshot-hangs';

export const FAULTY_SCHEDULER = 'tests.reliability.FaultyScheduler';

const never = () => new Promise<never>(() => {});

@injectable()
export class FaultyScheduler extends RoundRobin {
  /** The fault the next instance gets. */
  static next: Fault = 'none';
  fault: Fault = FaultyScheduler.next;
  /** Calls left that throw ('first-calls-throw'). */
  throwsLeft = 3;
  /** The call that throws ('nth-call-throws'), 1-based, counting every method of the signature. */
  static nth = 1;
  readonly nth = FaultyScheduler.nth;
  calls = 0;

  /** Depth of our own methods on the stack: a method calling another (exportState -> current) is one call. */
  private depth = 0;

  /** Runs a method; 'nth-call-throws' counts it (outermost only) and throws after it did its work. */
  private within<T>(what: string | null, fn: () => T): T {
    this.depth++;
    let r: T;
    try {
      r = fn();
    } finally {
      this.depth--;
    }
    if (what !== null && this.depth === 0 && this.fault === 'nth-call-throws' && ++this.calls === this.nth) {
      throw new Error(`injected fault: the successor throws on its call ${this.nth} (${what})`);
    }
    return r;
  }

  override exportState(): ReturnType<RoundRobin['exportState']> {
    if (this.fault === 'export-throws') throw new Error('injected fault: exportState throws');
    if (this.fault === 'export-invalid') return { version: 'not a number' } as unknown as ReturnType<RoundRobin['exportState']>;
    if (this.fault === 'export-hangs') return never() as unknown as ReturnType<RoundRobin['exportState']>;
    return this.within(null, () => super.exportState());
  }

  override importState(state: Parameters<RoundRobin['importState']>[0]): void {
    if (this.fault === 'import-throws') throw new Error('injected fault: importState throws');
    if (this.fault === 'import-invalid') return super.importState({ ...(state as object), processes: 'garbage' } as never);
    if (this.fault === 'import-hangs') return never() as unknown as void;
    return this.within(null, () => super.importState(state));
  }

  startFc(): void {
    if (this.fault === 'start-throws') throw new Error('injected fault: startFc throws');
    if (this.fault === 'start-hangs') return never() as unknown as void;
  }

  override pick(...args: Parameters<RoundRobin['pick']>): ReturnType<RoundRobin['pick']> {
    if (this.fault === 'first-calls-throw' && this.throwsLeft > 0) {
      this.throwsLeft--;
      throw new Error('injected fault: the successor throws on its first calls');
    }
    return this.within('pick', () => super.pick(...args));
  }

  override slice(pid: number): number {
    return this.within('slice', () => super.slice(pid));
  }

  override charge(pid: number, cycles: number): void {
    this.within('charge', () => super.charge(pid, cycles));
  }

  override admit(pid: number, nice: number): void {
    this.within('admit', () => super.admit(pid, nice));
  }

  override exit(pid: number): number {
    return this.within('exit', () => super.exit(pid));
  }

  override block(pid: number): void {
    this.within('block', () => super.block(pid));
  }

  override wake(pid: number): boolean {
    return this.within('wake', () => super.wake(pid));
  }

  override yield(pid: number): void {
    this.within('yield', () => super.yield(pid));
  }

  override setNice(pid: number, nice: number): void {
    this.within('setNice', () => super.setNice(pid, nice));
  }

  override stateOf(pid: number): ReturnType<RoundRobin['stateOf']> {
    return this.within('stateOf', () => super.stateOf(pid));
  }

  override current(): number {
    return this.within('current', () => super.current());
  }

  override size(): number {
    return this.within('size', () => super.size());
  }

  override snapshot(): ReturnType<RoundRobin['snapshot']> {
    if (this.fault === 'snapshot-hangs') return never() as unknown as ReturnType<RoundRobin['snapshot']>;
    return this.within('snapshot', () => super.snapshot());
  }
}

if (!contents.has(FAULTY_SCHEDULER)) contents.register(FAULTY_SCHEDULER, FaultyScheduler);
