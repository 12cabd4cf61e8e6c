// The set of system calls in a `qemu-riscv32 -strace` log, for the oracle's expected/<case>.json.
//
// The processes of a case run in parallel on the host and qemu writes each line in several pieces
// ("PID ", "name(args", ")", " = ret\n"), so lines of different processes interleave. A name always
// starts a piece of its own, but the piece before it may be another process's unterminated argument:
// "child_tidptr=0x00000000" + "write(1,...)" reads as "x00000000write(". Guest pointers are printed
// as 0x%08x, and no Linux system call name starts with "x", so such a prefix is garbage to strip.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** qemu 7.2 has no name for some time64 calls in its strace table. */
const UNNAMED: Record<string, string> = { 403: 'clock_gettime64', 407: 'clock_nanosleep_time64' };

const CALL = /([a-z][a-z_0-9]*)\(/g;
const POINTER_PREFIX = /^x[0-9a-f]{8}(?=[a-z])/;
const HEX_PREFIX = /^x[0-9a-f]/;

export function straceSyscalls(log: string): string[] {
  const tokens = [...log.matchAll(CALL)].map((m) => m[1]);
  const clean = new Set(tokens.filter((t) => !HEX_PREFIX.test(t)));
  const calls = new Set(clean);
  for (const token of tokens) if (HEX_PREFIX.test(token)) calls.add(unglue(token, clean));
  for (const m of log.matchAll(/Unknown syscall (\d+)/g)) calls.add(UNNAMED[m[1]] ?? `unknown_${m[1]}`);
  return [...calls].sort();
}

/** The name in a token that starts with a hex value: after a 0x%08x pointer, or else a name the log also
 *  shows on its own (shortest hex prefix first; "x1234fsync" could be "fsync" or "sync"). */
function unglue(token: string, clean: Set<string>): string {
  const pointer = token.replace(POINTER_PREFIX, '');
  if (pointer !== token) return pointer;
  for (let i = 2; i < token.length && /[0-9a-f]/.test(token[i - 1]); i++) if (clean.has(token.slice(i))) return token.slice(i);
  throw new Error(`strace log: cannot tell the system call in "${token}(" (a hex value glued to a name)`);
}

// node bin/run-ts.js workloads/strace.ts RC STDIN ARGS ELF STRACE_LOG: one case's expected JSON.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [rc, stdin, argstr, elf, stracePath] = process.argv.slice(2);
  if (stracePath === undefined) {
    console.error('usage: strace.ts RC STDIN ARGS ELF STRACE_LOG');
    process.exit(2);
  }
  const args = argstr === '' ? [] : argstr.split('\x1f');
  const syscalls = straceSyscalls(readFileSync(stracePath, 'utf8'));
  const out = { exitCode: Number(rc), elf: `${elf}.elf`, args, stdin: stdin === '' ? null : stdin, syscalls };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}
