// With the kernel's signatures registered (components/index.ts), the kernel ADL files check clean
// against the real signature registry: every binding's server signature is the client's or a sub-signature.
import '../../components/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contents, signatures } from '../../bindings/index.js';
import { checkAdl, loadAdl } from '../../adl/index.js';

const C = join(import.meta.dirname, '../../components');
const VARIANTS = ['Kernel', 'KernelMlfq', 'KernelBuddy', 'KernelWriteBack'];

describe('kernel ADL against the real registries', () => {
  it('every binding is signature-compatible, every family signature is known', () => {
    for (const f of VARIANTS) expect(checkAdl(join(C, `${f}.fractal`)), f).toEqual([]);
    const g = loadAdl(join(C, 'Kernel.fractal')).graph;
    for (const c of g.components) {
      for (const i of c.interfaces.filter((x) => x.signature.startsWith('components.'))) {
        expect(signatures.has(i.signature), `${c.name}.${i.name}: ${i.signature}`).toBe(true);
      }
    }
  });

  it('every content class the kernel variants name is registered', () => {
    for (const f of VARIANTS) {
      for (const c of loadAdl(join(C, `${f}.fractal`)).graph.components) {
        expect(contents.has(c.content!), `${f}: ${c.name} → ${c.content}`).toBe(true);
      }
    }
  });
});
