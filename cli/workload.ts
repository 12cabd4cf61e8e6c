// The workloads the `tessera` command starts: which guests run at boot, with which arguments, how
// often they are started again, and the request schedule of the request server. Defined here once,
// used by `tessera repl` (npm start), `tessera run` and the REPL tests.
//
// Also the guest disk image: every ELF of workloads/bin under /bin and / (so `exec bench` and
// `exec /bench.elf` both work), and an empty /tmp where the `files` guest works.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkfs, type MkfsFile } from '../components/filesystem/mkfs.js';
import type { ScheduledRequest } from '../machine/devices/request-port.js';
import { WORKLOADS_DIR } from '../workloads/manifest.js';
import { encodeRequest, REQUEST_FLAG_QUIT } from '../workloads/requests.js';

export interface GuestEntry {
  /** Program name: /bin/<program> in the guest image. */
  program: string;
  args: string[];
  cwd: string;
  /** How many times it runs in all, one after the other (default 1). */
  runs: number;
  /** Emulated cycles from one start to the next (a run starts when the previous one has ended and this much has passed). */
  every: number;
}

export interface Workload {
  name: string;
  description: string;
  guests: GuestEntry[];
  /** Request-port schedule for the `server` guest (it reads /dev/requests). */
  requests: { count: number; every: number; work: number; start: number };
}

const guest = (program: string, args: string[] = [], runs = 1, every = 0, cwd = '/'): GuestEntry => ({ program, args, cwd, runs, every });

/** Workloads by name. `default`: a few tens of seconds on a laptop, long enough to swap things while it runs. */
export const WORKLOADS: Readonly<Record<string, Workload>> = {
  default: {
    name: 'default',
    description: 'a CPU-bound bench, a request server, and sort, fork/pipe, system-call and file guests started again and again',
    guests: [
      guest('bench', ['8000']),
      guest('server', ['1']),
      guest('sort', [], 8, 60_000_000),
      guest('getpid', ['20000'], 10, 45_000_000),
      guest('forkpipe', [], 3, 150_000_000),
      guest('files', [], 1, 0, '/tmp'),
    ],
    requests: { count: 50, every: 8_000_000, work: 2000, start: 2_000_000 },
  },
  quick: {
    name: 'quick',
    description: 'the same guests, small sizes (a second or two): for tests and demos',
    guests: [
      guest('bench', ['200']),
      guest('server', ['1']),
      guest('forkpipe'),
      guest('files', [], 1, 0, '/tmp'),
    ],
    requests: { count: 5, every: 2_000_000, work: 500, start: 1_000_000 },
  },
};

export class UnknownWorkloadError extends Error {
  override name = 'UnknownWorkloadError';
}

export function workload(name: string): Workload {
  const w = WORKLOADS[name];
  if (!w) throw new UnknownWorkloadError(`no workload '${name}'; workloads are: ${Object.keys(WORKLOADS).join(', ')}`);
  return w;
}

/** The request schedule of a workload: `count` requests, then one with the quit flag. */
export function requestSchedule(w: Workload): ScheduledRequest[] {
  const { count, every, work, start } = w.requests;
  const out: ScheduledRequest[] = [];
  for (let i = 0; i < count; i++) out.push({ at: start + i * every, payload: encodeRequest({ id: i, work, seed: i + 1, flags: 0 }) });
  out.push({ at: start + count * every, payload: encodeRequest({ id: count, work: 0, seed: 0, flags: REQUEST_FLAG_QUIT }) });
  return out;
}

/** Names of the guest programs (workloads/bin/*.elf without the suffix), sorted. */
export function guestPrograms(): string[] {
  return readdirSync(join(WORKLOADS_DIR, 'bin'))
    .filter((f) => f.endsWith('.elf'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** Every guest ELF as /bin/<name> and /<name>.elf (exec's cases find echo.elf in their cwd). */
export function guestFiles(): MkfsFile[] {
  const out: MkfsFile[] = [];
  for (const p of guestPrograms()) {
    const data = readFileSync(join(WORKLOADS_DIR, 'bin', `${p}.elf`));
    out.push({ path: `/bin/${p}`, data, mode: 0o755 }, { path: `/${p}.elf`, data, mode: 0o755 });
  }
  return out;
}

/** A fresh disk image (32 MiB) with the guests, an empty /tmp and any `extra` files. */
export function guestImage(extra: MkfsFile[] = []): Uint8Array {
  const image = new Uint8Array(32 * 2048 * 512);
  mkfs(image, { dirs: ['/tmp'], files: [...guestFiles(), ...extra] });
  return image;
}
