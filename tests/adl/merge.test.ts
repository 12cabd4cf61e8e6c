// extends merging of bindings, as properties: the later body's bindings of a client replace all
// the earlier body's bindings of that client; other clients keep theirs; order is stable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attr, BindingAst, BodyAst } from '../../adl/ast.js';
import { emptyBody } from '../../adl/ast.js';
import { mergeBodies } from '../../adl/merge.js';

const pos = { file: 'M.fractal', line: 1, column: 1 };
const attr = (value: string): Attr => ({ value, pos, valuePos: pos });
const binding = ([client, server]: [string, string]): BindingAst => ({ pos, client: attr(client), server: attr(server) });
const body = (pairs: Array<[string, string]>): BodyAst => ({ ...emptyBody(), bindings: pairs.map(binding) });
const pairsOf = (b: BodyAst) => b.bindings.map((x) => [x.client.value, x.server.value] as [string, string]);

const pair = fc.tuple(fc.constantFrom('a.c', 'a.d', 'b.c', 'this.s'), fc.constantFrom('x.s', 'y.s', 'z.s', 'this.c'));
const pairs = fc.array(pair, { maxLength: 8 });

describe('ADL extends merging: bindings', () => {
  it('a client of the later body has exactly the later servers; any other client keeps the earlier ones', () => {
    fc.assert(
      fc.property(pairs, pairs, (base, over) => {
        const merged = pairsOf(mergeBodies([body(base), body(over)]));
        const overClients = new Set(over.map(([c]) => c));
        for (const c of new Set([...base, ...over].map(([cl]) => cl))) {
          const servers = merged.filter(([cl]) => cl === c).map(([, s]) => s);
          const expected = (overClients.has(c) ? over : base).filter(([cl]) => cl === c).map(([, s]) => s);
          expect(servers).toEqual(expected);
        }
        // nothing else appears
        expect(merged.length).toBe(base.filter(([c]) => !overClients.has(c)).length + over.length);
      }),
      { numRuns: 300 },
    );
  });

  it('clients keep the place of their first inherited binding; new clients come after, in order', () => {
    fc.assert(
      fc.property(pairs, pairs, (base, over) => {
        const merged = pairsOf(mergeBodies([body(base), body(over)]));
        const firstOrder = (ps: Array<[string, string]>) => [...new Set(ps.map(([c]) => c))];
        const baseClients = firstOrder(base);
        const expectedOrder = [...baseClients, ...firstOrder(over).filter((c) => !baseClients.includes(c))];
        expect(firstOrder(merged)).toEqual(expectedOrder);
      }),
      { numRuns: 300 },
    );
  });

  it('merging with an empty body changes nothing', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        expect(pairsOf(mergeBodies([body(ps), emptyBody()]))).toEqual(ps);
        expect(pairsOf(mergeBodies([emptyBody(), body(ps)]))).toEqual(ps);
      }),
    );
  });
});
