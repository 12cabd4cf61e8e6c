// The guest manifest: every oracle case of workloads/programs.json with its committed ELF and the
// stdout and exit code qemu-riscv32 produced (workloads/expected/). Invariants, checked by
// manifest.test.ts: every case's ELF is bin/<elf>.elf built from src/<elf>.c, and every case has
// expected/<name>.stdout and expected/<name>.json whose args/stdin agree with programs.json.
// To run a case like build.sh does: a fresh cwd holding the case's ELF as `<program>.elf` and its
// `files` (copied from bin/), argv = [`<program>.elf`, ...args], stdin from `stdinPath` or empty,
// an empty environment.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Absolute path of the workloads/ folder. */
export const WORKLOADS_DIR = dirname(fileURLToPath(import.meta.url));

const CaseSpec = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/),
  elf: z.string().regex(/^[a-z0-9]+$/).optional(),
  description: z.string().min(1),
  args: z.array(z.string()).default([]),
  stdin: z.string().nullable().optional(),
  files: z.array(z.string().regex(/^[a-z0-9]+\.elf$/)).optional(),
  oracle: z.strictObject({ inprocess: z.array(z.string()) }).optional(),
});
const ManifestSpec = z.strictObject({ programs: z.array(CaseSpec).min(1) });

const ExpectedSpec = z.strictObject({
  exitCode: z.number().int().min(0).max(255),
  elf: z.string(),
  args: z.array(z.string()),
  stdin: z.string().nullable(),
  syscalls: z.array(z.string()).min(1),
});

export interface GuestCase {
  /** Case name (unique), e.g. "sort-large". */
  name: string;
  /** Program name, e.g. "sort" (the ELF is bin/sort.elf). */
  program: string;
  description: string;
  /** Absolute path of the committed ELF. */
  elfPath: string;
  /** Arguments after argv[0]. */
  args: string[];
  /** Absolute path of the stdin file, or null for empty stdin. */
  stdinPath: string | null;
  /** ELFs (absolute paths) that must sit in the case's cwd under their base name, e.g. echo.elf for exec. */
  files: string[];
  /** Expected stdout bytes, as qemu-riscv32 produced them. */
  expectedStdout: Buffer;
  /** Expected exit status as a shell reports it (128 + n when killed by signal n). */
  exitCode: number;
  /** Linux system-call names the case made under qemu (parent and children), sorted, e.g. ["brk", "exit_group", "write"]. */
  syscalls: string[];
  /** True when the oracle ran an in-process-exec build (exec under qemu); see README.md. */
  oracleInProcess: boolean;
}

export class WorkloadManifestError extends Error {
  override name = 'WorkloadManifestError';
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new WorkloadManifestError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Reads programs.json and the expected outputs; throws WorkloadManifestError naming the file and field. */
export function loadGuestCases(dir: string = WORKLOADS_DIR): GuestCase[] {
  const manifestPath = join(dir, 'programs.json');
  const parsed = ManifestSpec.safeParse(readJson(manifestPath));
  if (!parsed.success) {
    throw new WorkloadManifestError(`${manifestPath}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.programs.map((spec) => {
    const program = spec.elf ?? spec.name;
    const expectedPath = join(dir, 'expected', `${spec.name}.json`);
    const exp = ExpectedSpec.safeParse(readJson(expectedPath));
    if (!exp.success) {
      throw new WorkloadManifestError(`${expectedPath}: ${exp.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const stdoutPath = join(dir, 'expected', `${spec.name}.stdout`);
    let expectedStdout: Buffer;
    try {
      expectedStdout = readFileSync(stdoutPath);
    } catch {
      throw new WorkloadManifestError(`case ${spec.name}: expected stdout ${stdoutPath} is missing (run workloads/build.sh)`);
    }
    return {
      name: spec.name,
      program,
      description: spec.description,
      elfPath: join(dir, 'bin', `${program}.elf`),
      args: spec.args,
      stdinPath: spec.stdin ? join(dir, spec.stdin) : null,
      files: (spec.files ?? []).map((f) => join(dir, 'bin', f)),
      expectedStdout,
      exitCode: exp.data.exitCode,
      syscalls: exp.data.syscalls,
      oracleInProcess: (spec.oracle?.inprocess.length ?? 0) > 0,
    };
  });
}
