// Bad input in the REPL: every mistake gets exactly one line saying what was wrong with a suggestion,
// nothing changes, and the machine keeps running (the guests still finish).
import { describe, expect, it } from 'vitest';
import { outputOf, scripted } from './helpers.js';

const cases: Array<[string, RegExp]> = [
  ['swp scheduler mlfq', /^error: unknown command 'swp' \(did you mean 'swap'\?/],
  ['frobnicate', /^error: unknown command 'frobnicate' \(help lists every command\)$/],
  ['show shceduler', /^error: no component 'shceduler' in the kernel \(did you mean 'scheduler'\?\)$/],
  ['ls nothing/here', /^error: no component 'nothing\/here' in the kernel \(components: scheduler, allocator, filesystem, process, syscall\)$/],
  ['swap scheduler mlfg', /^error: no scheduler implementation 'mlfg' \(did you mean 'mlfq'\? scheduler implementations: round-robin, priority, mlfq, stride, fair\)$/],
  ['swap scheduler round-robin', /^error: scheduler already runs round-robin \(components\.scheduler\.RoundRobin\) \(others: priority, mlfq, stride, fair\)$/],
  ['swap syscall fast', /^error: no syscall implementation 'fast' \(syscall implementations: syscall-layer\)$/],
  ['swap', /^error: swap: expected 2 arguments, got 0 \(usage: swap PATH IMPL\)$/],
  ['exec bnch 10', /^error: no program 'bnch' in \/bin \(did you mean 'bench'\?/],
  ['kill 999', /^error: kill 999: no such process \(error 3\) \(pids: /],
  ['kill abc', /^error: kill: 'abc' is not a pid \(pids: /],
  ['set allocator colour blue', /^error: allocator has no (attributes|attribute 'colour')/],
  ['unbind process.scheduler', /^error: unbind: process is STARTED, and bindings change only on a stopped component \(stop process first, then start process\)$/],
  ['unbind process.nothing', /^error: NoSuchInterfaceError: component 'process' has no interface 'nothing'/],
  ['bind process.scheduler allocator.allocator', /^error: bind: process is STARTED/],
  ['bind process.scheduler', /^error: bind: expected 2 arguments, got 1 \(usage: bind CLIENT SERVER\)$/],
  ['run-for lots', /^error: run-for: 'lots' is not a number of cycles \(e\.g\. 5000000, 5m or 200k\)$/],
  ['run /no/such/script.fs', /^error: run: no file \/no\/such\/script\.fs/],
  ['save kernel.txt', /^error: 'kernel\.txt' is not a \.fractal file \(try: save kernel\.txt\.fractal\)$/],
  ['save /tmp/my-kernel.fractal', /^error: 'my-kernel\.fractal' cannot name a definition .*\(try: save my_kernel\.fractal\)$/],
  ['resume', /^error: the machine is not paused \(pause holds it\)$/],
  ['output loud', /^error: output: 'loud' is neither on nor off/],
  ['start scheduler', /^error: scheduler is already STARTED/],
];

describe('REPL bad input', { timeout: 120_000 }, () => {
  it('answers each mistake with one line and a suggestion, and the machine keeps running', async () => {
    const script = ['run-for 1m', ...cases.map(([c]) => c), 'run-for 2m', 'wait'].join('\n');
    const r = await scripted(script);
    for (const [cmd, re] of cases) {
      const out = outputOf(r.lines, cmd).filter((l) => !l.startsWith('['));
      expect(out, cmd).toHaveLength(1);
      expect(out[0], cmd).toMatch(re);
    }
    // Still running after all of them: the next run-for advances the clock, and every guest ends well.
    expect(outputOf(r.lines, 'run-for 2m').at(-1)).toMatch(/^ran 2000000 cycles, now at cycle \d+$/);
    expect(r.system.process.exits().map((e) => `${e.name} ${e.code}`).sort(), r.out).toEqual(["bench 0", "files 0", "forkpipe 0", "server 0"]);
    expect(r.code).toBe(1); // a script with failed commands exits 1
  });
});
