// `tessera exec --standalone` (the machine's bare runner) end to end: stdout, stdin, exit status and
// error messages like qemu-riscv32.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tessera = (args: string[], input = '') =>
  spawnSync(process.execPath, [join(root, 'bin/tessera.js'), 'exec', '--standalone', ...args], { cwd: root, input, encoding: 'utf8' });

describe('tessera exec --standalone', () => {
  it('runs a guest with its arguments and host stdin (options after the ELF belong to the guest), exits with its status, reports --stats', () => {
    const exp = JSON.parse(readFileSync(join(root, 'workloads/expected/filter-upper.json'), 'utf8'));
    const r = tessera(['--stats', 'workloads/bin/filter.elf', ...exp.args], readFileSync(join(root, 'workloads', exp.stdin), 'utf8'));
    expect(r.stdout).toBe(readFileSync(join(root, 'workloads/expected/filter-upper.stdout'), 'utf8'));
    expect(r.status).toBe(exp.exitCode);
    expect(r.stderr).toMatch(/\d+ instructions, \d+ cycles, [\d.]+ ms wall, [\d.]+ MIPS/);
  });
  it('a bad ELF gives a clear message and status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-exec-'));
    const bad = join(dir, 'bad.elf');
    writeFileSync(bad, 'not an elf at all, just text that is long enough for a header........');
    const r = tessera([bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.elf: not an ELF file \(bad magic at offset 0/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
