// REPL command fuzzing: random command lines (real command names and junk, real and mistyped paths,
// implementation names, numbers, odd characters) fed to a scripted session (cli/repl, through the
// tests/cli helper). The session never throws, prints no stack trace, every refusal is one `error:`
// line, and the machine still runs its workload to the end. Commands that wait for a person or hold
// the machine (events, pause, stop, wait, quit) and the one that writes files (save) stay out of the
// random part.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandNames, findCommand } from '../../cli/repl/commands.js';
import { scripted } from '../cli/helpers.js';

const EXCLUDED = new Set(['events', 'pause', 'stop', 'wait', 'quit', 'save']);
const NAMES = commandNames().filter((n) => !EXCLUDED.has(n));

/** True when `word` names an excluded command, by its name or an alias (`q` is quit). */
function excluded(word: string): boolean {
  try {
    return EXCLUDED.has(findCommand(word).name);
  } catch {
    return false; // an unknown command: exactly what the fuzzer wants to send
  }
}
const TOKENS = [
  'scheduler', 'allocator', 'filesystem', 'process', 'syscall', 'shceduler', 'kernel', '/', '..', 'process.scheduler',
  'scheduler.scheduler', 'mlfq', 'fair', 'buddy', 'free-list', 'write-back', 'write-back-indexed', 'lottery', 'quantum',
  '0', '1', '-1', '999999999999', '5k', '1m', 'NaN', '""', "'", '\\', '$kernel', 'on', 'off', 'hello', 'bench', '%s%s', 'ü',
];

describe('REPL command fuzzing', { timeout: 120_000 }, () => {
  it('random command lines: no crash, no stack trace, refusals are one error line, the workload finishes', async () => {
    let lines = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 })), fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 5 })), { maxLength: 3 })), { minLength: 5, maxLength: 14 }),
        async (cmds) => {
          // A run-for between random commands keeps the machine moving; `wait` at the end must return.
          const body = cmds.map(([c, args]) => [c, ...args].join(' ').replace(/[\n\r#]/g, ' ').trim()).filter((l) => l && !excluded(l.split(/\s+/)[0]!));
          const script = ['run-for 200k', ...body.flatMap((l) => [l, 'run-for 50k']), 'resume', 'wait'].join('\n');
          const r = await scripted(script);
          lines += body.length;
          expect(r.out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
          expect(r.out).not.toMatch(/Uncaught|TypeError|ReferenceError/);
          for (const l of r.lines) if (/^error/i.test(l)) expect(l).toMatch(/^error: \S/);
          expect(r.system.process.count()).toBe(0);
        },
      ),
      { numRuns: 2, seed: 777 },
    );
    expect(lines).toBeGreaterThan(8);
  });
});
