// `tessera exec` on the kernel: boots the default kernel (or an ADL variant) with a fresh disk holding
// the ELF (and any extra files), runs it as pid 1 with the host's stdin/stdout, and reports how it ended
// in the shell's terms (exit code, or 128 + signal), like `qemu-riscv32 prog.elf args` does.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { MkfsFile } from '../components/filesystem/mkfs.js';
import { HostConsole } from '../machine/devices/console.js';
import { runWithSwaps, type SwapRunResult, type SwapSchedule } from './reconfigure.js';
import { bootSystem, type BootOptions, type TesseraSystem } from './system.js';

export interface ExecOptions extends Omit<BootOptions, 'files' | 'image'> {
  /** Extra host files to put in the guest's root directory: "HOST" or "HOST:GUESTPATH". */
  files?: string[];
  /** Hot swaps while the guest runs (the swap-transparency check); none by default. */
  swaps?: SwapSchedule;
  /** The guest's environment ("NAME=value" strings); empty by default. */
  envp?: string[];
}

export interface ExecOutcome {
  /** Exit status as a shell reports it. */
  status: number;
  system: TesseraSystem;
  wallNs: number;
  /** What the swap schedule did, when there was one. */
  swaps: SwapRunResult | null;
}

/** Parses "HOST[:GUEST]" into an mkfs file (GUEST defaults to /basename(HOST)). */
export function hostFile(spec: string): MkfsFile {
  const i = spec.lastIndexOf(':');
  const [host, guest] = i > 0 ? [spec.slice(0, i), spec.slice(i + 1)] : [spec, `/${basename(spec)}`];
  return { path: guest.startsWith('/') ? guest : `/${guest}`, data: readFileSync(host), mode: 0o755 };
}

/** Boots a kernel, runs `elfPath` with `args` to completion, returns its status. */
export async function execOnKernel(elfPath: string, args: string[], options: ExecOptions = {}): Promise<ExecOutcome> {
  const guestPath = `/${basename(elfPath)}`;
  const files = [{ path: guestPath, data: readFileSync(elfPath), mode: 0o755 }, ...(options.files ?? []).map(hostFile)];
  const system = await bootSystem({ ...options, files });
  system.spawn(guestPath, [elfPath, ...args], options.envp ?? []);
  const t0 = process.hrtime.bigint();
  let swaps: SwapRunResult | null = null;
  try {
    if (options.swaps) swaps = await runWithSwaps(system, options.swaps);
    else await system.runAsync();
  } finally {
    if (system.console instanceof HostConsole) system.console.close();
  }
  const wallNs = Number(process.hrtime.bigint() - t0);
  return { status: statusOf(system, 1), system, wallNs, swaps };
}

/** The shell status of process `pid` once it has ended (255 if it never did). */
export function statusOf(system: TesseraSystem, pid: number): number {
  const exit = system.process.exits().find((e) => e.pid === pid);
  if (!exit) return 255;
  return exit.signal !== null ? 128 + exit.signal : (exit.code ?? 0);
}
