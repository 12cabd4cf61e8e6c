// An interactive session in-process (readline in terminal mode over streams): the machine runs freely
// while the prompt waits, commands answer, `events` follows until Enter (a command typed meanwhile runs
// after it), Ctrl-C clears a line, two Ctrl-C on an empty line end the session, history is saved.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { connectEngine } from '../../cli/repl/engine-adapter.js';
import { runSession } from '../../cli/repl/session.js';
import { bootCliSystem } from '../../cli/system-boot.js';
import { workload } from '../../cli/workload.js';

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

it('runs the machine while the prompt waits, and keeps keys and output apart', async () => {
  const w = workload('quick');
  const system = await bootCliSystem({ workload: w });
  const history = join(mkdtempSync(join(tmpdir(), 'tessera-hist-')), 'history');
  const input = new PassThrough();
  let out = '';
  const output = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
  const done = runSession({ system, engine: connectEngine(system), input, output, interactive: true, historyFile: history, workload: w, slice: 200_000 });
  const until = async (re: RegExp, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!re.test(plain(out))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; output:\n${plain(out)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const type = async (s: string) => {
    for (const ch of s) input.write(ch); // one key at a time, as a person types
    await new Promise((r) => setTimeout(r, 20));
  };

  // Nobody types: the machine runs on its own and the guests finish.
  await until(/\[tessera\] pid 1 \(bench\) exited 0/);
  await until(/every process has ended; the machine idles/);
  expect(system.machine.cycle).toBeGreaterThan(10_000_000);

  await type('swap scheduler fair\r');
  await until(/#1 replace committed/);
  await type('events\r');
  await until(/following events; Enter or Ctrl-C stops/);
  await type('ls scheduler\r'); // Enter ends the follow; the command then runs
  await until(/scheduler\s+STARTED\s+0\s+0\s+fair/);
  await type('some half-typed thing\x03');
  await until(/some half-typed thing\^C/);
  await type('\x03');
  await until(/press Ctrl-C again or type quit/);
  await type('\x03');
  expect(await done).toBe(0);
  expect(plain(out)).toMatch(/leaving at cycle \d+; 0 processes were still running/);
  expect(plain(out)).not.toMatch(/error:/);
  expect(readFileSync(history, 'utf8')).toBe('swap scheduler fair\nevents\nls scheduler\n');
}, 180_000);

it('top refreshes in place until Enter, and guest output printed meanwhile follows it, none lost', async () => {
  const w = workload('quick');
  const system = await bootCliSystem({ workload: w });
  const input = new PassThrough();
  let out = '';
  const output = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
  const done = runSession({ system, engine: connectEngine(system), input, output, interactive: true, historyFile: null, workload: w, slice: 200_000 });
  const count = (re: RegExp) => (plain(out).match(new RegExp(re.source, 'g')) ?? []).length;
  const until = async (ok: () => boolean, what: string, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output:\n${plain(out)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(() => /every process has ended; the machine idles/.test(out), 'idle');
  input.write('top x\r');
  await until(() => /error: top: 'x' is not a refresh interval/.test(out), 'top error');
  // A ticker prints 40 ticks, 20 ms of emulated time apart, while top redraws every 0.1 s.
  input.write('exec ticker 40 20\r');
  await until(() => /started pid \d+: ticker 40 20/.test(out), 'exec');
  input.write('top 0.1\r');
  await until(() => count(/-- top: refreshing; Enter or Ctrl-C stops --/) >= 3, 'three screens');
  // Each redraw moves the cursor up over the previous screen (not a scrolling list of screens).
  expect(out).toMatch(/\x1b\[\d+A\x1b\[Jmachine  cycle/);
  expect(plain(out)).toMatch(/^scheduler round-robin: running/m);
  await until(() => system.process.count() === 0, 'ticker to end');
  const footer = '-- top: refreshing; Enter or Ctrl-C stops --';
  const live = plain(out).slice(plain(out).indexOf(footer), plain(out).lastIndexOf(footer));
  expect(live).not.toMatch(/\] tick \d+/); // guest output is kept back while the screen is live
  input.write('\r');
  await until(() => /\] ticker: done/.test(plain(out)), 'held output');
  for (let n = 1; n <= 40; n++) expect(plain(out)).toMatch(new RegExp(`\\] tick ${n}\\n`));
  input.write('quit\r');
  expect(await done).toBe(0);
}, 180_000);
