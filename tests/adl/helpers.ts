// Test helpers: write a tree of ADL files into a fresh temporary directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkAdl, formatDiagnostic, type LoadOptions } from '../../adl/index.js';

/** Writes `files` (relative path → text) under a new temp dir and returns the dir. */
export function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-adl-'));
  for (const [rel, text] of Object.entries(files)) {
    const f = join(dir, rel);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, text);
  }
  return dir;
}

/** Diagnostics of a file as `relative/file:line:col: message` strings. */
export function errorsOf(dir: string, rel: string, opts: LoadOptions = {}): string[] {
  return checkAdl(join(dir, rel), opts).map((d) => formatDiagnostic(d).split(dir + '/').join(''));
}

export const HEADER = '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE definition PUBLIC "-//objectweb.org//DTD Fractal ADL 2.0//EN" "classpath://org/objectweb/fractal/adl/xml/standard.dtd">\n';
