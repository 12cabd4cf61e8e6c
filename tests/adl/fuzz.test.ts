// Fuzz: mutations of valid ADL files never make the tool chain throw anything but positioned
// diagnostics — every run ends in either a graph or a list of file:line:column errors.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAdl, loadAdl, parseAdl } from '../../adl/index.js';

const SRC = join(import.meta.dirname, '../../components');
const FILES = ['Kernel', 'KernelMlfq', 'KernelBuddy', 'SchedulerType', 'AllocatorType', 'FileSystemType', 'ProcessManagerType', 'SyscallType'];

const dir = mkdtempSync(join(tmpdir(), 'tessera-adl-fuzz-'));
mkdirSync(join(dir, 'components'));
for (const f of FILES) copyFileSync(join(SRC, `${f}.fractal`), join(dir, 'components', `${f}.fractal`));
const originals = new Map(FILES.map((f) => [f, readFileSync(join(SRC, `${f}.fractal`), 'utf8')]));

const SNIPPETS = ['<', '>', '/>', '</definition>', '"', "'", '=', '${', '}', '${scheduler}', '(', ')', ',', '.', 'this.', '&amp;', '&bogus;', '<!--', '-->',
  '<component name="x"/>', '<interface name="x"/>', '<binding client="a.b" server="c.d"/>', 'extends="components.Kernel"', ' role="nope"', '\n', ' ', '\u00e9', '\u0000'];

type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'replace-value'; nth: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('replace-value' as const), nth: fc.nat(), text: fc.oneof(fc.constantFrom('', 'client', 'server', 'optional', 'collection', 'components.Nope', 'this.x', 'Kernel(', '${x}', './scheduler', '.'), fc.string({ maxLength: 6 })) }),
);

function apply(text: string, m: Mutation): string {
  const at = text.length ? m.kind === 'replace-value' ? 0 : (m as { at: number }).at % text.length : 0;
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
    case 'replace-value': {
      const values = [...text.matchAll(/="([^"]*)"/g)];
      if (!values.length) return text;
      const v = values[m.nth % values.length]!;
      const start = v.index! + 2;
      return text.slice(0, start) + m.text.replace(/"/g, '') + text.slice(start + v[1]!.length);
    }
  }
}

describe('ADL fuzz', () => {
  it('mutated kernel files give a graph or positioned errors, never an exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (name, ms) => {
        const file = join(dir, 'components', `${name}.fractal`);
        const text = ms.reduce(apply, originals.get(name)!);
        writeFileSync(file, text);
        try {
          const ds = checkAdl(join(dir, 'components', 'KernelMlfq.fractal'));
          if (ds.length === 0) {
            expect(loadAdl(join(dir, 'components', 'KernelMlfq.fractal')).graph.name).toBe('kernelMlfq');
          }
          for (const d of ds) {
            expect(d.pos.file).toMatch(/\.fractal$/);
            expect(d.pos.line).toBeGreaterThanOrEqual(1);
            expect(d.pos.column).toBeGreaterThanOrEqual(1);
            expect(d.message.length).toBeGreaterThan(10);
          }
        } finally {
          writeFileSync(file, originals.get(name)!);
        }
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it('the parser turns any token soup into a tree or positioned errors', () => {
    const token = fc.oneof(fc.constantFrom(...SNIPPETS, '<definition name="a.B">', '<interface name="i" role="server" signature="S"/>', '<content class="C"/>', '<attributes>', '</attributes>', '<attribute name="n" value="v"/>', '<!DOCTYPE definition SYSTEM "x.dtd">', '<?xml version="1.0"?>'), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        const text = tokens.join('');
        const lines = text.split('\n').length;
        const r = parseAdl(text, 'soup.fractal');
        for (const d of r.diagnostics.list) {
          expect(d.pos.line).toBeGreaterThanOrEqual(1);
          expect(d.pos.line).toBeLessThanOrEqual(lines + 1);
          expect(d.pos.column).toBeGreaterThanOrEqual(1);
        }
        if (r.diagnostics.list.length === 0) expect(r.definition).toBeDefined();
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
