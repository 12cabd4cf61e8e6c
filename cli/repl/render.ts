// Text rendering of what the REPL shows: aligned tables, the component tree, one component, processes,
// the scheduler's view, machine statistics and model events. Pure functions from data to lines.
import type { ModelEvent } from '../../bindings/index.js';
import type { Component } from '../../bindings/index.js';
import type { ProcessView } from '../../components/process/signature.js';
import type { SchedulerSnapshot } from '../../components/scheduler/signature.js';
import type { Sample } from '../machine-driver.js';
import { describe, nameOf, subComponents, type ComponentInfo } from './model.js';

/** Left-aligned columns, two spaces apart; numeric-looking cells right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.,]+%?$/.test(r[i] ?? '')));
  return all.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Groups of three digits: 128453755 → "128,453,755". */
export function num(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function stateOf(i: ComponentInfo): string {
  return i.stopping ? 'STOPPING' : i.state;
}

function implOf(i: ComponentInfo): string {
  if (i.kind === 'composite') return 'composite';
  return i.implementation ? `${i.implementation} (${i.content})` : (i.content ?? '(no content)');
}

/** The hierarchy below `path` with lifecycle state, implementation and live counters. */
export function renderTree(root: Component, path = ''): string[] {
  const rows: string[][] = [];
  const walk = (p: string, indent: string, last: boolean, top: boolean) => {
    const info = describe(root, p);
    const label = top ? (p === '' ? nameOf(root) : p) : `${indent}${last ? '└─ ' : '├─ '}${info.name}`;
    rows.push([label, stateOf(info), String(info.threads), String(info.held), implOf(info)]);
    const kids = subComponents(p === '' ? root : resolveChild(root, p));
    kids.forEach((k, i) => {
      const childPath = p === '' ? nameOf(k) : `${p}/${nameOf(k)}`;
      walk(childPath, top ? '' : `${indent}${last ? '   ' : '│  '}`, i === kids.length - 1, false);
    });
  };
  walk(path, '', true, true);
  return table(['COMPONENT', 'STATE', 'THREADS', 'HELD', 'IMPLEMENTATION'], rows);
}

function resolveChild(root: Component, path: string): Component {
  let c = root;
  for (const seg of path.split('/')) c = subComponents(c).find((k) => nameOf(k) === seg)!;
  return c;
}

export function renderShow(i: ComponentInfo): string[] {
  const out = [`${i.path === '' ? i.name : i.path}: ${i.kind}, ${stateOf(i)}`];
  out.push(`  implementation  ${implOf(i)}`);
  out.push('  interfaces');
  for (const t of i.interfaces) {
    const flags = [t.optional ? 'optional' : '', t.collection ? 'collection' : ''].filter(Boolean).join(', ');
    out.push(`    ${t.role.padEnd(6)} ${t.name.padEnd(12)} ${t.signature}${flags ? ` (${flags})` : ''}`);
  }
  out.push('  bindings');
  if (i.bindings.length === 0) out.push('    (no client interfaces)');
  for (const b of i.bindings) out.push(`    ${b.client} -> ${b.server ?? '(unbound)'}`);
  if (i.boundBy.length > 0) {
    out.push('  bound by');
    for (const b of i.boundBy) out.push(`    ${b.client} -> ${b.server}`);
  }
  const attrs = Object.entries(i.attributes);
  out.push(`  attributes${i.attributeSignature ? ` (${i.attributeSignature})` : ''}`);
  if (attrs.length === 0) out.push('    (none)');
  for (const [k, v] of attrs) out.push(`    ${k} = ${String(v)}`);
  out.push(`  counters        threads ${i.threads}, held calls ${i.held}, in-flight calls ${i.inFlight}`);
  return out;
}

export function renderPs(list: readonly ProcessView[]): string[] {
  if (list.length === 0) return ['(no processes)'];
  const rows = [...list]
    .sort((a, b) => a.pid - b.pid)
    .map((p) => [String(p.pid), String(p.ppid), p.state, num(p.cycles), String(p.pages), String(p.fds), p.waiting ?? '-', p.argv.join(' ')]);
  return table(['PID', 'PPID', 'STATE', 'CYCLES', 'PAGES', 'FDS', 'WAITING', 'COMMAND'], rows);
}

export function renderTop(stats: string[], snap: SchedulerSnapshot, list: readonly ProcessView[]): string[] {
  const out = [...stats];
  out.push(`scheduler ${snap.policy}: running ${snap.running < 0 ? '-' : snap.running}, run queue [${snap.queue.join(' ')}]`);
  const names = new Map(list.map((p) => [p.pid, p.argv.join(' ')]));
  const infoKeys = [...new Set(snap.processes.flatMap((p) => Object.keys(p.info)))].sort();
  const rows = [...snap.processes]
    .sort((a, b) => b.runtime - a.runtime || a.pid - b.pid)
    .map((p) => [String(p.pid), p.state, String(p.nice), num(p.runtime), ...infoKeys.map((k) => String(p.info[k] ?? '-')), names.get(p.pid) ?? '?']);
  if (rows.length === 0) out.push('(no processes known to the scheduler)');
  else out.push(...table(['PID', 'STATE', 'NICE', 'RUNTIME', ...infoKeys.map((k) => k.toUpperCase()), 'COMMAND'], rows));
  return out;
}

/** Machine figures since boot, and rates over the window since `since`. */
export function renderStats(now: Sample, boot: Sample, since: Sample, extra: { processes: number; guestBytes: number; paused: boolean; held: string | null }): string[] {
  const rate = (a: number, b: number, ms: number) => (ms > 0 ? (a - b) / (ms / 1000) : 0);
  const win = now.wallMs - since.wallMs;
  const up = now.wallMs - boot.wallMs;
  return [
    `machine  cycle ${num(now.cycle)}, ${num(now.instructions)} instructions, ${num(now.ticks)} timer ticks, ${num(now.syscalls)} system calls, ${extra.processes} processes, ${num(extra.guestBytes)} bytes of guest output`,
    win < 50 ? 'rates    (no time has passed since the last stats or top)' : `rates    ${(rate(now.instructions, since.instructions, win) / 1e6).toFixed(1)} MIPS, ${num(rate(now.syscalls, since.syscalls, win))} syscalls/s, ${num(rate(now.ticks, since.ticks, win))} ticks/s over the last ${(win / 1000).toFixed(1)} s wall`,
    `since boot ${(up / 1000).toFixed(1)} s wall, ${(rate(now.instructions, boot.instructions, up) / 1e6).toFixed(1)} MIPS on average${extra.paused ? '; PAUSED' : extra.held ? `; held: ${extra.held}` : ''}`,
  ];
}

export function renderEvent(e: ModelEvent): string {
  const parts = [`@${num(e.time)}`, e.kind, e.component];
  if (e.interface) parts.push(`itf=${e.interface}`);
  if (e.method) parts.push(`method=${e.method}`);
  if (e.server) parts.push(`-> ${e.server}`);
  if (e.held !== undefined) parts.push(`held=${e.held}`);
  return parts.join(' ');
}
