// The script language: parse errors with positions, planning against live components, execution as
// steps and transactions through the engine (on small components and on the real kernel).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fractal, contents } from '../../bindings/index.js';
import { bootSystem } from '../../boot/system.js';
import { script } from '../../boot/reconfigure.js';
import { parseScript, planScript, ReconfigurationEngine, runScript, ScriptError, describeAction } from '../../reconfig/index.js';
import { CounterV1, CounterV2, FailsOnAdd, ImportFails, contentOf, model, type Counter } from './fixtures.js';
import { guestCase } from './guests.js';

for (const [n, c] of [['rtest.CounterV1', CounterV1], ['rtest.CounterV2', CounterV2], ['rtest.ImportFails', ImportFails], ['rtest.FailsOnAdd', FailsOnAdd]] as const) {
  if (!contents.has(n)) contents.register(n, c);
}

function syntaxError(src: string): string {
  try {
    parseScript(src);
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptError);
    return (e as Error).message;
  }
  throw new Error('expected a ScriptError');
}

describe('script parser', () => {
  it('parses paths with axes, strings, numbers, sequences and transactions', () => {
    const st = parseScript(`-- comment
      replace($kernel/child::scheduler, "mlfq");
      transaction {
        unbind($kernel/process/interface::scheduler)
        bind($kernel/process/interface::scheduler, $kernel/scheduler/interface::scheduler)
        set-value($kernel/scheduler, "quantum", 20000)
      }
      # another comment
      stop($kernel/scheduler) start($kernel/scheduler)`);
    expect(st.map((s) => (s.kind === 'action' ? s.name : `transaction(${s.body.map((b) => b.name).join(',')})`)))
      .toEqual(['replace', 'transaction(unbind,bind,set-value)', 'stop', 'start']);
    const first = st[0]!;
    expect(first.kind === 'action' && first.args[0]).toEqual({
      kind: 'path', variable: 'kernel', pos: { line: 2, column: 15 },
      steps: [{ axis: 'child', name: 'scheduler', pos: { line: 2, column: 30 } }],
    });
  });

  it('reports line:column and what was expected', () => {
    expect(syntaxError('replace($kernel/scheduler "mlfq")')).toBe("1:27: expected ',' or ')' in the arguments of 'replace', found 'mlfq'");
    expect(syntaxError('\n  swap($kernel/scheduler, "mlfq")')).toMatch(/^2:3: unknown action 'swap': expected one of replace, bind, unbind, start, stop, set-value, add, remove/);
    expect(syntaxError('replace($kernel/scheduler)')).toMatch(/^1:26: replace takes 2 to 3 argument\(s\), got 1: expected replace\(component, "string", \[probation calls\]\)/);
    expect(syntaxError('replace($k/s, "mlfq", "16")')).toMatch(/^1:23: argument 3 of replace: expected a number; usage replace\(component, "string", \[probation calls\]\)/);
    expect(syntaxError('bind("a", $k/x/interface::y)')).toMatch(/^1:6: argument 1 of bind: expected an interface path/);
    expect(syntaxError('stop($kernel/axis::x)')).toMatch(/^1:14: unknown axis 'axis': expected one of child, interface, internal-interface/);
    expect(syntaxError('transaction { stop($k)')).toMatch(/^1:23: expected an action or '}' closing the transaction, found end of script/);
    expect(syntaxError('set-value($k, "a", "unterminated)')).toMatch(/^1:20: unterminated string/);
    expect(syntaxError('stop($k) @')).toMatch(/^1:10: unexpected character '@'/);
  });
});

describe('script planning and execution', () => {
  it('resolves paths and refuses unknown names with a position and the choices', () => {
    const { system } = model();
    const { root } = system();
    const plan = planScript(parseScript('replace($root/target, "rtest.CounterV2")\nunbind($root/caller/interface::out)'), { variables: { root } });
    expect(plan.map((s) => s.actions.map(describeAction))).toEqual([
      ['replace root/target (CounterV1) with rtest.CounterV2'],
      ['unbind root/caller.out'],
    ]);
    const bad = (src: string) => {
      try {
        planScript(parseScript(src), { variables: { root } });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(bad('stop($root/nope)')).toBe("1:12: 'root' has no sub-component 'nope': expected one of 'target', 'caller'");
    expect(bad('stop($kernel)')).toBe("1:6: unknown variable '$kernel': expected one of $root");
    expect(bad('unbind($root/caller/interface::zz)')).toMatch(/^1:32: component 'caller' has no interface 'zz'/);
    expect(bad('stop($root/caller/interface::out)')).toBe('1:6: expected a component path, got an interface path');
  });

  it('runs steps in order; a failing transaction rolls back whole and stops the script', async () => {
    const { system } = model();
    const { root, target, caller, api } = system();
    api.add(1);
    const engine = new ReconfigurationEngine();
    const r = await runScript(engine, `
      replace($root/target, "rtest.CounterV2")
      transaction {
        replace($root/target, "rtest.CounterV1")
        replace($root/caller, "rtest.ImportFails")
      }
      replace($root/target, "rtest.CounterV1")`, { variables: { root } });
    expect(r.ok).toBe(false);
    expect(r.records.map((x) => x.outcome)).toEqual(['committed', 'rolled-back']);
    expect(r.records[1]!.failedStep).toBe('import');
    expect(contentOf(target)).toBeInstanceOf(CounterV2);
    expect(Fractal.getLifeCycleController(caller).getFcState()).toBe('STARTED');
    expect((api as Counter).add(1)).toBe(3);
  });

  it("replace's third argument sets that step's probation (0: none)", async () => {
    const { system } = model();
    const { root, target, api } = system();
    const engine = new ReconfigurationEngine();
    FailsOnAdd.failOn = 1;
    const r = await runScript(engine, `
      replace($root/target, "rtest.CounterV2", 4)
      transaction {
        replace($root/target, "rtest.FailsOnAdd", 0)
      }`, { variables: { root } });
    expect(r.records.map((x) => [x.outcome, x.probationCalls])).toEqual([['committed', 4], ['committed', undefined]]);
    expect(() => (api as Counter).add(1)).toThrow(/injected fault/); // no probation: the caller sees the error
    expect(contentOf(target)).toBeInstanceOf(FailsOnAdd);
  });

  it('stop, rebind, set-value and start as separate steps', async () => {
    const { system, gf, counterType } = model();
    const { root, caller, api } = system({ attributes: { tag: 'a' } });
    const spare = gf.newFcInstance(counterType(), 'primitive', CounterV2, { name: 'spare' });
    Fractal.getContentController(root).addFcSubComponent(spare);
    const r = await runScript(new ReconfigurationEngine(), `
      stop($root/caller)
      unbind($root/caller/interface::out)
      bind($root/caller/interface::out, $root/spare/interface::s)
      set-value($root/target, "tag", "b")
      start($root/spare)
      start($root/caller)`, { variables: { root } });
    expect(r.ok, r.records.at(-1)?.reason).toBe(true);
    expect(api.add(2)).toBe(4);
    expect(Fractal.getLifeCycleController(caller).getFcState()).toBe('STARTED');
  });

  it('drives the real kernel with short implementation names while a guest runs', async () => {
    const c = guestCase('forkpipe');
    const s = await bootSystem({ files: [{ path: '/forkpipe.elf', data: readFileSync(c.elfPath), mode: 0o755 }] });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(1_500_000);
    const r = await script(s, `
      replace($kernel/scheduler, "mlfq")
      transaction {
        replace($kernel/child::allocator, "buddy")
        replace($kernel/filesystem, "write-back")
      }`);
    expect(r.ok, r.records.at(-1)?.reason).toBe(true);
    expect(r.records[1]!.replacements.map((x) => x.to)).toEqual(['components.allocator.Buddy', 'components.filesystem.WriteBack']);
    expect(s.runToCompletion(4e9)).toBe('done');
    expect(Buffer.from(s.output().stdout).equals(c.expectedStdout)).toBe(true);
  });

  it('adds a component from an ADL definition and removes it again, on the kernel', async () => {
    const s = await bootSystem({});
    const r = await script(s, `
      add($kernel, "components.scheduler.Stride", "spare")
      start($kernel/spare)
      set-value($kernel/spare, "quantum", 5000)`);
    expect(r.ok, r.records.at(-1)?.reason).toBe(true);
    const spare = s.kernel.children.find((c) => c.getFcName() === 'spare')!;
    expect(Fractal.getLifeCycleController(spare).getFcState()).toBe('STARTED');
    expect(Fractal.getAttributeController(spare).getFcAttribute('quantum')).toBe(5000);
    const gone = await script(s, 'stop($kernel/spare)\nremove($kernel, $kernel/spare)');
    expect(gone.ok, gone.records.at(-1)?.reason).toBe(true);
    expect(s.kernel.children.map((c) => c.getFcName())).not.toContain('spare');
  });
});

