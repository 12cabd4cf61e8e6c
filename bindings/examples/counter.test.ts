import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExample } from './counter.js';

describe('docs example (bindings/examples/counter.ts)', () => {
  it('runs: calls through an exported interface, attribute change, in-place swap with state transfer and a held call', async () => {
    const { values, lines } = await runExample();
    expect(values).toEqual([2, 4, 14, 24]);
    expect(lines).toEqual(['count=2', 'count=4', 'count=14', 'COUNT=24!']);
  });

  it('is the example printed in docs/component-model.md, verbatim', () => {
    const doc = readFileSync(new URL('../../docs/component-model.md', import.meta.url), 'utf8');
    const code = readFileSync(new URL('./counter.ts', import.meta.url), 'utf8');
    expect(doc).toContain(code.trim());
  });
});
