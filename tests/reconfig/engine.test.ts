// The swap protocol on small components: state transfer, held calls, in-flight calls, timeouts with a
// "why not safe" report, rollback at every step, re-entrancy, strategies, transactions, ADL diffs.
import { describe, expect, it } from 'vitest';
import { diff, type GraphNode } from '../../adl/index.js';
import { Fractal } from '../../bindings/index.js';
import { fromDiff, ReconfigurationEngine, type ReconfigEvent, type SwapRecord } from '../../reconfig/index.js';
import {
  CounterV1, CounterV2, ImportFails, Reentrant, StartFails, WantsV2State, contentOf, model, stateOf, type Counter,
} from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectExactRollback(r: SwapRecord, step: string) {
  expect(r.outcome).toBe('rolled-back');
  expect(r.failedStep).toBe(step);
  expect(r.reason).toBeTruthy();
}

describe('replace', () => {
  it('moves the state into the successor; every binding now reaches it; the record has every phase', async () => {
    const { system } = model();
    const { target, api } = system();
    api.add(3);
    api.add(4);
    const engine = new ReconfigurationEngine();
    const r = await engine.replace(target, CounterV2);
    expect(r.outcome).toBe('committed');
    expect(r.phases.map((p) => p.phase)).toEqual(['plan', 'create', 'stop', 'export', 'validate', 'import', 'start', 'release', 'retire']);
    expect(r.replacements[0]).toMatchObject({ path: 'root/target', from: 'CounterV1', to: 'CounterV2' });
    expect(r.replacements[0]!.stateBytes).toBeGreaterThan(0);
    expect(contentOf(target)).toBeInstanceOf(CounterV2);
    expect(api.get()).toBe(7);
    expect(api.add(1)).toBe(9); // CounterV2 doubles: served by the successor through the unchanged bindings
    expect(stateOf(target)).toBe('STARTED');
    expect(engine.records()).toEqual([r]);
  });

  it('holds new calls while an in-flight call finishes, then releases them in arrival order on the successor, each once', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const events: ReconfigEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    CounterV1.served = [];
    const inflight = api.slowAdd(5, 30);
    const swap = engine.replace(target, CounterV2);
    await sleep(5);
    const held = [api.add(1), api.add(2), api.add(3)] as unknown as Promise<number>[];
    expect(Fractal.getLifeCycleController(target).getFcHeldCallCount()).toBe(3);
    const r = await swap;
    expect(await inflight).toBe(5);
    expect(await Promise.all(held)).toEqual([7, 11, 17]);
    expect(CounterV1.served).toEqual(['v1:add(5)', 'v2:add(2)', 'v2:add(4)', 'v2:add(6)']);
    expect(r.outcome).toBe('committed');
    expect(r.callsHeld).toBe(3);
    expect(r.quiescenceUs).toBeGreaterThan(0);
    const waiting = events.find((e) => e.kind === 'waiting');
    expect(waiting && waiting.kind === 'waiting' && waiting.inFlight.map((c) => `${c.component}.${c.interface}.${c.method}`)).toEqual(['target.s.slowAdd']);
  });

  it('times out with a "why not safe" report and rolls back: old content, STARTED, held calls run on it once', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const old = contentOf(target);
    const inflight = api.slowAdd(1, 120);
    const swap = engine.replace(target, CounterV2, { timeoutMs: 20 });
    await sleep(2);
    const held = api.add(10) as unknown as Promise<number>;
    const r = await swap;
    expectExactRollback(r, 'stop');
    expect(r.notSafe?.map((c) => [c.component, c.interface, c.method, typeof c.since, c.async])).toEqual([['target', 's', 'slowAdd', 'number', true]]);
    expect(String(r.reason)).toMatch(/no safe state .* within 20 ms: 1 call\(s\) still inside \(target\.s\.slowAdd\(\)/);
    expect(contentOf(target)).toBe(old);
    expect(stateOf(target)).toBe('STARTED');
    expect(await held).toBe(10);
    expect(await inflight).toBe(11);
    expect(old.log).toEqual([10, 1]);
  });

  for (const [name, cls, step] of [
    ['importState throws', ImportFails, 'import'],
    ['the successor\'s start hook throws', StartFails, 'start'],
    ['the successor takes another state version (schema mismatch)', WantsV2State, 'validate'],
  ] as const) {
    it(`rolls back exactly when ${name}`, async () => {
      const { system } = model();
      const { target, api } = system();
      api.add(2);
      const engine = new ReconfigurationEngine();
      const old = contentOf(target);
      const before = old.exportState();
      const inflight = api.slowAdd(1, 10);
      const swap = engine.replace(target, cls);
      await sleep(1);
      const held = api.add(5) as unknown as Promise<number>;
      const r = await swap;
      expectExactRollback(r, step);
      expect(contentOf(target)).toBe(old);
      expect(stateOf(target)).toBe('STARTED');
      expect(await inflight).toBe(3);
      expect(await held).toBe(8);
      expect(old.exportState()).toEqual({ ...before, total: 8, log: [...before.log, 1, 5] });
      expect(api.add(1)).toBe(9);
    });
  }

  it('refuses a component whose ADL made it not reconfigurable, touching nothing', async () => {
    const { system } = model();
    const { target } = system({ reconfiguration: 'none' });
    const r = await new ReconfigurationEngine().replace(target, CounterV2);
    expectExactRollback(r, 'plan');
    expect(r.reason).toMatch(/not reconfigurable/);
    expect(contentOf(target)).toBeInstanceOf(CounterV1);
    expect(stateOf(target)).toBe('STARTED');
  });

  it('a successor that cannot be created costs nothing: rolled back at create, target never stopped', async () => {
    const { system } = model();
    const { target } = system();
    const r = await new ReconfigurationEngine().replace(target, 'no.such.Class');
    expectExactRollback(r, 'create');
    expect(r.phases.map((p) => p.phase)).not.toContain('stop');
  });

  it('takes the successor\'s attributes ({ content, attributes })', async () => {
    const { system } = model();
    const { target, api } = system();
    CounterV1.served = [];
    await new ReconfigurationEngine().replace(target, { content: CounterV2, attributes: { tag: 'tagged' } });
    api.add(1);
    expect(CounterV1.served).toEqual(['tagged:add(2)']);
  });

  it('re-entrancy: a thread inside calls into the stopping component again; no deadlock', async () => {
    const { gf, reentrantType, counterType } = model();
    const c = gf.newFcInstance(reentrantType(), 'primitive', Reentrant, { name: 're' });
    const root = gf.newFcInstance(counterType(), 'composite', null, { name: 'root' });
    Fractal.getContentController(root).addFcSubComponent(c);
    Fractal.getBindingController(c).bindFc('loop', c.getFcInterface('s'));
    Fractal.getBindingController(root).bindFc('s', c.getFcInterface('s'));
    Fractal.getLifeCycleController(root).startFc();
    const api = c.getFcInterface('s') as unknown as Counter;
    const inflight = api.slowAdd(4, 15);
    const r = await new ReconfigurationEngine().replace(c, CounterV2, { timeoutMs: 2000 });
    expect(r.outcome).toBe('committed');
    expect(await inflight).toBe(4);
    expect(api.add(1)).toBe(6);
  });
});

describe('strategies', () => {
  it('quiescence passivates the callers too; thread counting only the target', async () => {
    const { system } = model();
    const { target, caller } = system();
    const engine = new ReconfigurationEngine();
    const a = await engine.replace(target, CounterV2);
    const b = await engine.replace(target, CounterV1, { strategy: 'quiescence' });
    expect(a.stopped).toEqual(['root/target']);
    expect([...b.stopped].sort()).toEqual(['root/caller', 'root/target']);
    expect(b.strategy).toBe('quiescence');
    expect(stateOf(caller)).toBe('STARTED');
  });

  it('an unknown strategy is refused at plan', async () => {
    const { system } = model();
    const { target } = system();
    const r = await new ReconfigurationEngine().replace(target, CounterV2, { strategy: 'magic' });
    expectExactRollback(r, 'plan');
    expect(r.reason).toMatch(/thread-counting, quiescence/);
  });
});

describe('transactions', () => {
  it('all or nothing: a failing second replace undoes the first, the rebinding and the attribute change', async () => {
    const { system, gf, counterType } = model();
    const { root, target, caller, api } = system({ attributes: { tag: 'a' } });
    const spare = gf.newFcInstance(counterType(), 'primitive', CounterV1, { name: 'spare' });
    Fractal.getContentController(root).addFcSubComponent(spare);
    Fractal.getLifeCycleController(spare).startFc();
    api.add(1);
    const oldTarget = contentOf(target);
    const oldCaller = caller.content;
    const engine = new ReconfigurationEngine();
    const r = await engine.transaction([
      { op: 'replace', target, successor: CounterV2 },
      { op: 'unbind', client: caller, itf: 'out' },
      { op: 'bind', client: caller, itf: 'out', server: spare.getFcInterface('s') },
      { op: 'set-value', component: target, name: 'tag', value: 'b' },
      { op: 'replace', target: caller, successor: ImportFails },
    ]);
    expectExactRollback(r, 'import');
    expect(contentOf(target)).toBe(oldTarget);
    expect(caller.content).toBe(oldCaller);
    expect(Fractal.getBindingController(caller).lookupFc('out')).toBe(target.getFcInterface('s'));
    expect(Fractal.getAttributeController(target).getFcAttribute('tag')).toBe('a');
    expect([stateOf(target), stateOf(caller)]).toEqual(['STARTED', 'STARTED']);
    expect(api.add(1)).toBe(2);
  });

  it('rolls back the add of a component that was already STARTED (shared): it leaves the composite and keeps running', async () => {
    const { system, gf, tf, counterType } = model();
    const { root, caller, api } = system();
    const shared = gf.newFcInstance(counterType(), 'primitive', CounterV1, { name: 'shared' });
    Fractal.getContentController(root).addFcSubComponent(shared);
    const box = gf.newFcInstance(tf.createFcType([]), 'composite', null, { name: 'box' });
    Fractal.getContentController(root).addFcSubComponent(box);
    Fractal.getLifeCycleController(root).startFc();
    expect(stateOf(shared)).toBe('STARTED');
    const r = await new ReconfigurationEngine().transaction([
      { op: 'add', parent: box, child: shared },
      { op: 'replace', target: caller, successor: ImportFails },
    ]);
    expectExactRollback(r, 'import');
    expect(Fractal.getContentController(box).getFcSubComponents()).toEqual([]);
    expect(Fractal.getSuperController(shared).getFcSuperComponents()).toEqual([root]);
    expect([stateOf(shared), stateOf(caller)]).toEqual(['STARTED', 'STARTED']);
    expect(api.add(1)).toBe(1);
  });

  it('commits several actions at one safe state', async () => {
    const { system, gf, counterType } = model();
    const { root, target, caller, api } = system();
    const spare = gf.newFcInstance(counterType(), 'primitive', CounterV1, { name: 'spare' });
    Fractal.getContentController(root).addFcSubComponent(spare);
    Fractal.getLifeCycleController(spare).startFc();
    const r = await new ReconfigurationEngine().transaction([
      { op: 'unbind', client: caller, itf: 'out' },
      { op: 'bind', client: caller, itf: 'out', server: spare.getFcInterface('s') },
      { op: 'replace', target: spare, successor: CounterV2 },
    ]);
    expect(r.outcome).toBe('committed');
    expect([...r.stopped].sort()).toEqual(['root/caller', 'root/spare']);
    expect(api.add(5)).toBe(10);
    expect(contentOf(target).total).toBe(0);
  });

  it('applies an `adl diff` plan (replace carrying the new attributes) as one transaction', async () => {
    const { system } = model();
    const { root, target, api } = system({ attributes: { tag: 'a' } });
    const itf = { name: 's', role: 'server' as const, signature: 'rtest.Counter', contingency: 'mandatory' as const, cardinality: 'singleton' as const };
    const node = (content: string, tag: string): GraphNode => ({
      name: 'root', definition: null, kind: 'composite', content: null, controller: 'composite', interfaces: [itf], attributes: {},
      components: [{ name: 'target', definition: null, kind: 'primitive', content, controller: 'primitive', interfaces: [itf], attributes: { tag }, components: [], bindings: [] }],
      bindings: [],
    });
    const { contents } = await import('../../bindings/index.js');
    if (!contents.has('rtest.CounterV1')) contents.register('rtest.CounterV1', CounterV1);
    if (!contents.has('rtest.CounterV2')) contents.register('rtest.CounterV2', CounterV2);
    const actions = diff(node('rtest.CounterV1', 'a'), node('rtest.CounterV2', 'b'));
    expect(actions.map((a) => a.op)).toEqual(['replace']);
    const r = await new ReconfigurationEngine().transaction(fromDiff(root, actions));
    expect(r.outcome).toBe('committed');
    expect(contentOf(target)).toBeInstanceOf(CounterV2);
    expect(Fractal.getAttributeController(target).getFcAttribute('tag')).toBe('b');
    expect(api.add(1)).toBe(2);
  });

  it('stop and start of a composite apply to its content; unnamed members end like their named ancestor', async () => {
    const { system } = model();
    const { root, target, caller } = system();
    const engine = new ReconfigurationEngine();
    const stopped = await engine.transaction([{ op: 'stop', component: root }, { op: 'replace', target, successor: CounterV2 }]);
    expect(stopped.outcome, stopped.reason).toBe('committed');
    expect([stateOf(root), stateOf(target), stateOf(caller)]).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
    const held = (root.getFcInterface('s') as unknown as Counter).add(1) as unknown as Promise<number>;
    const started = await engine.transaction([{ op: 'start', component: root }]);
    expect(started.outcome, started.reason).toBe('committed');
    expect([stateOf(root), stateOf(target), stateOf(caller)]).toEqual(['STARTED', 'STARTED', 'STARTED']);
    expect(await held).toBe(2);
  });
});

describe('records and serialisation', () => {
  it('publishes requested, phase and done events in order, and keeps the record in the journal', async () => {
    const { system } = model();
    const { target } = system();
    const engine = new ReconfigurationEngine();
    const kinds: string[] = [];
    engine.events$.subscribe((e) => kinds.push(e.kind === 'phase' ? `phase:${e.phase.phase}` : e.kind));
    const r = await engine.replace(target, CounterV2);
    expect(kinds).toEqual(['requested', ...r.phases.map((p) => `phase:${p.phase}`), 'done']);
    for (const p of r.phases) expect(p.endUs).toBeGreaterThanOrEqual(p.startUs);
    expect(r.interruptionUs).toBeLessThanOrEqual(r.latencyUs);
    expect(engine.records().at(-1)).toBe(r);
  });

  it('serialises concurrent requests: the second starts after the first is done', async () => {
    const { system } = model();
    const { target, api } = system();
    const engine = new ReconfigurationEngine();
    const inflight = api.slowAdd(1, 20);
    const [a, b] = await Promise.all([engine.replace(target, CounterV2), engine.replace(target, CounterV1)]);
    expect([a.outcome, b.outcome]).toEqual(['committed', 'committed']);
    expect(b.requested.us).toBeGreaterThanOrEqual(a.serving.us);
    expect(contentOf(target)).toBeInstanceOf(CounterV1);
    expect(await inflight).toBe(1);
    expect(api.get()).toBe(1);
  });
});

