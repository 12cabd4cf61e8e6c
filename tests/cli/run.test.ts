// `tessera run`, in-process: an init program runs to completion and gives its exit status; a workload
// runs to completion; --json prints the exit records (guest output then goes to stderr); usage errors
// exit 2 naming what is available; --max-cycles stops with 124.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT } from '../../boot/system.js';
import { run, type RunOptions } from '../../cli/commands/run.js';

class Sink {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

async function tesseraRun(adl: string | undefined, o: Partial<RunOptions>) {
  const out = new Sink();
  const err = new Sink();
  const status = await run(adl, { workload: 'default', seed: '1', ...o }, out, err);
  return { status, stdout: out.text, stderr: err.text };
}

describe('tessera run', { timeout: 120_000 }, () => {
  it('runs an init program with its arguments and exits with its status', async () => {
    expect(await tesseraRun(undefined, { init: 'echo hello world' })).toEqual({ status: 0, stdout: 'hello world\n', stderr: '' });
    expect((await tesseraRun(undefined, { init: 'crash segv' })).status).toBe(139);
  });

  it('--json prints every exit of a workload; guest output goes to stderr', async () => {
    const r = await tesseraRun(undefined, { workload: 'quick', json: true });
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout) as { result: string; exits: Array<{ name: string; code: number }>; cycles: number };
    expect(parsed.result).toBe('done');
    expect(parsed.exits.map((e) => `${e.name}=${e.code}`).sort()).toEqual(['bench=0', 'files=0', 'forkpipe=0', 'server=0']);
    expect(r.stderr).toMatch(/^\[\d+ files\] ls \.: \(0 entries\)$/m);
  });

  it('boots another architecture from an ADL file', async () => {
    const r = await tesseraRun(join(ROOT, 'components', 'KernelMlfq.fractal'), { init: 'hello' });
    expect(r).toEqual({ status: 0, stdout: 'hello from tessera guest (argc=1)\n', stderr: '' });
  });

  it('reports usage errors with status 2, and --max-cycles with 124', async () => {
    const none = await tesseraRun(undefined, { init: 'nosuch' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^tessera run: --init: no program 'nosuch' in \/bin; programs: alloc, /);
    const adl = await tesseraRun('/no/such/kernel.fractal', { init: 'hello' });
    expect(adl.status).toBe(2);
    expect(adl.stderr).toMatch(/^tessera run: /);
    const cut = await tesseraRun(undefined, { init: 'bench 100000', maxCycles: '2000000' });
    expect(cut.status).toBe(124);
    expect(cut.stderr).toMatch(/^tessera run: stopped at cycle \d+ \(--max-cycles\) with 1 processes left$/m);
  });
});
