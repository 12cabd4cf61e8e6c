// The small languages inside ADL attribute values: argument declarations ("a, b=default"),
// definition references with calls ("A, B(x, y)", "C(name=>value)") and ${arg} substitution.
import type { Attr } from './ast.js';
import type { Diagnostics, SourcePos } from './errors.js';

export interface ArgumentDecl {
  name: string;
  default?: string;
  pos: SourcePos;
}

/** One reference in an `extends` or `definition` list: a dotted name and its call arguments. */
export interface DefinitionRef {
  name: string;
  /** Positional arguments, in order. */
  positional: string[];
  /** Named arguments (`name=>value` or `name=value`). */
  named: Map<string, string>;
  pos: SourcePos;
}

const IDENT = /^[A-Za-z_][\w.-]*$/;

/** Position of the character at `offset` in an attribute value (values are single-line in practice). */
export function posIn(attr: Attr, offset: number): SourcePos {
  const before = attr.value.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  if (nl < 0) return { ...attr.valuePos, column: attr.valuePos.column + offset };
  const lines = before.split('\n').length - 1;
  return { file: attr.valuePos.file, line: attr.valuePos.line + lines, column: offset - nl };
}

/** Splits on commas that are not inside parentheses; returns each part with its start offset. */
function splitTopLevel(s: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if ((ch === ',' && depth === 0) || i === s.length) {
      const raw = s.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      parts.push({ text: raw.trim(), offset: start + lead });
      start = i + 1;
    }
  }
  return parts;
}

export function parseArgumentDecls(attr: Attr, diags: Diagnostics): ArgumentDecl[] {
  const decls: ArgumentDecl[] = [];
  if (attr.value.trim() === '') return decls;
  for (const part of splitTopLevel(attr.value)) {
    const pos = posIn(attr, part.offset);
    const eq = part.text.indexOf('=');
    const name = (eq < 0 ? part.text : part.text.slice(0, eq)).trim();
    if (!IDENT.test(name)) {
      diags.add('bad-value', pos, `bad argument declaration '${part.text}': expected 'name' or 'name=default'`);
      continue;
    }
    if (decls.some((d) => d.name === name)) {
      diags.add('duplicate', pos, `argument '${name}' is declared twice`);
      continue;
    }
    decls.push(eq < 0 ? { name, pos } : { name, default: part.text.slice(eq + 1).trim(), pos });
  }
  return decls;
}

/** Parses "A, B(x, y), C(n=>v)". Returns undefined entries for parts that are malformed. */
export function parseDefinitionRefs(attr: Attr, diags: Diagnostics): DefinitionRef[] {
  const refs: DefinitionRef[] = [];
  for (const part of splitTopLevel(attr.value)) {
    const pos = posIn(attr, part.offset);
    const m = /^([^()\s]+)\s*(?:\((.*)\))?$/s.exec(part.text);
    if (!m || !m[1]) {
      diags.add('bad-call', pos, `bad definition reference '${part.text}': expected 'a.b.Name' or 'a.b.Name(arg, ...)'`);
      continue;
    }
    const ref: DefinitionRef = { name: m[1], positional: [], named: new Map(), pos };
    if (m[2] !== undefined && m[2].trim() !== '') {
      const argsOffset = part.offset + part.text.indexOf('(') + 1;
      for (const a of splitTopLevel(m[2])) {
        const named = /^([A-Za-z_][\w.-]*)\s*=>?\s*(.*)$/s.exec(a.text);
        if (named && named[1]) {
          if (ref.named.has(named[1])) {
            diags.add('duplicate', posIn(attr, argsOffset + a.offset), `argument '${named[1]}' is given twice`);
          }
          ref.named.set(named[1], named[2]!.trim());
        } else if (ref.named.size > 0) {
          diags.add('bad-call', posIn(attr, argsOffset + a.offset), `positional argument '${a.text}' after named arguments: expected 'name=>value'`);
        } else ref.positional.push(a.text);
      }
    }
    refs.push(ref);
  }
  return refs;
}

/** Replaces every ${name} in the value; unknown names are reported and left as written. */
export function substitute(attr: Attr, env: ReadonlyMap<string, string>, diags: Diagnostics): Attr {
  if (!attr.value.includes('${')) return attr;
  const value = attr.value.replace(/\$\{([^}]*)\}/g, (whole, name: string, offset: number) => {
    const v = env.get(name.trim());
    if (v !== undefined) return v;
    const known = [...env.keys()];
    diags.add(
      'unknown-argument',
      posIn(attr, offset),
      `unknown argument '\${${name}}': expected ${known.length ? 'one of ' + known.map((k) => `'${k}'`).join(', ') : 'no ${...} here (the definition declares no arguments)'}`,
    );
    return whole;
  });
  return { ...attr, value };
}
