// One committed guest case by name (workloads/programs.json + workloads/expected/NAME.{json,stdout}),
// read on its own so that these tests do not depend on every other case of the manifest being complete
// (guests are added and rebuilt by others while these tests run in the same tree).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../workloads/', import.meta.url));

export interface Guest {
  name: string;
  elfPath: string;
  args: string[];
  stdinPath: string | null;
  files: string[];
  expectedStdout: Buffer;
  exitCode: number;
}

interface Spec { name: string; elf?: string; args: string[]; stdin?: string; files?: string[] }

export function guestCase(name: string): Guest {
  const specs = (JSON.parse(readFileSync(join(DIR, 'programs.json'), 'utf8')) as { programs: Spec[] }).programs;
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no guest case '${name}' in workloads/programs.json; expected one of ${specs.map((s) => s.name).join(', ')}`);
  const expected = JSON.parse(readFileSync(join(DIR, 'expected', `${name}.json`), 'utf8')) as { exitCode: number };
  return {
    name,
    elfPath: join(DIR, 'bin', `${spec.elf ?? spec.name}.elf`),
    args: spec.args,
    stdinPath: spec.stdin ? join(DIR, spec.stdin) : null,
    files: (spec.files ?? []).map((f) => join(DIR, 'bin', f)),
    expectedStdout: readFileSync(join(DIR, 'expected', `${name}.stdout`)),
    exitCode: expected.exitCode,
  };
}
