// Tokens of the reconfiguration script language (see parser.ts for the grammar). Positions are
// 1-based line:column of a token's first character.

import { ScriptError } from '../errors.js';

export type TokenKind = 'name' | 'var' | 'string' | 'number' | '(' | ')' | ',' | ';' | '{' | '}' | '/' | '::' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NUMBER = /-?[0-9]+(\.[0-9]+)?/y;

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (src[i] === '\n') { line++; col = 1; } else col++;
      i++;
    }
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') { advance(1); continue; }
    if (ch === '#' || (ch === '-' && src[i + 1] === '-')) {
      while (i < src.length && src[i] !== '\n') advance(1);
      continue;
    }
    const at = { line, column: col };
    if (ch === ':' && src[i + 1] === ':') { out.push({ kind: '::', text: '::', ...at }); advance(2); continue; }
    if ('(),;{}/'.includes(ch)) { out.push({ kind: ch as TokenKind, text: ch, ...at }); advance(1); continue; }
    if (ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new ScriptError(at.line, at.column, 'unterminated string: expected a closing " on the same line');
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else value += src[j++];
      }
      if (j >= src.length) throw new ScriptError(at.line, at.column, 'unterminated string: expected a closing "');
      out.push({ kind: 'string', text: value, ...at });
      advance(j + 1 - i);
      continue;
    }
    if (ch === '$') {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(src);
      if (!m) throw new ScriptError(at.line, at.column, "expected a variable name after '$' (e.g. $kernel)");
      out.push({ kind: 'var', text: m[0], ...at });
      advance(1 + m[0].length);
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[0-9-]/.test(ch) ? NUMBER.exec(src) : null;
    if (num) { out.push({ kind: 'number', text: num[0], ...at }); advance(num[0].length); continue; }
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (m) { out.push({ kind: 'name', text: m[0], ...at }); advance(m[0].length); continue; }
    throw new ScriptError(at.line, at.column, `unexpected character '${ch}': expected an action, a path ($var/...), a string or a number`);
  }
  out.push({ kind: 'eof', text: '', line, column: col });
  return out;
}
