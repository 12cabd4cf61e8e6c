// Boots the system the `tessera` command drives (repl, run): the kernel from its ADL, a fresh disk
// image holding every guest ELF (cli/workload.ts), a buffered guest console (its output is tapped by
// GuestOutput; guest stdin is empty), and the request port fed by the workload's schedule when the
// workload runs the request server.
import { resolve } from 'node:path';
import { bootSystem, ROOT, type TesseraSystem } from '../boot/system.js';
import { guestImage, requestSchedule, type Workload } from './workload.js';

export interface CliBootOptions {
  adl?: string;
  seed?: number;
  workload: Workload | null;
}

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** Parses a non-negative integer option, naming the option when it is not one. */
export function intOption(value: string | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`${name} '${value}': expected a non-negative integer`);
  return n;
}

export function bootCliSystem(o: CliBootOptions): Promise<TesseraSystem> {
  const serves = o.workload?.guests.some((g) => g.program === 'server') ?? false;
  return bootSystem({
    adl: o.adl ? resolve(o.adl) : undefined,
    // A user's ADL file anywhere can extend or use the kernel's definitions (components.Kernel, ...).
    path: [ROOT],
    seed: o.seed,
    image: guestImage(),
    requests: serves && o.workload ? requestSchedule(o.workload) : undefined,
  });
}
