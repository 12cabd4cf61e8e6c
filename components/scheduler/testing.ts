// Test support shared by the scheduler family's tests and benchmarks: every implementation by
// short name, and a driver that runs a deterministic CPU-bound / interactive workload.
import { RoundRobin } from './RoundRobin.js';
import { Priority } from './Priority.js';
import { Mlfq } from './Mlfq.js';
import { Stride } from './Stride.js';
import { Fair } from './Fair.js';
import type { Scheduler } from './signature.js';

export const IMPLEMENTATIONS: Readonly<Record<string, (quantum?: number) => Scheduler>> = {
  'round-robin': (q) => new RoundRobin(q),
  priority: (q) => new Priority(q),
  mlfq: (q) => new Mlfq(q),
  stride: (q) => new Stride(q),
  fair: (q) => new Fair(q),
};

export const IMPLEMENTATION_NAMES = Object.keys(IMPLEMENTATIONS);

/** Runs `turns` scheduling decisions of CPU-bound processes (each uses its whole slice). */
export function runCpuBound(s: Scheduler, turns: number): void {
  for (let i = 0; i < turns; i++) {
    const pid = s.pick();
    if (pid === -1) return;
    s.charge(pid, s.slice(pid));
  }
}
