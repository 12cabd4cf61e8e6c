// The REPL's architecture and process commands in scripted sessions: stop/start (the machine holds while
// a component is stopped), unbind/bind, save (an ADL file `tessera adl check` accepts) and load (the diff
// applied through the engine), reconfiguration scripts, exec/kill, pause/resume, events, help.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdl } from '../../adl/index.js';
import '../../components/signatures.js';
import { guestLines, outputOf, scripted } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'tessera-repl-'));

describe('REPL architecture commands', { timeout: 120_000 }, () => {
  it('stop holds the machine, unbind/bind rewire a stopped component, start lets it continue', async () => {
    const r = await scripted([
      'run-for 1m', 'stop process', 'run-for 1m', 'unbind process.scheduler', 'show process',
      'bind process.scheduler scheduler.scheduler', 'start process', 'run-for 1m', 'ls', 'wait',
    ].join('\n'), { workload: 'quick' });
    expect(outputOf(r.lines, 'stop process')).toEqual(['process STOPPED (the machine holds until: start process)']);
    expect(outputOf(r.lines, 'run-for 1m', 1)).toEqual([expect.stringMatching(/^ran 0 cycles, now at cycle 2000000 \(machine held: process STOPPED\)$/)]);
    expect(outputOf(r.lines, 'unbind process.scheduler')).toEqual(['unbound process.scheduler (was bound to scheduler.scheduler)']);
    expect(outputOf(r.lines, 'show process')).toContain('    scheduler -> (unbound)');
    expect(outputOf(r.lines, 'bind process.scheduler scheduler.scheduler')).toEqual(['bound process.scheduler -> scheduler.scheduler']);
    expect(outputOf(r.lines, 'run-for 1m', 2).at(-1)).toMatch(/^ran 1000000 cycles, now at cycle 3000000$/);
    expect(outputOf(r.lines, 'ls').join('\n')).not.toMatch(/STOPPED/);
    expect(r.code).toBe(0);
    expect(r.system.process.exits().every((e) => e.code === 0)).toBe(true);
  });

  it('save writes an ADL file that checks; load applies its difference through the engine', async () => {
    const saved = join(tmp, 'saved.fractal');
    const wanted = join(tmp, 'wanted.fractal');
    const r1 = await scripted(`save ${saved}`, { workload: null });
    expect(outputOf(r1.lines, `save ${saved}`)[0]).toBe(`saved the architecture as definition 'saved' in ${saved}`);
    expect(checkAdl(saved)).toEqual([]);
    const xml = readFileSync(saved, 'utf8');
    expect(xml).toContain('<content class="components.scheduler.RoundRobin"/>');
    expect(xml).toContain('<binding client="process.scheduler" server="scheduler.scheduler"/>');
    writeFileSync(wanted, xml.replace('name="saved"', 'name="wanted"').replace('components.scheduler.RoundRobin', 'components.scheduler.Fair').replace('components.allocator.Bitmap', 'components.allocator.Buddy'));
    expect(checkAdl(wanted)).toEqual([]);

    const r2 = await scripted(`run-for 2m\nload ${wanted}\nls\nload ${wanted}\nwait`);
    const load = outputOf(r2.lines, `load ${wanted}`);
    expect(load.slice(0, 2)).toEqual(['  replace scheduler: components.scheduler.RoundRobin -> components.scheduler.Fair', '  replace allocator: components.allocator.Bitmap -> components.allocator.Buddy']);
    expect(load[2]).toMatch(/^#1 transaction committed/);
    expect(outputOf(r2.lines, 'ls').join('\n')).toMatch(/scheduler .*fair \(components\.scheduler\.Fair\)[\s\S]*allocator .*buddy \(components\.allocator\.Buddy\)/);
    expect(outputOf(r2.lines, `load ${wanted}`, 1)).toEqual([`${wanted}: the running architecture already matches; nothing to do`]);
    expect(r2.system.process.exits().map((e) => e.code)).toEqual([0, 0, 0, 0]);
  });

  it('set changes a typed attribute; save keeps it; load of a changed value sets it through the engine', async () => {
    const kernel = join(tmp, 'attrk.fractal');
    writeFileSync(kernel, '<definition name="attrk" extends="components.Kernel">\n  <component name="scheduler" definition="components.scheduler.Mlfq"><content class="components.scheduler.Mlfq"/></component>\n</definition>\n');
    const saved = join(tmp, 'attrsaved.fractal');
    const r = await scripted(`set scheduler quantum 20000\nset scheduler quantum abc\nset scheduler quantm 1\nsave ${saved}`, { workload: null, adl: kernel });
    expect(outputOf(r.lines, 'set scheduler quantum 20000')).toEqual(['scheduler.quantum = 20000 (was 10000)']);
    expect(outputOf(r.lines, 'set scheduler quantum abc')).toEqual([expect.stringMatching(/^error: IllegalAttributeError: attribute 'quantum' .*expected integer, got "abc"$/)]);
    expect(outputOf(r.lines, 'set scheduler quantm 1')).toEqual([expect.stringMatching(/^error: scheduler has no attribute 'quantm' \(did you mean 'quantum'\? attributes: quantum, levels, boost/)]);
    expect(checkAdl(saved)).toEqual([]);
    const xml = readFileSync(saved, 'utf8');
    expect(xml).toContain('<attributes signature="components.scheduler.SchedulerAttributes">');
    expect(xml).toContain('<attribute name="quantum" value="20000"/>');
    const changed = join(tmp, 'attrchanged.fractal');
    writeFileSync(changed, xml.replace('name="attrsaved"', 'name="attrchanged"').replace('name="quantum" value="20000"', 'name="quantum" value="30000"'));
    const r2 = await scripted(`load ${changed}\nshow scheduler`, { workload: null, adl: kernel });
    const load = outputOf(r2.lines, `load ${changed}`);
    expect(load[0]).toBe('  set-attribute scheduler quantum = "30000" (was "10000")');
    expect(load[1]).toMatch(/^#1 transaction committed/);
    expect(outputOf(r2.lines, 'show scheduler')).toContain('    quantum = 30000');
  });

  it('run SCRIPT runs a reconfiguration script; a bad one is one line naming file:line:column', async () => {
    const good = join(tmp, 'swap.fscript');
    const bad = join(tmp, 'bad.fscript');
    writeFileSync(good, '-- two swaps at once\ntransaction {\n  replace($kernel/scheduler, "stride");\n  replace($kernel/allocator, "free-list");\n}\n');
    writeFileSync(bad, 'replace($kernel/scheduler "stride")\n');
    const r = await scripted(`run-for 1m\nrun ${good}\nls\nrun ${bad}\nhistory\nwait`);
    expect(outputOf(r.lines, `run ${good}`)[0]).toMatch(/^#1 transaction committed/);
    expect(outputOf(r.lines, 'ls').join('\n')).toMatch(/stride[\s\S]*free-list/);
    const err = outputOf(r.lines, `run ${bad}`);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^error: ${bad.replace(/[/.]/g, '\\$&')}:1:\\d+: `));
    expect(outputOf(r.lines, 'history')[0]).toMatch(/^#1 transaction committed/);
  });
});

describe('REPL process and machine commands', { timeout: 120_000 }, () => {
  it('exec starts a guest from /bin, kill ends one, ps shows them', async () => {
    const r = await scripted(['exec hello', 'exec echo one two', 'exec bench 100000', 'run-for 1m', 'ps', 'kill 3', 'wait'].join('\n'), { workload: null });
    expect(outputOf(r.lines, 'exec hello')).toEqual(['started pid 1: hello']);
    expect(outputOf(r.lines, 'ps').join('\n')).toMatch(/^\s*3\s+0\s+\w+.*bench 100000$/m);
    expect(outputOf(r.lines, 'kill 3')[0]).toBe('sent signal 9 to pid 3');
    expect(guestLines(r.lines, 1)).toEqual(['hello from tessera guest (argc=1)']);
    expect(guestLines(r.lines, 2)).toEqual(['one two']);
    expect(r.lines).toContain(`[tessera] pid 3 (bench) killed by signal 9 after ${r.system.process.exits().find((e) => e.pid === 3)!.cycles} cycles`);
  });

  it('pause and resume, events, stats, output off, help', async () => {
    const r = await scripted(['pause', 'wait', 'resume', 'events', 'stats', 'output off', 'help', 'help swap', 'run-for 1m', 'output on', 'quit'].join('\n'), { workload: 'quick' });
    expect(outputOf(r.lines, 'pause')).toEqual([expect.stringMatching(/^paused at cycle \d+$/)]);
    // wait resumes a paused machine (a script advances only in wait/run-for).
    expect(outputOf(r.lines, 'wait').at(-1)).toMatch(/^every process has ended/);
    expect(outputOf(r.lines, 'events').length).toBeGreaterThan(0);
    expect(outputOf(r.lines, 'stats')[0]).toMatch(/^machine  cycle [\d,]+, [\d,]+ instructions, [\d,]+ timer ticks, [\d,]+ system calls, 0 processes, [\d,]+ bytes of guest output$/);
    expect(outputOf(r.lines, 'help').length).toBeGreaterThan(20);
    expect(outputOf(r.lines, 'help swap')[0]).toBe('swap PATH IMPL');
    expect(outputOf(r.lines, 'run-for 1m').filter((l) => l.startsWith('['))).toEqual([]);
    expect(r.lines.at(-1)).toBe('tessera> quit');
  });
});
