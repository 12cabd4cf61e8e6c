// The `tessera` command as a shell runs it: piped stdin drives the REPL non-interactively, `--help`,
// the default command, exit statuses. (`tessera run` is tested in-process in run.test.ts.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../boot/system.js';

function tessera(args: string[], input = '', cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tessera.js'), ...args], { input, encoding: 'utf8', cwd, timeout: 90_000, env: { ...process.env, TESSERA_HISTORY: '/dev/null' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tessera (subprocess)', () => {
  it('repl reads commands from piped stdin, echoes them, and runs the machine to the end', () => {
    const r = tessera(['repl', '--workload', 'quick'], 'run-for 2m\nswap scheduler priority\nps\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^tessera> swap scheduler priority\n#1 replace committed/m);
    expect(r.stdout).toMatch(/^\[tessera\] end of input: every process has ended at cycle \d+$/m);
    expect(r.stdout).toMatch(/^\[\d+ bench\] bench: iterations=200 /m);
    expect(r.status).toBe(0);
  }, 90_000);

  it('repl exits 2 when it cannot start', () => {
    const unknown = tessera(['repl', '--workload', 'huge'], '');
    expect(unknown.stderr).toBe("tessera repl: no workload 'huge'; workloads are: default, quick\n");
    expect(unknown.status).toBe(2);
  }, 90_000);

  it('has --help for the program and its commands; repl is the default command', () => {
    const top = tessera(['--help']);
    expect(top.status).toBe(0);
    for (const c of ['repl', 'run', 'exec', 'adl', 'bench']) expect(top.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(top.stdout).toMatch(/repl \[options\]\s+boot the kernel, start the default\s+workload and open the REPL/);
    // No command: the REPL (here on piped stdin); a failed command makes the status 1.
    const dflt = tessera(['--no-workload'], 'ls syscall\nswap scheduler nope\n');
    expect(dflt.stdout).toMatch(/^tessera> ls syscall\nCOMPONENT\s+STATE/m);
    expect(dflt.stdout).toMatch(/^error: no scheduler implementation 'nope'/m);
    expect(dflt.status).toBe(1);
  }, 90_000);

  it('runs from any working directory (the project tsconfig is used, not one found from cwd)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cwd-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: x\nload:\n  rate: -3\n  work: 10\n  duration: 1s\n');
    const r = tessera(['experiment', 'uptime', '--config', 'bad.yaml', '--out', 'o'], '', dir);
    expect(r.stderr).toBe('tessera experiment: bad.yaml:3:3: load.rate: Too small: expected number to be >0\n');
    expect(r.status).toBe(1);
    const check = tessera(['adl', 'check', join(ROOT, 'components', 'Kernel.fractal')], '', dir);
    expect(check.status).toBe(0);
  }, 90_000);
});
