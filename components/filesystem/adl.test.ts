// The family's .fractal definitions load, check clean, and name the content classes that exist.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdl, loadAdl } from '../../adl/index.js';
import { contents } from '../../bindings/index.js';
import { IMPLEMENTATIONS } from './index.js';

describe('filesystem ADL definitions', () => {
  it.each(Object.entries(IMPLEMENTATIONS))('%s -> %s', (_user, content) => {
    const file = join(import.meta.dirname, `${content.split('.').pop()}.fractal`);
    expect(checkAdl(file)).toEqual([]);
    const g = loadAdl(file).graph;
    expect(g.content).toBe(content);
    expect(contents.has(content)).toBe(true);
    expect(g.interfaces.map((i) => `${i.role} ${i.name}: ${i.signature}`)).toEqual([
      'server filesystem: components.filesystem.FileSystem',
      'client disk: machine.BlockDisk',
    ]);
    expect(Number(g.attributes.cacheBlocks)).toBeGreaterThanOrEqual(16);
  });
});
