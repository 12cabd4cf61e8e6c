// The guest's environment under `tessera exec`: the host's, with -E / -U, exactly as qemu-riscv32
// builds it (the expected lists below were printed by qemu-riscv32 7.2 for the same commands).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { guestEnvironment, type EnvOp } from './exec.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const host = { A: '1', B: '2', C: '3' };
const ops = (...args: string[]): EnvOp[] => args.map((a) => (a.startsWith('-U ') ? { op: 'unset', arg: a.slice(3) } : { op: 'set', arg: a.slice(3) }));

describe('guest environment (as qemu-riscv32)', () => {
  it.each([
    [[], ['C=3', 'B=2', 'A=1']],
    [['-E A=7'], ['A=7', 'C=3', 'B=2']],
    [['-E D=4', '-E A=9', '-U B'], ['A=9', 'D=4', 'C=3']],
    [['-U A', '-E A=5'], ['A=5', 'C=3', 'B=2']],
    [['-E A=5', '-U A'], ['C=3', 'B=2']],
  ])('host A B C with %j', (args, expected) => {
    expect(guestEnvironment(host, ops(...args))).toEqual(expected);
  });

  it('refuses -E without a name', () => {
    expect(() => guestEnvironment({}, ops('-E =x'))).toThrow("-E '=x': expected VAR=VALUE");
    expect(() => guestEnvironment({}, ops('-E novalue'))).toThrow(/expected VAR=VALUE/);
  });

  it.each([[[]], [['--standalone']]])('reaches the guest on the kernel and standalone (%j)', (extra) => {
    const run = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/tessera.js'), 'exec', ...extra, ...args, 'workloads/bin/args.elf'],
      { cwd: root, encoding: 'utf8', env: { ...host, PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    const envLines = (out: string) => out.split('\n').filter((l) => l.startsWith('env['));
    const withHost = run(['-U', 'PATH', '-E', 'D=4', '-E', 'A=9', '-U', 'B']);
    expect(withHost.status).toBe(1); // args returns argc
    expect(envLines(withHost.stdout)).toEqual(['env[0]=A=9', 'env[1]=D=4', 'env[2]=C=3']);
    const cleared = run(['--env-clear', '-E', 'ONLY=me']);
    expect(envLines(cleared.stdout)).toEqual(['env[0]=ONLY=me']);
  });
});
