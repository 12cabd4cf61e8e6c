// `tessera experiment` end to end through bin/tessera.js: a tiny run writes its files and prints the
// one-screen summary; a bad config prints one message and exits 1.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../boot/system.js';
import { tinyConfig } from './helpers.js';

const run = promisify(execFile);
const tessera = (args: string[]) =>
  run(process.execPath, [join(ROOT, 'bin', 'tessera.js'), 'experiment', ...args], { cwd: ROOT, env: { ...process.env, CI: 'true' } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

describe('tessera experiment', () => {
  it('uptime: runs a config, writes the files, prints the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify(tinyConfig({ name: 'cli', load: { rate: 1000, work: 500, warmup: '10ms', duration: '80ms' }, events: [{ at: '40ms', kind: 'swap', path: 'scheduler', impl: 'stride' }] })));
    const out = join(dir, 'out');
    const r = await tessera(['uptime', '--config', cfg, '--out', out, '--no-plots', '--seed', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^experiment cli \(seed 3, poisson 1000\/s for 0\.08 s, 1 server\(s\)\)/);
    expect(r.stdout).toMatch(/availability 100\.000%/);
    expect(r.stdout).toMatch(/swap scheduler -> stride/);
    for (const f of ['requests.csv', 'events.json', 'summary.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });

  it('refuses a bad config with one message naming the key, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ load: { rate: 10, work: 1 } }));
    const r = await tessera(['uptime', '--config', cfg, '--out', join(dir, 'o')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.json:1:2: load\.duration: /); // a missing key: at its parent object's key
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
