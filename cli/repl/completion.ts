// Tab completion: the word under the cursor is completed from what the command table says that
// argument is — a command name, a component path, an implementation of the component named before it,
// a client or server interface (COMPONENT.ITF), an attribute, a guest program, a pid or a host file.
// `complete` is a pure function of the line and a CompletionSource, so it is unit-tested without a TTY.
import { readdirSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { Component } from '../../bindings/index.js';
import type { TesseraSystem } from '../../boot/system.js';
import { IMPLEMENTATIONS } from '../../components/index.js';
import { guestPrograms } from '../workload.js';
import { COMMANDS, commandNames, words, type ArgKind } from './commands.js';
import { allPaths, attributesOf, interfacesOf, normalizePath, resolve } from './model.js';

export interface CompletionSource {
  paths(): string[];
  implementations(path: string): string[];
  /** Interface names of the component at `path` with that role ("" is the kernel composite). */
  interfaces(path: string, role: 'client' | 'server'): string[];
  attributes(path: string): string[];
  programs(): string[];
  pids(): number[];
  /** Host file names for a partial path. */
  files(partial: string): string[];
}

/** Completions of `line` (the text before the cursor): [candidates, the word they replace]. */
export function complete(line: string, src: CompletionSource): [string[], string] {
  const endsWithSpace = /\s$/.test(line) || line === '';
  const ws = words(line);
  const current = endsWithSpace ? '' : (ws.pop() ?? '');
  if (ws.length === 0) return [finish(match(commandNames().filter((n) => !n.startsWith('.') || current.startsWith('.')), current)), current];
  const cmd = COMMANDS.find((c) => c.name === ws[0] || c.aliases?.includes(ws[0]!));
  if (!cmd) return [[], current];
  const index = ws.length - 1;
  const kind: ArgKind | undefined = cmd.args[Math.min(index, cmd.args.length - 1)];
  if (kind === undefined || (index >= cmd.args.length && cmd.max !== Infinity)) return [[], current];
  const prev = ws[1] ?? '';
  return [finish(match(candidates(kind, prev, current, src), current)), current];
}

/** A single candidate is the whole word: a space after it, so the next word can follow (not after a directory). */
function finish(cands: string[]): string[] {
  return cands.length === 1 && !cands[0]!.endsWith('/') ? [`${cands[0]} `] : cands;
}

function candidates(kind: ArgKind, firstArg: string, current: string, src: CompletionSource): string[] {
  switch (kind) {
    case 'command':
      return COMMANDS.map((c) => c.name);
    case 'path':
      return src.paths().filter((p) => p !== '');
    case 'impl':
      return src.implementations(normalizePath(firstArg));
    case 'client-itf':
    case 'server-itf': {
      const role = kind === 'client-itf' ? 'client' : 'server';
      const out: string[] = [];
      for (const p of src.paths()) {
        if (p === '') {
          // The kernel's own ends, as ADL writes them: its server interfaces are internal clients, and vice versa.
          for (const i of src.interfaces('', role === 'client' ? 'server' : 'client')) out.push(`this.${i}`);
        } else for (const i of src.interfaces(p, role)) out.push(`${p}.${i}`);
      }
      return out;
    }
    case 'attr':
      return src.attributes(normalizePath(firstArg));
    case 'program':
      return src.programs();
    case 'pid':
      return src.pids().map(String);
    case 'file':
      return src.files(current);
    case 'on-off':
      return ['on', 'off'];
    case 'text':
      return [];
  }
}

function match(cands: string[], prefix: string): string[] {
  return [...new Set(cands.filter((c) => c.startsWith(prefix)))].sort();
}

/** Completion from a running system. */
export function systemSource(system: TesseraSystem): CompletionSource {
  const root = (): Component => system.kernel;
  const safe = <T>(f: () => T, dflt: T): T => {
    try {
      return f();
    } catch {
      return dflt;
    }
  };
  return {
    paths: () => allPaths(root()),
    implementations: (path) => Object.keys(IMPLEMENTATIONS[path] ?? {}),
    interfaces: (path, role) => safe(() => interfacesOf(resolve(root(), path)).filter((i) => i.role === role).map((i) => i.name), []),
    attributes: (path) => safe(() => Object.keys(attributesOf(resolve(root(), path)).values), []),
    programs: () => guestPrograms(),
    pids: () => system.process.list().map((p) => p.pid),
    files: hostFiles,
  };
}

/** Host paths completing `partial` (directories get a trailing slash). */
export function hostFiles(partial: string): string[] {
  const dir = partial === '' || partial.endsWith('/') ? partial || '.' : dirname(partial);
  const stem = partial.endsWith('/') ? '' : basename(partial);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const prefix = partial.endsWith('/') ? partial : dir === '.' && !partial.startsWith('./') ? '' : `${dir}/`;
  return names
    .filter((n) => n.startsWith(stem) && (!n.startsWith('.') || stem.startsWith('.')))
    .map((n) => {
      const full = `${prefix}${n}`;
      return safeIsDir(join(dir, n)) ? `${full}/` : full;
    });
}

function safeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

