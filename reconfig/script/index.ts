// Scripts: parse (parser.ts), plan (plan.ts), then run each step through the engine — a statement is one
// atomic step, a `transaction { ... }` block is one atomic step; the script stops at the first step that
// rolls back, and the result lists what committed before it.

import type { ReconfigurationEngine, SwapOptions } from '../engine.js';
import type { SwapRecord } from '../record.js';
import { parseScript } from './parser.js';
import { planScript, type ScriptContext, type ScriptStep } from './plan.js';

export { parseScript, ACTIONS, type Statement, type ActionStmt, type Arg, type PathStep, type Pos } from './parser.js';
export { planScript, type ScriptContext, type ScriptStep } from './plan.js';
export { tokenize } from './lexer.js';

export interface ScriptResult {
  readonly ok: boolean;
  readonly steps: readonly ScriptStep[];
  /** One record per step that ran (the last is the failed one when !ok). */
  readonly records: readonly SwapRecord[];
}

export async function runScript(engine: ReconfigurationEngine, text: string, ctx: ScriptContext, options: SwapOptions = {}): Promise<ScriptResult> {
  const steps = planScript(parseScript(text), ctx);
  const records: SwapRecord[] = [];
  for (const s of steps) {
    const single = !s.transaction && s.actions.length === 1 && s.actions[0]!.op === 'replace';
    const r = await engine.transaction(s.actions, s.probation === undefined ? options : { ...options, probation: s.probation }, single ? 'replace' : 'transaction');
    records.push(r);
    if (r.outcome !== 'committed') return { ok: false, steps, records };
  }
  return { ok: true, steps, records };
}
