// The ADL side of reconfiguration: the mechanism chosen per component in the ADL (no code change),
// successors given as ADL definitions, `adl diff` plans applied to the running kernel as one transaction,
// and the quiescence strategy on the kernel.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { build, diff, loadAdl } from '../../adl/index.js';
import { Fractal } from '../../bindings/index.js';
import { bootSystem, DEFAULT_ADL, ROOT } from '../../boot/system.js';
import { reconfigure, swap } from '../../boot/reconfigure.js';
import { fromDiff, ReconfigurationEngine } from '../../reconfig/index.js';
import type { Scheduler } from '../../components/scheduler/index.js';
import { guestCase } from './guests.js';

function forkpipe() {
  const c = guestCase('forkpipe');
  return { c, files: [{ path: '/forkpipe.elf', data: readFileSync(c.elfPath), mode: 0o755 }] };
}

describe('reconfiguration mechanism chosen in the ADL', () => {
  it('<controller desc="primitive-unreconfigurable"> builds a direct (no interceptor) primitive the engine refuses to swap; siblings keep thread counting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-reconfig-'));
    mkdirSync(join(dir, 'rt'));
    writeFileSync(join(dir, 'rt', 'Pair.fractal'), `<?xml version="1.0"?>
<definition name="rt.Pair">
  <component name="fixed">
    <interface name="scheduler" role="server" signature="components.scheduler.Scheduler"/>
    <content class="components.scheduler.RoundRobin"/>
    <controller desc="primitive-unreconfigurable"/>
  </component>
  <component name="swappable">
    <interface name="scheduler" role="server" signature="components.scheduler.Scheduler"/>
    <content class="components.scheduler.RoundRobin"/>
  </component>
</definition>`);
    await import('../../components/index.js');
    const arch = await build(loadAdl(join(dir, 'rt', 'Pair.fractal')));
    const fixed = arch.get('fixed');
    const swappable = arch.get('swappable');
    expect(fixed.reconfiguration).toBe('none');
    expect(swappable.reconfiguration).toBe('thread-counting');
    const engine = new ReconfigurationEngine();
    const refused = await engine.replace(fixed, 'components.scheduler.Mlfq');
    expect(refused.outcome).toBe('rolled-back');
    expect(refused.failedStep).toBe('plan');
    expect(refused.reason).toMatch(/not reconfigurable \(reconfiguration 'none'/);
    expect((await engine.replace(swappable, 'components.scheduler.Mlfq')).outcome).toBe('committed');
    expect((swappable.getFcInterface('scheduler') as unknown as Scheduler).snapshot().policy).toBe('mlfq');
  });
});

describe('the kernel driven by ADL', () => {
  it('replaces a component by an ADL definition: its content class and its attributes', async () => {
    const { files } = forkpipe();
    const s = await bootSystem({ files });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(500_000);
    const r = await reconfigure(s).replace(s.component('scheduler'), { definition: 'components.scheduler.Mlfq', attributes: { levels: '3' } });
    expect(r.outcome, r.reason).toBe('committed');
    const snap = (s.component('scheduler').getFcInterface('scheduler') as unknown as Scheduler).snapshot();
    expect(snap.policy).toBe('mlfq');
    const mlfq = s.component('scheduler').content as { levels: number; quantum: number; boost: number };
    expect([mlfq.levels, mlfq.quantum, mlfq.boost]).toEqual([3, 10000, 500000]); // levels given, the others from the definition
    expect(Math.max(...snap.processes.map((p) => p.info.level ?? 0))).toBeLessThan(3);
  });

  it('applies `adl diff Kernel KernelMlfq` to the running kernel as one transaction', async () => {
    const { c, files } = forkpipe();
    const s = await bootSystem({ files });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(1_000_000);
    const a = loadAdl(DEFAULT_ADL).graph;
    const b = loadAdl(join(ROOT, 'components', 'KernelMlfq.fractal')).graph;
    const actions = diff(a, b);
    expect(actions.map((x) => `${x.op} ${'path' in x ? x.path : ''}`)).toEqual(['replace scheduler']);
    const r = await reconfigure(s).transaction(fromDiff(s.kernel, actions));
    expect(r.outcome, r.reason).toBe('committed');
    expect((s.component('scheduler').getFcInterface('scheduler') as unknown as Scheduler).snapshot().policy).toBe('mlfq');
    expect(s.runToCompletion(4e9)).toBe('done');
    expect(Buffer.from(s.output().stdout).equals(c.expectedStdout)).toBe(true);
  });

  it('quiescence passivates the scheduler\'s callers (the process manager) with it', async () => {
    const { c, files } = forkpipe();
    const s = await bootSystem({ files });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(1_000_000);
    const r = await swap(s, 'scheduler', 'fair', { strategy: 'quiescence' });
    expect(r.outcome, r.reason).toBe('committed');
    expect([...r.stopped].sort()).toEqual(['kernel/process', 'kernel/scheduler']);
    expect(Fractal.getLifeCycleController(s.component('process')).getFcState()).toBe('STARTED');
    expect(s.runToCompletion(4e9)).toBe('done');
    expect(Buffer.from(s.output().stdout).equals(c.expectedStdout)).toBe(true);
  });

  it('`tessera swap scheduler stride --json` prints a committed record and the guest\'s exit', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'tessera.js'), 'swap', 'scheduler', 'stride', '--json', '--cycles', '500000'], { encoding: 'utf8' });
    const j = JSON.parse(out) as { records: Array<{ outcome: string; replacements: Array<{ to: string }> }>; guest: { finished: boolean; status: number } };
    expect(j.records[0]!.outcome).toBe('committed');
    expect(j.records[0]!.replacements[0]!.to).toBe('components.scheduler.Stride');
    expect(j.guest).toMatchObject({ finished: true, status: 0 });
  });
});
