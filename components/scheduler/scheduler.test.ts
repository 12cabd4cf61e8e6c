import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { attributeToken, contents, signatures } from '../../bindings/index.js';
import {
  Fair, Mlfq, Priority, RoundRobin, SCHEDULERS, SCHEDULER_FAMILY, SIGNATURE, Stride,
  SchedulerAttributeError, SchedulerError, SchedulerStateError, validateSchedulerState, upgradeSchedulerState, rowsOf,
  type Scheduler, type SchedulerState, type SchedulerStateV1,
} from './index.js';
import { IMPLEMENTATIONS, IMPLEMENTATION_NAMES, runCpuBound } from './testing.js';

describe.each(IMPLEMENTATION_NAMES)('%s: the scheduler protocol', (name) => {
  const make = (q = 1000): Scheduler => IMPLEMENTATIONS[name]!(q);

  it('has every method of components.scheduler.Scheduler', () => {
    const s = make() as unknown as Record<string, unknown>;
    for (const m of SIGNATURE.methods) expect(typeof s[m], m).toBe('function');
  });

  it('picks -1 when empty, then runs an admitted process', () => {
    const s = make();
    expect(s.pick()).toBe(-1);
    s.admit(7, 0);
    expect(s.stateOf(7)).toBe('runnable');
    expect(s.pick()).toBe(7);
    expect(s.current()).toBe(7);
    expect(s.stateOf(7)).toBe('running');
    expect(s.slice(7)).toBeGreaterThan(0);
  });

  it('keeps the only runnable process running across picks', () => {
    const s = make();
    s.admit(1, 0);
    for (let i = 0; i < 5; i++) {
      expect(s.pick()).toBe(1);
      s.charge(1, 1000);
    }
  });

  it('block takes a process off the hart and out of the queue; wake brings it back', () => {
    const s = make();
    s.admit(1, 0);
    s.admit(2, 0);
    const first = s.pick();
    s.charge(first, 10);
    s.block(first);
    expect(s.current()).toBe(-1);
    expect(s.stateOf(first)).toBe('blocked');
    const other = first === 1 ? 2 : 1;
    expect(s.pick()).toBe(other);
    expect(s.pick()).toBe(other); // the blocked one never comes back by itself
    expect(s.wake(first)).toBe(true);
    expect(s.wake(first)).toBe(false); // already runnable: a spurious wake-up is harmless
    expect(s.stateOf(first)).toBe('runnable');
    s.block(other);
    expect(s.pick()).toBe(first);
  });

  it('exit forgets the process and returns its runtime', () => {
    const s = make();
    s.admit(3, 0);
    expect(s.pick()).toBe(3);
    s.charge(3, 1234);
    s.charge(3, 66);
    expect(s.exit(3)).toBe(1300);
    expect(s.stateOf(3)).toBeUndefined();
    expect(s.current()).toBe(-1);
    expect(s.size()).toBe(0);
    expect(s.pick()).toBe(-1);
    s.admit(3, 0); // a pid may be reused after exit
    expect(s.pick()).toBe(3);
  });

  it('yield hands the hart to another runnable process', () => {
    const s = make();
    s.admit(1, 0);
    s.admit(2, 0);
    const a = s.pick();
    s.charge(a, 5);
    s.yield(a);
    expect(s.pick()).not.toBe(a);
  });

  it('refuses protocol errors with clear messages', () => {
    const s = make();
    s.admit(1, 0);
    expect(() => s.admit(1, 0)).toThrow(/pid 1 is already runnable/);
    expect(() => s.admit(2, 20)).toThrow(/nice 20 for pid 2 is not an integer in -20..19/);
    expect(() => s.admit(-1, 0)).toThrow(SchedulerError);
    expect(() => s.block(9)).toThrow(/block: unknown pid 9/);
    expect(() => s.yield(1)).toThrow(/pid 1 is runnable, expected running/);
    expect(() => s.charge(1, 10)).toThrow(/waiting in the run queue/);
    s.pick();
    expect(() => s.charge(1, -5)).toThrow(/non-negative/);
    expect(() => s.charge(1, NaN)).toThrow(/non-negative/);
    s.block(1);
    expect(() => s.block(1)).toThrow(/already blocked/);
    expect(() => s.setNice(1, 99)).toThrow(SchedulerError);
  });

  it('setNice keeps the process where it was (state and membership)', () => {
    const s = make();
    s.admit(1, 0);
    s.admit(2, 0);
    s.setNice(1, 5);
    s.setNice(2, -5);
    expect(s.stateOf(1)).toBe('runnable');
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const p = s.pick();
      seen.add(p);
      s.charge(p, s.slice(p));
    }
    expect(s.snapshot().processes.map((p) => p.nice)).toEqual([5, -5]);
    expect(seen.has(2)).toBe(true);
  });

  it('exports a valid canonical state and imports it back unchanged', () => {
    const s = make();
    for (let pid = 1; pid <= 6; pid++) s.admit(pid, pid - 3);
    runCpuBound(s, 17);
    s.block(s.current());
    s.pick();
    const state = s.exportState();
    expect(() => validateSchedulerState(state)).not.toThrow();
    expect(state.policy).toBe(name);
    const t = make();
    t.importState(structuredClone(state));
    expect(t.exportState()).toEqual(state);
  });

  it('refuses invalid states and stays unchanged', () => {
    const s = make();
    s.admit(1, 0);
    s.admit(2, 0);
    s.pick();
    const before = s.exportState();
    const good: SchedulerState = {
      version: 2, policy: 'x', running: -1, pid: Int32Array.of(4, 5), state: Uint8Array.of(1, 1), nice: Int8Array.of(0, 0),
      runtime: Float64Array.of(0, 0), queue: Int32Array.of(4, 5), hints: {},
    };
    const v1: SchedulerStateV1 = { version: 1, policy: 'x', running: -1, queue: [5, 4], processes: [
      { pid: 4, state: 'runnable', nice: 0, runtime: 0 }, { pid: 5, state: 'runnable', nice: 3, runtime: 9, hints: { vlag: 2 } }] };
    const bad: Array<[string, unknown, RegExp]> = [
      ['bad version', { ...good, version: 3 }, /version: expected 2, got 3/],
      ['duplicate pid', { ...good, pid: Int32Array.of(4, 4), queue: Int32Array.of(4, 4) }, /duplicate pid 4/],
      ['bad state code', { ...good, state: Uint8Array.of(1, 4), queue: Int32Array.of(4) }, /state\[1\]: expected 1 \(runnable\), 2 \(running\) or 3 \(blocked\), got 4/],
      ['queue misses one', { ...good, queue: Int32Array.of(4) }, /queue: has 1 pids, expected the 2 runnable/],
      ['queue names a blocked pid', { ...good, state: Uint8Array.of(1, 3) }, /expected the 1 runnable/],
      ['running mismatch', { ...good, running: 4 }, /running: is 4 but the running process is -1/],
      ['nice out of range', { ...good, nice: Int8Array.of(0, -21) }, /nice\[1\]: expected an integer in -20..19/],
      ['column too short', { ...good, runtime: Float64Array.of(0) }, /runtime: has 1 entries, expected one per process \(2\)/],
      ['plain array column', { ...good, pid: [4, 5] }, /pid: expected an Int32Array, got Array/],
      ['unknown hint', { ...good, hints: { tickets: Float64Array.of(3, 3) } }, /unknown hint/],
      ['infinite hint', { ...good, hints: { vlag: Float64Array.of(0, Infinity) } }, /hints\.vlag\[1\]: expected a finite number or NaN/],
      ['version 1 with a zombie', { ...v1, processes: [v1.processes[0], { ...v1.processes[1], state: 'zombie' }] }, /expected runnable, running or blocked, got "zombie"/],
      ['not an object', 42, /expected an object/],
    ];
    for (const [what, state, message] of bad) {
      expect(() => s.importState(state), what).toThrow(SchedulerStateError);
      expect(() => s.importState(state), what).toThrow(message);
      expect(s.exportState(), what).toEqual(before);
    }
    s.importState(good);
    expect([...s.exportState().queue].sort()).toEqual([4, 5]);
    // A version-1 state is upgraded (code_change) and imported like its version-2 form.
    const t = make();
    t.importState(upgradeSchedulerState(structuredClone(v1)));
    s.importState(v1);
    expect(s.exportState()).toEqual(t.exportState());
    expect(rowsOf(s.exportState()).map((p) => [p.pid, p.nice, p.runtime])).toEqual([[4, 0, 0], [5, 3, 9]]);
  });

  it('is built by the container with its attributes (strings from ADL), and refuses bad ones', () => {
    const cls = contents.get(SCHEDULERS[name]!)!;
    expect(cls).toBeDefined();
    const c = new Container();
    c.bind(attributeToken('quantum')).toConstantValue('2500');
    c.bind(cls).toSelf();
    const s = c.get(cls) as Scheduler & { quantum: number };
    expect(s.quantum).toBe(2500);
    const bad = new Container();
    bad.bind(attributeToken('quantum')).toConstantValue('10ms');
    bad.bind(cls).toSelf();
    expect(() => bad.get(cls)).toThrow(/attribute 'quantum' must be an integer ≥ 1, got "10ms"/);
  });
});

describe('policies', () => {
  it('RoundRobin serves in FIFO order with a fixed quantum, ignoring nice', () => {
    const s = new RoundRobin('500');
    s.admit(1, 19);
    s.admit(2, -20);
    s.admit(3, 0);
    const order: number[] = [];
    for (let i = 0; i < 7; i++) {
      const p = s.pick();
      order.push(p);
      expect(s.slice(p)).toBe(500);
      s.charge(p, 500);
    }
    expect(order).toEqual([1, 2, 3, 1, 2, 3, 1]);
    s.block(1);
    s.wake(1);
    expect([s.pick(), s.pick(), s.pick()]).toEqual([2, 3, 1]);
  });

  it('Priority always serves the lowest nice first, round robin within a level', () => {
    const s = new Priority(100);
    s.admit(1, 5);
    s.admit(2, -5);
    s.admit(3, -5);
    s.admit(4, 0);
    const order = Array.from({ length: 6 }, () => s.pick());
    expect(order).toEqual([2, 3, 2, 3, 2, 3]);
    s.block(2);
    s.block(3);
    expect([s.pick(), s.pick()]).toEqual([4, 4]);
    s.wake(3);
    expect(s.pick()).toBe(3); // preempts 4 at the next scheduling point
    expect([...s.exportState().queue]).toEqual([4, 1]);
  });

  it('Priority with aging: a starved low-priority process climbs and runs, then drops back', () => {
    const strict = new Priority(1000);
    const aged = new Priority(1000, 5000);
    for (const s of [strict, aged]) {
      s.admit(1, -5); // hog, level 15
      s.admit(2, 5); // level 25: ten levels below
    }
    runCpuBound(strict, 300);
    expect(strict.snapshot().processes.find((p) => p.pid === 2)!.runtime).toBe(0);
    const levels: number[] = [];
    let firstRun = -1;
    for (let turn = 0; turn < 300; turn++) {
      const p = aged.pick();
      if (p === 2 && firstRun === -1) firstRun = turn;
      aged.charge(p, aged.slice(p));
      levels.push(aged.snapshot().processes.find((q) => q.pid === 2)!.info.level!);
    }
    // ten promotions of 5,000 cycles each (5 quanta) before it reaches the hog's level
    expect(firstRun).toBeGreaterThanOrEqual(50);
    expect(firstRun).toBeLessThan(60);
    expect(Math.min(...levels)).toBe(15);
    expect(levels).toContain(25); // back to its nice level after running
    const [hog, low] = aged.snapshot().processes.map((p) => p.runtime);
    expect(hog! / (hog! + low!)).toBeGreaterThan(0.9); // still a priority scheduler
    expect(low!).toBeGreaterThan(0);
  });

  it('Mlfq demotes a CPU hog and keeps an interactive process on top', () => {
    const s = new Mlfq(1000, 4, 1_000_000);
    s.admit(1, 0); // hog: uses every slice
    s.admit(2, 0); // interactive: runs 50 cycles, then sleeps until the hog's turn ends
    let woken = 0;
    let servedAtOnce = 0;
    for (let turn = 0; turn < 200; turn++) {
      const waiting = s.stateOf(2) === 'runnable';
      const p = s.pick();
      if (waiting && turn > 0) {
        woken++;
        if (p === 2) servedAtOnce++;
      }
      if (p === 1) {
        s.charge(1, s.slice(1));
        if (s.stateOf(2) === 'blocked') s.wake(2);
      } else {
        s.charge(2, 50);
        s.block(2);
      }
    }
    const info = Object.fromEntries(s.snapshot().processes.map((p) => [p.pid, p.info]));
    expect(info[1]!.level).toBe(3); // the hog sinks to the bottom
    expect(info[2]!.level).toBeLessThan(3);
    expect(s.slice(1)).toBe(8000); // bottom level slice = quantum << 3
    expect(woken).toBeGreaterThan(90);
    expect(servedAtOnce).toBe(woken); // the interactive one never waits behind the hog
  });

  it('Mlfq boosts everyone back to the top every `boost` cycles', () => {
    const s = new Mlfq(100, 3, 10_000);
    s.admit(1, 0);
    runCpuBound(s, 4);
    expect(s.snapshot().processes[0]!.info.level).toBe(2);
    runCpuBound(s, 30);
    const levels: number[] = [];
    for (let i = 0; i < 40; i++) {
      runCpuBound(s, 1);
      levels.push(s.snapshot().processes[0]!.info.level!);
    }
    expect(levels).toContain(0);
  });

  it('Mlfq boost keeps the service order and lifts sleepers too (lazily, O(levels))', () => {
    const s = new Mlfq(100, 3, 1_000_000);
    for (let pid = 1; pid <= 4; pid++) s.admit(pid, 0);
    s.block(4); // 4 sleeps at level 0 meanwhile
    const runFor = (pid: number, cycles: number) => {
      for (let p = s.pick(); p !== pid; p = s.pick()) s.charge(p, 0);
      s.charge(pid, cycles);
    };
    runFor(1, 100); // level 1
    runFor(2, 100); // level 1
    runFor(3, 100); // level 1
    runFor(3, 200); // level 2
    s.block(3); // a sleeper at level 2
    s.wake(4);
    expect(s.pick()).toBe(4);
    const before = s.exportState();
    const level = (st: typeof before, pid: number) => rowsOf(st).find((p) => p.pid === pid)!.hints!.level;
    expect([level(before, 1), level(before, 2), level(before, 3), level(before, 4)]).toEqual([1, 1, 2, 0]);
    s.setBoost(1);
    s.charge(s.current(), 1); // crosses the boost period
    const after = s.exportState();
    expect([...after.hints.level!]).toEqual([0, 0, 0, 0]);
    expect(after.queue).toEqual(before.queue); // same service order, now all at level 0
    s.wake(3);
    expect(s.exportState().queue.at(-1)).toBe(3);
    expect(level(s.exportState(), 3)).toBe(0);
  });

  it('Mlfq counts the allotment across turns, so yielding before the timer does not game it', () => {
    const s = new Mlfq(1000, 3, 10_000_000);
    s.admit(1, 0);
    const levels: number[] = [];
    for (let i = 0; i < 6; i++) {
      const p = s.pick();
      s.charge(p, Math.min(900, s.slice(p))); // yields before a 1000-cycle quantum would end
      s.yield(p);
      levels.push(s.snapshot().processes[0]!.info.level!);
    }
    expect(levels).toEqual([0, 1, 1, 1, 2, 2]);
  });

  it('Stride gives CPU in proportion to tickets over a long run', () => {
    const s = new Stride(1000);
    s.admit(1, 0); // 1024 tickets
    s.admit(2, 5); // 335
    s.admit(3, -5); // 3121
    runCpuBound(s, 30_000);
    const rt = Object.fromEntries(s.snapshot().processes.map((p) => [p.pid, p.runtime]));
    const total = rt[1]! + rt[2]! + rt[3]!;
    const tickets = 1024 + 335 + 3121;
    expect(rt[1]! / total).toBeCloseTo(1024 / tickets, 3);
    expect(rt[2]! / total).toBeCloseTo(335 / tickets, 3);
    expect(rt[3]! / total).toBeCloseTo(3121 / tickets, 3);
  });

  it('Stride does not let a sleeper bank credit', () => {
    const s = new Stride(1000);
    s.admit(1, 0);
    s.admit(2, 0);
    s.pick();
    s.block(s.current() === 1 ? 1 : 2);
    runCpuBound(s, 1000);
    s.wake(1);
    s.wake(2);
    runCpuBound(s, 1000);
    const [a, b] = s.snapshot().processes.map((p) => p.runtime);
    // after waking, both share equally: the sleeper did not run the other's 1000 quanta off
    expect(Math.abs(a! - b!)).toBeGreaterThan(900_000);
  });

  it('Fair gives equal-nice CPU-bound processes equal runtime within one slice', () => {
    const s = new Fair(1000, 6000);
    s.admit(1, 0);
    s.admit(2, 0);
    for (let n = 0; n < 500; n++) {
      runCpuBound(s, 1);
      const [a, b] = s.snapshot().processes.map((p) => p.runtime);
      expect(Math.abs(a! - b!)).toBeLessThanOrEqual(3000); // slice = latency / 2
    }
  });

  it('Fair divides CPU by Linux weights (nice 0 vs nice 5 ≈ 1024 : 335)', () => {
    const s = new Fair(1000, 6000);
    s.admit(1, 0);
    s.admit(2, 5);
    runCpuBound(s, 20_000);
    const [a, b] = s.snapshot().processes.map((p) => p.runtime);
    expect(a! / (a! + b!)).toBeCloseTo(1024 / (1024 + 335), 2);
  });

  it('Fair: a waking sleeper gets at most latency/2 of credit', () => {
    const s = new Fair(1000, 6000);
    s.admit(1, 0);
    s.admit(2, 0);
    expect(s.pick()).toBe(1);
    s.charge(1, 0);
    s.block(1);
    runCpuBound(s, 500); // 2 alone
    s.wake(1);
    const info = s.snapshot().processes.find((p) => p.pid === 1)!.info;
    expect(info.vlag).toBe(-3000);
  });

  it('Fair: slices shrink to the granularity with many processes, and pick stays ordered at 2,000', () => {
    const s = new Fair(1000, 6000);
    for (let pid = 0; pid < 2000; pid++) s.admit(pid, (pid % 40) - 20);
    const p = s.pick();
    expect(s.slice(p)).toBeGreaterThanOrEqual(1000);
    runCpuBound(s, 20_000);
    const state = s.exportState();
    const vlag = new Map(rowsOf(state).map((q) => [q.pid, q.hints!.vlag!]));
    for (let i = 1; i < state.queue.length; i++) expect(vlag.get(state.queue[i]!)!).toBeGreaterThanOrEqual(vlag.get(state.queue[i - 1]!)!);
  });

  it('Fair: min_vruntime never passes the running process', () => {
    const s = new Fair(1000, 6000);
    s.admit(1, 0);
    s.admit(2, 0);
    expect(s.pick()).toBe(1);
    s.charge(1, 50_000); // 1 is now far ahead; 2 runs next at vruntime 0
    expect(s.pick()).toBe(2);
    s.admit(3, 0); // placed at min_vruntime: must not land behind 1's 50,000
    const v = Object.fromEntries(s.snapshot().processes.map((p) => [p.pid, p.info.vruntime]));
    expect(v[3]).toBe(0);
    expect(v[2]).toBe(0);
  });

  it('Fair: yield skips the yielder once', () => {
    const s = new Fair(1000, 6000);
    s.admit(1, 0);
    s.admit(2, 0);
    expect(s.pick()).toBe(1);
    s.charge(1, 1);
    s.yield(1);
    expect(s.pick()).toBe(2);
  });

  it('short names map to registered content classes; the family descriptor names the signature', () => {
    expect(SCHEDULER_FAMILY).toMatchObject({ family: 'scheduler', interface: 'scheduler', signature: 'components.scheduler.Scheduler', stateVersion: 2 });
    expect(signatures.has(SCHEDULER_FAMILY.signature) && signatures.has(SCHEDULER_FAMILY.attributesSignature)).toBe(true);
    expect(Object.keys(SCHEDULERS)).toEqual(['round-robin', 'priority', 'mlfq', 'stride', 'fair']);
    for (const cls of Object.values(SCHEDULERS)) expect(contents.has(cls), cls).toBe(true);
    expect(contents.get('components.scheduler.Fair')).toBe(Fair);
    expect(contents.get('components.scheduler.Mlfq')).toBe(Mlfq);
  });

  it('rejects bad Mlfq and Fair attributes', () => {
    expect(() => new Mlfq('1000', '17')).toThrow(SchedulerAttributeError);
    expect(() => new Mlfq('1000', '0')).toThrow(/'levels' must be an integer in 1..16, got "0"/);
    expect(() => new Fair('1000', '-1')).toThrow(/'latency'/);
    expect(() => new Priority('1000', 'x')).toThrow(/'aging' must be an integer ≥ 0/);
  });
});
