// `tessera adl` end to end, through bin/tessera.js.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER, tree } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const tessera = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/tessera.js'), 'adl', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('tessera adl', () => {
  it('check: ok files pass; errors print as file:line:column: message and exit 1', () => {
    const dir = tree({
      'Bad.fractal': HEADER + '<definition name="Bad">\n  <interface name="i" role="both" signature="x.S"/>\n  <component name="c" definition="Missing"/>\n</definition>\n',
    });
    const r = tessera('check', 'components/Kernel.fractal', join(dir, 'Bad.fractal'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('components/Kernel.fractal: ok\n');
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.replace(dir + '/', ''))).toEqual([
      "Bad.fractal:4:29: bad role of interface 'i': 'both', expected 'client' or 'server'",
      `Bad.fractal:5:35: no definition 'Missing': expected a file Missing.fractal under the search path (${dir})`,
    ]);
  });

  it('show: JSON in the DESIGN shape, SVG to a file; diff lists actions', () => {
    const json = tessera('show', 'components/KernelMlfq.fractal', '--json');
    expect(json.status).toBe(0);
    const g = JSON.parse(json.stdout);
    expect(g.components.find((c: { name: string }) => c.name === 'scheduler').content).toBe('components.scheduler.Mlfq');
    const out = join(tree({}), 'kernel.svg');
    const svg = tessera('show', 'components/Kernel.fractal', '--svg', out);
    expect(svg.status).toBe(0);
    expect(existsSync(out) && readFileSync(out, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg/);
    const d = tessera('diff', 'components/Kernel.fractal', 'components/KernelMlfq.fractal');
    expect(d.stdout).toBe('replace scheduler: components.scheduler.RoundRobin -> components.scheduler.Mlfq\n');
  });
});
