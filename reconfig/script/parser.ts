// The reconfiguration script language, after FScript (Fractal's reconfiguration language):
//
//   script      := statement* EOF
//   statement   := action ';'? | 'transaction' '{' (action ';'?)* '}' ';'?
//   action      := NAME '(' (arg (',' arg)*)? ')'
//   arg         := path | STRING | NUMBER
//   path        := '$' NAME ('/' step)*                     -- FPath-like selection
//   step        := (AXIS '::')? NAME                        -- AXIS: child (default), interface, internal-interface
//   comments    := '--' or '#' to the end of the line
//
// Actions: replace(c, "impl"), bind(client-itf, server-itf), unbind(client-itf), start(c), stop(c),
// set-value(c, "attr", value), add(parent, "definition" [, "name"]), remove(parent, child).
// Parsing checks the shape (action names, argument count and kinds); planning (plan.ts) resolves paths.

import { ScriptError } from '../errors.js';
import { tokenize, type Token } from './lexer.js';

export interface Pos { readonly line: number; readonly column: number }

export type Axis = 'child' | 'interface' | 'internal-interface';

export interface PathStep { readonly axis: Axis; readonly name: string; readonly pos: Pos }

export type Arg =
  | { readonly kind: 'path'; readonly variable: string; readonly steps: readonly PathStep[]; readonly pos: Pos }
  | { readonly kind: 'string'; readonly value: string; readonly pos: Pos }
  | { readonly kind: 'number'; readonly value: number; readonly pos: Pos };

export interface ActionStmt { readonly kind: 'action'; readonly name: ActionName; readonly args: readonly Arg[]; readonly pos: Pos }
export interface TransactionStmt { readonly kind: 'transaction'; readonly body: readonly ActionStmt[]; readonly pos: Pos }
export type Statement = ActionStmt | TransactionStmt;

/**
 * Argument kinds per action: c = component path, i = interface path, s = string, v = string or number,
 * n = number; '?' optional. replace's number is its probation (calls; 0: none).
 */
export const ACTIONS = {
  replace: ['c', 's', 'n?'],
  bind: ['i', 'i'],
  unbind: ['i'],
  start: ['c'],
  stop: ['c'],
  'set-value': ['c', 's', 'v'],
  add: ['c', 's', 's?'],
  remove: ['c', 'c'],
} as const;
export type ActionName = keyof typeof ACTIONS;

const AXES: readonly Axis[] = ['child', 'interface', 'internal-interface'];

export function parseScript(src: string): Statement[] {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i]!;
  const next = () => toks[i++]!;
  const fail = (t: Token, expected: string): never => {
    throw new ScriptError(t.line, t.column, `expected ${expected}, found ${t.kind === 'eof' ? 'end of script' : `'${t.text}'`}`);
  };
  const expect = (kind: Token['kind'], what: string) => (peek().kind === kind ? next() : fail(peek(), what));
  const pos = (t: Token): Pos => ({ line: t.line, column: t.column });

  const parsePath = (v: Token): Arg => {
    const steps: PathStep[] = [];
    while (peek().kind === '/') {
      next();
      const n = expect('name', "a component or interface name after '/'");
      if (peek().kind === '::') {
        next();
        if (!AXES.includes(n.text as Axis)) throw new ScriptError(n.line, n.column, `unknown axis '${n.text}': expected one of ${AXES.join(', ')}`);
        const m = expect('name', `a name after '${n.text}::'`);
        steps.push({ axis: n.text as Axis, name: m.text, pos: pos(m) });
      } else steps.push({ axis: 'child', name: n.text, pos: pos(n) });
    }
    return { kind: 'path', variable: v.text, steps, pos: pos(v) };
  };

  const parseArg = (): Arg => {
    const t = next();
    if (t.kind === 'var') return parsePath(t);
    if (t.kind === 'string') return { kind: 'string', value: t.text, pos: pos(t) };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text), pos: pos(t) };
    return fail(t, 'an argument: a path ($kernel/...), a "string" or a number');
  };

  const parseAction = (): ActionStmt => {
    const n = expect('name', `an action (${Object.keys(ACTIONS).join(', ')}) or 'transaction'`);
    if (!(n.text in ACTIONS)) throw new ScriptError(n.line, n.column, `unknown action '${n.text}': expected one of ${Object.keys(ACTIONS).join(', ')}, or 'transaction'`);
    const name = n.text as ActionName;
    expect('(', `'(' after '${name}'`);
    const args: Arg[] = [];
    if (peek().kind !== ')') {
      args.push(parseArg());
      while (peek().kind === ',') {
        next();
        args.push(parseArg());
      }
    }
    const close = expect(')', `',' or ')' in the arguments of '${name}'`);
    checkArgs(name, args, pos(n), pos(close));
    if (peek().kind === ';') next();
    return { kind: 'action', name, args, pos: pos(n) };
  };

  const out: Statement[] = [];
  while (peek().kind !== 'eof') {
    if (peek().kind === 'name' && peek().text === 'transaction') {
      const t = next();
      expect('{', "'{' after 'transaction'");
      const body: ActionStmt[] = [];
      while (peek().kind !== '}') {
        if (peek().kind === 'eof') fail(peek(), "an action or '}' closing the transaction");
        if (peek().kind === 'name' && peek().text === 'transaction') throw new ScriptError(peek().line, peek().column, 'transactions do not nest: expected an action or \'}\'');
        body.push(parseAction());
      }
      next();
      if (peek().kind === ';') next();
      out.push({ kind: 'transaction', body, pos: pos(t) });
    } else out.push(parseAction());
  }
  return out;
}

function checkArgs(name: ActionName, args: Arg[], at: Pos, close: Pos): void {
  const kinds = ACTIONS[name] as readonly string[];
  const required = kinds.filter((k) => !k.endsWith('?')).length;
  const usage = `${name}(${kinds.map((k) => ({ c: 'component', i: 'interface', s: '"string"', v: 'value', 's?': '["string"]', 'n?': '[probation calls]' })[k]).join(', ')})`;
  if (args.length < required || args.length > kinds.length) {
    const p = args.length > kinds.length ? args[kinds.length]!.pos : close;
    throw new ScriptError(p.line, p.column, `${name} takes ${required === kinds.length ? required : `${required} to ${kinds.length}`} argument(s), got ${args.length}: expected ${usage}`);
  }
  args.forEach((a, k) => {
    const want = kinds[k]!.replace('?', '');
    const ok = want === 'c' || want === 'i' ? a.kind === 'path' : want === 's' ? a.kind === 'string' : want === 'n' ? a.kind === 'number' : a.kind !== 'path';
    if (!ok) {
      const what = { c: 'a component path ($kernel/...)', i: 'an interface path ($kernel/c/interface::name)', s: 'a "string"', v: 'a "string" or a number', n: 'a number' }[want];
      throw new ScriptError(a.pos.line, a.pos.column, `argument ${k + 1} of ${name}: expected ${what}; usage ${usage}`);
    }
  });
  void at;
}
