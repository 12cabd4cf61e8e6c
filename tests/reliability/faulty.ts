// Fault-injecting kernel components: a round-robin scheduler whose protocol hooks (exportState,
// importState, startFc) or first calls misbehave as a test says, and whose `snapshot` can hang with the
// thread counter held (a quiescence that never comes). Registered as content classes so the engine
// creates them like any implementation. `FaultyScheduler.next` sets the fault of the next instance.
import { injectable } from 'inversify';
import { contents } from '../../bindings/index.js';
import { RoundRobin } from '../../components/scheduler/index.js';

export type Fault =
  | 'none'
  | 'export-throws' | 'export-invalid' | 'export-hangs'
  | 'import-throws' | 'import-invalid' | 'import-hangs'
  | 'start-throws' | 'start-hangs'
  | 'first-calls-throw'
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

  override exportState(): ReturnType<RoundRobin['exportState']> {
    if (this.fault === 'export-throws') throw new Error('injected fault: exportState throws');
    if (this.fault === 'export-invalid') return { version: 'not a number' } as unknown as ReturnType<RoundRobin['exportState']>;
    if (this.fault === 'export-hangs') return never() as unknown as ReturnType<RoundRobin['exportState']>;
    return super.exportState();
  }

  override importState(state: Parameters<RoundRobin['importState']>[0]): void {
    if (this.fault === 'import-throws') throw new Error('injected fault: importState throws');
    if (this.fault === 'import-invalid') return super.importState({ ...(state as object), processes: 'garbage' } as never);
    if (this.fault === 'import-hangs') return never() as unknown as void;
    return super.importState(state);
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
    return super.pick(...args);
  }

  override snapshot(): ReturnType<RoundRobin['snapshot']> {
    if (this.fault === 'snapshot-hangs') return never() as unknown as ReturnType<RoundRobin['snapshot']>;
    return super.snapshot();
  }
}

if (!contents.has(FAULTY_SCHEDULER)) contents.register(FAULTY_SCHEDULER, FaultyScheduler);
