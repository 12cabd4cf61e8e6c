// Runs committed guests (workloads/) on a booted kernel, the way the kernel tests and benchmarks need:
// the case's ELF and extra files in the root directory, its stdin on the console, to completion.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bootSystem, type BootOptions, type TesseraSystem } from '../../boot/system.js';
import { statusOf } from '../../boot/exec.js';
import { loadGuestCases, type GuestCase } from '../../workloads/manifest.js';

export const CASES: GuestCase[] = loadGuestCases();

export function guestCase(name: string): GuestCase {
  const c = CASES.find((g) => g.name === name);
  if (!c) throw new Error(`no guest case '${name}'`);
  return c;
}

export interface GuestRun {
  stdout: Buffer;
  stderr: string;
  status: number;
  system: TesseraSystem;
}

/** Boots a kernel holding the case's files and runs the case as pid 1 to completion. */
export async function runCase(c: GuestCase, options: BootOptions = {}): Promise<GuestRun> {
  const files = [c.elfPath, ...c.files].map((f) => ({ path: `/${basename(f)}`, data: readFileSync(f), mode: 0o755 }));
  const input = c.stdinPath ? readFileSync(c.stdinPath) : new Uint8Array();
  const system = await bootSystem({ ...options, files: [...files, ...(options.files ?? [])], console: { input } });
  const elf = basename(c.elfPath);
  system.spawn(`/${elf}`, [elf, ...c.args]);
  const r = system.runToCompletion(4e9);
  if (r !== 'done') throw new Error(`${c.name}: run ended with '${r}' after ${system.machine.cycle} cycles`);
  const out = system.output();
  return { stdout: Buffer.from(out.stdout), stderr: new TextDecoder().decode(out.stderr), status: statusOf(system, 1), system };
}
