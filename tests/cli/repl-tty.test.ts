// End to end, as a person would: the REPL under a real pseudo-terminal (tmux), typing with Tab
// completion while the default workload runs, swapping the scheduler, seeing the record and the
// programs still running, Ctrl-C clearing a half-typed line, and two Ctrl-C leaving with status 0.
// Without tmux the same session runs under `script` (a pty too) with the keystrokes piped in.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../boot/system.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tessera = `node ${join(ROOT, 'bin', 'tessera.js')}`;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function until(session: string, re: RegExp, ms: number): Promise<string> {
  const end = Date.now() + ms;
  let screen = '';
  while (Date.now() < end) {
    screen = tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
    if (re.test(screen)) return screen;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${re} on the terminal; it shows:\n${screen}`);
}

/** Types keys one group at a time (readline takes a multi-character chunk as a paste, where Tab does not complete). */
async function keys(session: string, ...groups: string[]): Promise<void> {
  for (const g of groups) {
    tmux('send-keys', '-t', session, ...(g === 'Tab' || g === 'Enter' || g === 'C-c' ? [g] : ['-l', g]));
    await sleep(150);
  }
}

describe('REPL under a pseudo-terminal', () => {
  it('swaps the scheduler live with Tab completion; Ctrl-C cancels a line, twice leaves', async () => {
    if (has('tmux')) await viaTmux();
    else viaScript();
  }, 300_000);
});

async function viaTmux(): Promise<void> {
  {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-tty-'));
    const history = join(dir, 'history');
    const session = `tessera-test-${process.pid}`;
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50',
      `cd ${ROOT} && TESSERA_HISTORY=${history} ${tessera}; echo "EXIT:$?"; sleep 30`);
    try {
      await until(session, /tessera> $/m, 120_000);
      await keys(session, 'output off', 'Enter');
      await until(session, /guest output hidden/, 30_000);
      // Each key group waits for its echo, so that a loaded machine cannot merge "sch" and Tab into one read (a paste).
      await keys(session, 'swap sch');
      await until(session, /tessera> swap sch$/m, 30_000);
      await keys(session, 'Tab');
      await until(session, /tessera> swap scheduler $/m, 30_000);
      await keys(session, 'ml');
      await until(session, /tessera> swap scheduler ml$/m, 30_000);
      await keys(session, 'Tab');
      await until(session, /tessera> swap scheduler mlfq $/m, 30_000);
      await keys(session, 'Enter');
      let screen = await until(session, /#1 replace committed[\s\S]*phases: .*\n(?: {2}.*\n)*tessera> $/m, 60_000);
      expect(screen).toContain('tessera> swap scheduler mlfq');
      expect(screen).toMatch(/state kernel\/scheduler: \d+ bytes/);
      // The programs kept running: the bench is still there and the clock moves on under the new policy.
      // top is live in a terminal: it redraws until Enter.
      await keys(session, 'top', 'Enter');
      screen = await until(session, /scheduler mlfq: running[\s\S]*bench 8000[\s\S]*-- top: refreshing; Enter or Ctrl-C stops --$/m, 30_000);
      await keys(session, 'Enter');
      screen = await until(session, /-- top: refreshing; Enter or Ctrl-C stops --\n+tessera> $/m, 30_000);
      const cycleOf = (s: string) => Number([...s.matchAll(/machine {2}cycle ([\d,]+)/g)].at(-1)![1]!.replace(/,/g, ''));
      const before = cycleOf(screen);
      await sleep(1500);
      await keys(session, 'stats', 'Enter');
      screen = await until(session, /tessera> stats\n[\s\S]*since boot[^\n]*\ntessera> $/m, 30_000);
      expect(cycleOf(screen)).toBeGreaterThan(before);
      // Ctrl-C clears a half-typed line; the machine goes on; two Ctrl-C on an empty line leave.
      await keys(session, 'this is not a command', 'C-c');
      screen = await until(session, /\^C\ntessera> $/m, 30_000);
      await keys(session, 'C-c');
      await until(session, /press Ctrl-C again/, 30_000);
      await keys(session, 'C-c');
      screen = await until(session, /EXIT:\d+/, 30_000);
      expect(screen).toMatch(/leaving at cycle \d+/);
      expect(screen).toContain('EXIT:0');
      expect(screen).not.toContain('error: unknown command');
      expect(readFileSync(history, 'utf8').split('\n')).toEqual(['output off', 'swap scheduler mlfq', 'top', 'stats', '']);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }
}

/** Without tmux: `script` gives the REPL a pty; the keystrokes come from a pipe (no Tab here). */
function viaScript(): void {
  expect(has('script'), 'neither tmux nor script is installed: no pseudo-terminal to test with').toBe(true);
  const r = spawnSync('script', ['-qec', `${tessera} repl --workload quick --no-history`, '/dev/null'], {
    input: 'ls\nswap scheduler fair\nquit\n', encoding: 'utf8', timeout: 60_000, cwd: ROOT,
  });
  expect(r.stdout).toMatch(/scheduler\s+STARTED/);
  expect(r.stdout).toMatch(/#1 replace committed/);
  expect(r.status).toBe(0);
}
