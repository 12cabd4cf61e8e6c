// `tessera adl`: in-process through the command module, and once end to end through bin/tessera.js.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/adl.js';
import { HEADER, tree } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');

async function tessera(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  register(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    await program.parseAsync(['node', 'tessera', 'adl', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.chdir(cwd);
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout, stderr };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('tessera adl', () => {
  const bad = () =>
    tree({ 'Bad.fractal': HEADER + '<definition name="Bad">\n  <interface name="i" role="both" signature="x.S"/>\n  <component name="c" definition="Missing"/>\n</definition>\n' });

  it('check: ok files pass; errors print as file:line:column: message and exit 1', async () => {
    const dir = bad();
    const r = await tessera('check', 'components/Kernel.fractal', join(dir, 'Bad.fractal'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('components/Kernel.fractal: ok\n');
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.replace(dir + '/', ''))).toEqual([
      "Bad.fractal:4:29: bad role of interface 'i': 'both', expected 'client' or 'server'",
      `Bad.fractal:5:35: no definition 'Missing': expected a file Missing.fractal under the search path (${dir}) (--partial shows the rest without it)`,
    ]);
  });

  it('check: knows the kernel signatures (signature subtyping is checked)', async () => {
    const dir = tree({
      'Mix.fractal': HEADER + `<definition name="Mix">
  <component name="user"><interface name="s" role="client" signature="components.scheduler.Scheduler"/><content class="x.U"/></component>
  <component name="alloc"><interface name="a" role="server" signature="components.allocator.FrameAllocator"/><content class="x.A"/></component>
  <binding client="user.s" server="alloc.a"/>
</definition>\n`,
    });
    const r = await tessera('check', join(dir, 'Mix.fractal'));
    expect(r.status).toBe(1);
    expect(r.stderr.replace(dir + '/', '')).toBe(
      "Mix.fractal:6:3: binding user.s → alloc.a: server signature 'components.allocator.FrameAllocator' is not 'components.scheduler.Scheduler' nor a sub-signature of it: expected a server of signature 'components.scheduler.Scheduler'\n",
    );
  });

  it('show: tree by default, JSON in the DESIGN shape, DOT, SVG to a file; --arg and --path', async () => {
    const tree0 = await tessera('show', 'components/Kernel.fractal');
    expect(tree0.stdout.split('\n')[0]).toBe('kernel (composite, definition components.Kernel)');
    const json = await tessera('show', 'components/KernelMlfq.fractal', '--json');
    expect(json.status).toBe(0);
    const g = JSON.parse(json.stdout);
    expect(g.components.find((c: { name: string }) => c.name === 'scheduler').content).toBe('components.scheduler.Mlfq');
    const arg = await tessera('show', 'components.Kernel', '--path', '.', '--arg', 'scheduler=components.scheduler.Fair', '--json');
    expect(JSON.parse(arg.stdout).components[0].content).toBe('components.scheduler.Fair');
    expect((await tessera('show', 'components/Kernel.fractal', '--dot')).stdout).toMatch(/^digraph "components\.Kernel" \{/);
    const out = join(tree({}), 'kernel.svg');
    const svg = await tessera('show', 'components/Kernel.fractal', '--svg', out);
    expect(svg).toMatchObject({ status: 0, stdout: `wrote ${out}\n` });
    expect(existsSync(out) && readFileSync(out, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg/);
    const badArg = await tessera('show', 'components/Kernel.fractal', '--arg', 'oops');
    expect(badArg).toMatchObject({ status: 1, stderr: "tessera adl: bad --arg 'oops': expected name=value\n" });
  });

  it('real files: warnings do not fail check; --partial shows what resolves', async () => {
    const corpus = 'tests/adl/fractal-corpus/ow2-proactive__programming/src';
    const wrappers = `${corpus}/Tests/functionalTests/component/nonfunctional/adl/factory/adl/Client.fractal`;
    const ok = await tessera('check', wrappers);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${wrappers}: ok (1 warning)\n`);
    expect(ok.stderr).toBe(
      `${wrappers}:9:4: warning: non-functional membrane in <controller> (ProActive proactive.dtd: 2 interfaces, 1 components, 2 bindings) is not modelled: ignored\n`,
    );
    const hello = `${corpus}/Examples/org/objectweb/proactive/examples/components/helloworld/HelloWorld.fractal`;
    expect((await tessera('show', hello)).status).toBe(1);
    const partial = await tessera('show', hello, '--partial');
    expect(partial.status).toBe(0);
    expect(partial.stderr).toMatch(/ClientImpl\.fractal:4:95: warning: no definition 'org\.objectweb\.proactive\.examples\.components\.helloworld\.ClientType': .*; shown without it \(partial\)\n$/);
    expect(partial.stdout.split('\n').slice(0, 5)).toEqual([
      'helloWorld (composite, definition org.objectweb.proactive.examples.components.helloworld.HelloWorld)',
      '  > server m: org.objectweb.proactive.examples.components.helloworld.Main',
      '  - this.m -> client.m',
      '  - client.s -> server.s',
      '  client (primitive, content org.objectweb.proactive.examples.components.helloworld.ClientImpl, definition org.objectweb.proactive.examples.components.helloworld.ClientImpl, not found: org.objectweb.proactive.examples.components.helloworld.ClientType)',
    ]);
  });

  it('diff: one line per action, or JSON', async () => {
    const d = await tessera('diff', 'components/Kernel.fractal', 'components/KernelMlfq.fractal');
    expect(d.stdout).toBe('replace scheduler: components.scheduler.RoundRobin -> components.scheduler.Mlfq\n');
    const j = await tessera('diff', 'components/KernelMlfq.fractal', 'components/KernelMlfq.fractal', '--json');
    expect(JSON.parse(j.stdout)).toEqual([]);
    expect((await tessera('diff', 'components/Kernel.fractal', 'components/Kernel.fractal')).stdout).toBe('no differences\n');
  });

  it('runs end to end through bin/tessera.js with exit status 1 on errors', () => {
    const dir = bad();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/tessera.js'), 'adl', 'check', join(dir, 'Bad.fractal')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Bad.fractal:4:29: bad role of interface 'i': 'both', expected 'client' or 'server'");
  });
});
