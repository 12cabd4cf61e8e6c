// The life-cycle controller: STARTED / STOPPED, recursive over a composite's content, with thread
// counting on every primitive underneath (gate.ts). startFc is synchronous; stopFc resolves when every
// primitive underneath is quiescent (counter 0) at the same moment; startFc during a stop cancels it.

import type { Component } from '../component.js';
import { StopGroup, STARTED, STOPPING, type Gate, type InFlightCall } from '../gate.js';
import { startRules } from '../rules/lifecycle.js';
import { ControlInterface } from './base.js';

export type LifeCycleState = 'STARTED' | 'STOPPED';

export class LifeCycleController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'lifecycle-controller', 'fractal.LifeCycleController');
  }

  /** 'STARTED' until a stop completes (a stopping component is still 'STARTED'; see isFcStopping). */
  getFcState(): LifeCycleState {
    return this.component.isStarted() ? 'STARTED' : 'STOPPED';
  }

  /** True while stopFc waits for calls to leave: new calls from outside are held. */
  isFcStopping(): boolean {
    return this.component.selfAndDescendants().some((c) => c.gate?.state === STOPPING);
  }

  startFc(): void {
    const all = this.component.selfAndDescendants();
    const toStart = all.filter((c) => (c.gate ? c.gate.state !== STARTED : !c.started));
    // Check everything before changing anything: a refused start leaves every component as it was.
    for (const c of toStart) if (!c.isStarted()) for (const rule of startRules) rule(c);
    const groups = new Set<StopGroup>();
    for (const c of toStart) if (c.gate?.group) groups.add(c.gate.group);
    for (const g of groups) g.cancel(`stop cancelled by startFc() on '${this.component}'`);
    const started: Component[] = [];
    for (const c of toStart) {
      if (c.isStarted()) continue; // restarted by a cancelled stop
      if (c.gate) c.gate.state = STARTED;
      else c.started = true;
      started.push(c);
    }
    for (const c of started) c.runtime.emit('started', c);
    for (const c of started) c.gate?.release();
  }

  stopFc(): Promise<void> {
    const all = this.component.selfAndDescendants();
    const gates: Gate[] = [];
    let stoppingElsewhere = false;
    for (const c of all) {
      if (c.gate?.state === STARTED) gates.push(c.gate);
      else if (c.gate?.group) {
        gates.push(c.gate); // joins this stop: see StopGroup
        stoppingElsewhere = true;
      }
    }
    const others = all.filter((c) => !c.gate);
    const finish = () => {
      for (const c of others) {
        if (!c.started) continue;
        c.started = false;
        c.runtime.emit('stopped', c);
      }
    };
    if (gates.length === 0) {
      finish();
      return Promise.resolve();
    }
    if (stoppingElsewhere && gates.every((g) => g.group && g.group === gates[0]!.group)) {
      // Everything underneath is already one pending stop: share it.
      return gates[0]!.group!.promise.then(finish);
    }
    const group = new StopGroup(gates, finish);
    group.check();
    return group.promise;
  }

  /** Calls inside the component (its primitives, for a composite) right now. */
  getFcThreadCount(): number {
    let n = 0;
    for (const c of this.component.selfAndDescendants()) if (c.gate) n += c.gate.count;
    return n;
  }

  getFcInFlightCalls(): InFlightCall[] {
    return this.component.selfAndDescendants().flatMap((c) => c.gate?.inFlightCalls() ?? []);
  }

  getFcHeldCallCount(): number {
    let n = 0;
    for (const c of this.component.selfAndDescendants()) if (c.gate) n += c.gate.held.length;
    return n;
  }
}
