// Drives a scripted REPL session in-process: boots the system the CLI boots (guest image, workload,
// engine), feeds the script, collects everything printed. Also splits guest output by process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { TesseraSystem } from '../../boot/system.js';
import { connectEngine } from '../../cli/repl/engine-adapter.js';
import { runSession } from '../../cli/repl/session.js';
import { bootCliSystem } from '../../cli/system-boot.js';
import { workload } from '../../cli/workload.js';
import { WORKLOADS_DIR } from '../../workloads/manifest.js';

export interface SessionResult {
  code: number;
  out: string;
  lines: string[];
  system: TesseraSystem;
}

export async function scripted(script: string, opts: { workload?: string | null; slice?: number; adl?: string } = {}): Promise<SessionResult> {
  const w = opts.workload === null ? null : workload(opts.workload ?? 'quick');
  const system = await bootCliSystem({ workload: w, adl: opts.adl });
  let out = '';
  const output = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  const code = await runSession({ system, engine: connectEngine(system), input: new PassThrough(), output, interactive: false, script, workload: w, slice: opts.slice });
  return { code, out, lines: out.split('\n').filter((l) => l !== ''), system };
}

/** The lines process `pid` wrote, without their "[pid name] " label. */
export function guestLines(lines: readonly string[], pid: number): string[] {
  const re = new RegExp(`^\\[${pid} [a-z0-9-]+\\] `);
  return lines.filter((l) => re.test(l)).map((l) => l.replace(re, ''));
}

/** qemu's stdout for a guest case (workloads/expected), as lines. */
export function expectedLines(caseName: string): string[] {
  return readFileSync(join(WORKLOADS_DIR, 'expected', `${caseName}.stdout`), 'utf8').split('\n').filter((l) => l !== '');
}

/** The lines that follow the echo of `command` up to the next prompt. */
export function outputOf(lines: readonly string[], command: string, nth = 0): string[] {
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === `tessera> ${command}` && ++seen === nth) {
      const out: string[] = [];
      for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('tessera> '); j++) out.push(lines[j]!);
      return out;
    }
  }
  throw new Error(`command '${command}' (#${nth}) not in the session output:\n${lines.join('\n')}`);
}
