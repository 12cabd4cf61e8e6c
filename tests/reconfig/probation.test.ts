// Probation after a swap (reconfig/probation.ts): a successor that throws on one of its first calls is
// rolled back in the middle of that call, to the state just before it, and the call runs again on the
// predecessor; the caller gets the predecessor's result. After the probation the interceptor calls the
// content's own methods again.
import { describe, expect, it } from 'vitest';
import { ReconfigurationEngine, type ReconfigEvent, type SwapRecord } from '../../reconfig/index.js';
import { capFallbacks, MAX_FALLBACKS, type ProbationMember } from '../../reconfig/probation.js';
import { Fractal, type Component } from '../../bindings/index.js';
import { inject, injectable, optional } from 'inversify';
import { attributeToken } from '../../bindings/index.js';
import { CallerImpl, CallerLeaks, CallerV2, CounterV1, CounterV2, FailsOnAdd, contentOf, model, type CounterState } from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function failing(nth: number) {
  FailsOnAdd.failOn = nth;
  return FailsOnAdd;
}

function watch(engine: ReconfigurationEngine) {
  const events: ReconfigEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  return events;
}

/** The rollback record that undoes `r`. */
function undoOf(engine: ReconfigurationEngine, r: SwapRecord): SwapRecord | undefined {
  return engine.records().find((x) => x.rollbackOf === r.id);
}

/** True when every interceptor of `c` calls the content's own method (no watcher left). */
function plain(c: Component): boolean {
  const content = c.content as Record<string, unknown>;
  return c.entries.every((e) => e.fn === content[e.method]);
}

describe('probation: a successor that throws on one of its first calls', () => {
  it('throws on its 1st call: the predecessor gets the pre-call state and serves that call; the caller sees its result', async () => {
    const { system } = model();
    const { target, api } = system();
    api.add(10);
    const old = contentOf(target);
    const engine = new ReconfigurationEngine();
    const r = await engine.replace(target, failing(1));
    expect(r).toMatchObject({ outcome: 'committed', probationCalls: 16 });
    expect(engine.inProbation(target)).toBe(true);
    CounterV1.served = [];
    expect(api.add(1)).toBe(11); // V1 adds 1; FailsOnAdd would have doubled it
    expect(contentOf(target)).toBe(old);
    expect(old.exportState()).toEqual({ version: 1, total: 11, log: [10, 1] }); // the failed call's +1000 is gone
    expect(CounterV1.served).toEqual(['v1:add(1)']);
    expect(engine.inProbation(target)).toBe(false);
    expect(plain(target)).toBe(true);
    expect(api.add(2)).toBe(13);
  });

  it('throws on its 3rd call: the effects of calls 1 and 2 are kept, call 3 runs once, on the predecessor', async () => {
    const { system } = model();
    const { target, api } = system();
    const old = contentOf(target);
    const engine = new ReconfigurationEngine();
    const r = await engine.replace(target, failing(3));
    expect(api.add(1)).toBe(2); // the successor doubles
    expect(api.add(2)).toBe(6);
    expect(api.get()).toBe(6); // a call of another method counts too
    CounterV1.served = [];
    expect(api.add(5)).toBe(11);
    expect(CounterV1.served).toEqual(['v1:add(5)']);
    expect(contentOf(target)).toBe(old);
    expect(old.exportState()).toEqual({ version: 1, total: 11, log: [2, 4, 5] });
    expect(undoOf(engine, r)!.probation).toMatchObject({ served: 3, calls: 16, exact: true, rerun: true, outgoingCalls: 0, sharedObjects: 0 });
  });

  it('throws after its probation: no rollback, the caller gets the error, the interceptors are the plain ones again', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const events = watch(engine);
    const r = await engine.replace(target, failing(5), { probation: { calls: 4 } });
    expect(r.probationCalls).toBe(4);
    for (let i = 1; i <= 4; i++) api.add(1);
    expect(events.filter((e) => e.kind === 'probation')).toEqual([{ kind: 'probation', id: r.id, status: 'passed', served: 4, calls: 4 }]);
    expect(engine.inProbation(target)).toBe(false);
    expect(plain(target)).toBe(true);
    expect(() => api.add(1)).toThrow(/injected fault: add #5 throws/);
    expect(contentOf(target)).toBeInstanceOf(FailsOnAdd);
    expect(engine.records()).toEqual([r]);
  });

  it('probation 0 (engine default or per swap): nothing is watched, the first call throws to the caller', async () => {
    for (const [engine, options] of [[new ReconfigurationEngine({ probation: 0 }), {}], [new ReconfigurationEngine(), { probation: 0 }]] as const) {
      const { system } = model();
      const { target, api } = system();
      const r = await engine.replace(target, failing(1), options);
      expect(r.outcome).toBe('committed');
      expect(r.probationCalls).toBeUndefined();
      expect(engine.inProbation(target)).toBe(false);
      expect(plain(target)).toBe(true);
      expect(() => api.add(1)).toThrow(/injected fault/);
      expect(engine.records()).toEqual([r]);
    }
  });

  it('a probation that is not a whole number >= 0 is refused at plan', async () => {
    const { system } = model();
    const { target } = system();
    const old = contentOf(target);
    const r = await new ReconfigurationEngine().replace(target, CounterV2, { probation: -1 });
    expect(r).toMatchObject({ outcome: 'rolled-back', failedStep: 'plan' });
    expect(r.reason).toMatch(/probation of -1 calls: expected a whole number >= 0/);
    expect(contentOf(target)).toBe(old);
  });

  it('held calls: the failing one and those after it run on the predecessor, in arrival order, each once', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const events = watch(engine);
    CounterV1.served = [];
    const inflight = api.slowAdd(5, 30);
    const swap = engine.replace(target, failing(2));
    await sleep(5);
    const held = [api.add(1), api.add(2), api.add(3)] as unknown as Promise<number>[];
    const r = await swap;
    expect(await inflight).toBe(5);
    expect(await Promise.all(held)).toEqual([7, 9, 12]);
    // add(1) on the successor (doubled), add(2) fails there and runs on V1, add(3) on V1.
    expect(CounterV1.served).toEqual(['v1:add(5)', 'v2:add(2)', 'v1:add(2)', 'v1:add(3)']);
    expect(r.callsHeld).toBe(3);
    expect(contentOf(target)).toBeInstanceOf(CounterV1);
    expect(contentOf(target)).not.toBeInstanceOf(CounterV2);
    // The failure came while the commit record was not out yet: the rollback record follows it.
    expect(engine.records().map((x) => [x.outcome, x.failedStep ?? null, x.rollbackOf ?? null])).toEqual([
      ['committed', null, null], ['rolled-back', 'probation', r.id],
    ]);
    const tail = events.filter((e) => e.kind === 'done' || e.kind === 'probation').map((e) => (e.kind === 'done' ? `done ${e.record.outcome}` : `probation ${e.status}`));
    expect(tail).toEqual(['done committed', 'done rolled-back', 'probation failed']);
  });

  it('publishes the rollback as a record (journal and event stream) and a probation event', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const events = watch(engine);
    const r = await engine.replace(target, failing(2));
    api.add(1);
    api.add(1);
    const undo = undoOf(engine, r)!;
    expect(undo).toMatchObject({
      kind: 'replace', outcome: 'rolled-back', failedStep: 'probation', rollbackOf: r.id, actions: r.actions, callsHeld: 0, stopped: [],
      replacements: [{ path: 'root/target', from: 'FailsOnAdd', to: 'CounterV1' }],
      probation: { calls: 16, served: 1, call: 'target.s.add', error: 'injected fault: add #2 throws', exact: true, outgoingCalls: 0, sharedObjects: 0, rerun: true },
    });
    expect(undo.id).toBeGreaterThan(r.id);
    expect(undo.reason).toMatch(/^target\.s\.add\(\) threw on probation call 2 of 16: injected fault: add #2 throws; rolled back to the state before that call/);
    expect(undo.phases.map((p) => p.phase)).toEqual(['rollback']);
    expect(undo.replacements[0]!.stateBytes).toBeGreaterThan(0);
    expect(engine.records()).toEqual([r, undo]);
    const tail = events.filter((e) => e.kind === 'done' || e.kind === 'probation').map((e) => (e.kind === 'done' ? ['done', e.record.id] : ['probation', e.id, e.status]));
    expect(tail).toEqual([['done', r.id], ['done', undo.id], ['probation', r.id, 'failed']]);
  });

  it('a call that called out before throwing: not rerun (its outgoing effect stays once), the caller gets the error', async () => {
    const { system } = model();
    const { target, caller, api } = system();
    const engine = new ReconfigurationEngine();
    const r = await engine.replace(caller, CallerLeaks);
    expect(() => api.add(2)).toThrow(/the caller fails after calling out/);
    expect(contentOf(target).total).toBe(2); // the outgoing add happened once
    expect(caller.content).toBeInstanceOf(CallerImpl);
    expect(caller.content).not.toBeInstanceOf(CallerLeaks);
    const undo = undoOf(engine, r)!;
    expect(undo.probation).toMatchObject({ exact: false, outgoingCalls: 1, rerun: false });
    expect(undo.reason).toMatch(/not exactly \(it had made 1 call\(s\) through its client interfaces\): the caller got the error/);
    expect(api.add(3)).toBe(5); // the predecessor serves, through the same binding
    // The counter on the caller's client port is gone.
    expect((caller.getFcInterface('out') as unknown as Record<string, unknown>).add).toBe(target.entries.find((e) => e.method === 'add')!.entry);
  });

  it('a transaction of replaces rolls back as a whole: a member inside a call reverts when that call returns', async () => {
    const { system } = model();
    const { target, caller, api } = system();
    api.add(4);
    const oldTarget = contentOf(target);
    const oldCaller = caller.content;
    const engine = new ReconfigurationEngine();
    const events = watch(engine);
    const r = await engine.transaction([
      { op: 'replace', target: caller, successor: CallerV2 },
      { op: 'replace', target, successor: failing(1) },
    ]);
    expect(r.probationCalls).toBe(16);
    expect(caller.content).toBeInstanceOf(CallerV2);
    expect(api.add(3)).toBe(7); // caller V2 -> target fails -> V1 serves; then caller V2 reverts on its way out
    expect(contentOf(target)).toBe(oldTarget);
    expect(caller.content).toBe(oldCaller);
    expect(plain(target) && plain(caller)).toBe(true);
    const undo = undoOf(engine, r)!;
    expect(undo.replacements.map((x) => [x.path, x.to])).toEqual([['root/caller', 'CallerImpl'], ['root/target', 'CounterV1']]);
    expect(events.filter((e) => e.kind === 'probation').map((e) => e.kind === 'probation' && e.status)).toEqual(['failed']);
    expect(api.add(1)).toBe(8);
  });

  it('a transaction that also rebinds or sets attributes has no probation (undoing those needs a safe state)', async () => {
    const { system } = model();
    const { target, api } = system({ attributes: { tag: 'a' } });
    const engine = new ReconfigurationEngine();
    const r = await engine.transaction([
      { op: 'replace', target, successor: failing(1) },
      { op: 'set-value', component: target, name: 'tag', value: 'b' },
    ]);
    expect(r.outcome).toBe('committed');
    expect(r.probationCalls).toBeUndefined();
    expect(() => api.add(1)).toThrow(/injected fault/);
  });

  it('a later swap of the same component supersedes the probation; the new one rolls back to its own predecessor', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const events = watch(engine);
    const first = await engine.replace(target, CounterV2);
    const v2 = contentOf(target);
    const second = await engine.replace(target, failing(1));
    expect(events.find((e) => e.kind === 'probation')).toEqual({
      kind: 'probation', id: first.id, status: 'superseded', served: 0, calls: 16, reason: 'a later reconfiguration touched a member before its probation ended',
    });
    expect(api.add(2)).toBe(4); // CounterV2 doubles: the predecessor of the second swap served
    expect(contentOf(target)).toBe(v2);
    expect(undoOf(engine, second)).toBeDefined();
    expect(undoOf(engine, first)).toBeUndefined();
    expect(Fractal.getLifeCycleController(target).getFcState()).toBe('STARTED');
  });
});

describe('probation: chains of successors', () => {
  it('a failing successor that superseded another on probation: both roll back, the first good predecessor serves', async () => {
    const { system } = model();
    const { target, api } = system();
    api.add(1);
    const v1 = contentOf(target);
    const engine = new ReconfigurationEngine();
    const first = await engine.replace(target, failing(1));
    const second = await engine.replace(target, failing(1)); // its predecessor fails on its 1st call too
    CounterV1.served = [];
    expect(api.add(2)).toBe(3);
    expect(CounterV1.served).toEqual(['v1:add(2)']);
    expect(contentOf(target)).toBe(v1);
    expect(engine.records().map((r) => [r.outcome, r.rollbackOf ?? null])).toEqual([
      ['committed', null], ['committed', null], ['rolled-back', second.id], ['rolled-back', first.id],
    ]);
    expect(engine.inProbation(target)).toBe(false);
    expect(plain(target)).toBe(true);
  });

  it('a swap that rolls back while superseding a probation watches the successor it leaves in place again', async () => {
    const { system } = model();
    const { target, api } = system();
    const v1 = contentOf(target);
    const engine = new ReconfigurationEngine();
    await engine.replace(target, failing(2));
    api.add(1); // served: 1 of 16
    const r = await engine.replace(target, CounterV2, { probation: -1 }); // refused at plan, after the supersede
    expect(r.outcome).toBe('rolled-back');
    expect(engine.inProbation(target)).toBe(true);
    expect(api.add(3)).toBe(5); // the 2nd call fails on FailsOnAdd and runs on V1: 2 + 3
    expect(contentOf(target)).toBe(v1);
  });
});

describe('probation: chains of superseded swaps', () => {
  const member = (n: number, previous?: ProbationMember): ProbationMember =>
    ({ target: {} as Component, old: { n }, oldCls: CounterV1, oldAttrs: new Map(), ...(previous ? { previous: { member: previous, served: 0, ctx: {} as never } } : {}) });
  const depth = (m: ProbationMember): number => (m.previous ? 1 + depth(m.previous.member) : 0);

  it(`keeps at most ${MAX_FALLBACKS} predecessors to fall back on (swaps faster than the probation retained them all)`, () => {
    let m = member(0);
    for (let i = 1; i <= 20; i++) m = member(i, m);
    expect(depth(m)).toBe(20);
    const capped = capFallbacks(m);
    expect(depth(capped)).toBe(MAX_FALLBACKS);
    // The newest predecessors are the ones kept, and the original chain is not modified.
    expect((capped.previous!.member.old as { n: number }).n).toBe(19);
    expect(depth(m)).toBe(20);
    const short = member(2, member(1));
    expect(capFallbacks(short)).toBe(short);
  });

  it('a rapid series of swaps (no calls between them) still rolls a failing last successor back', async () => {
    const { system } = model();
    const { target, api } = system();
    api.add(3);
    const engine = new ReconfigurationEngine();
    for (let i = 0; i < 12; i++) expect((await engine.replace(target, i % 2 ? CounterV1 : CounterV2)).outcome).toBe('committed');
    const before = contentOf(target);
    const r = await engine.replace(target, failing(1));
    expect(r.outcome).toBe('committed');
    expect(api.add(1)).toBe(before instanceof CounterV2 ? 8 : 4); // served by the predecessor after the rollback
    expect(undoOf(engine, r)?.failedStep).toBe('probation');
    expect(contentOf(target)).toBe(before);
  });
});

/** A live object in the exported state: a snapshot of it cannot be exact. */
class LiveHandle {}

@injectable()
class SharesLive extends CounterV2 {
  static exports = 0;
  constructor(@inject(attributeToken('tag')) @optional() tag?: string) {
    super(tag);
  }
  override exportState(): CounterState {
    SharesLive.exports++;
    return { ...super.exportState(), handle: new LiveHandle() } as CounterState;
  }
}

describe('probation: state that shares live objects', () => {
  it('is snapshotted once per content class: later probations of that class take no snapshot', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    SharesLive.exports = 0;
    expect((await engine.replace(target, SharesLive)).outcome).toBe('committed');
    for (let i = 0; i < 3; i++) api.add(1);
    expect(SharesLive.exports).toBe(1); // the first watched call's snapshot, which shared the handle
    expect((await engine.replace(target, SharesLive)).outcome).toBe('committed');
    for (let i = 0; i < 3; i++) api.add(1);
    expect(SharesLive.exports).toBe(2); // + the swap's own state transfer; no snapshot any more
    expect(api.add(0)).toBe(12);
  });
});
