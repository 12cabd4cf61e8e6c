// Round trip ADL → graph → JSON, and the DOT and SVG renderings.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdl, toDot, toJson, toSvg, toTree } from '../../adl/index.js';

const ROOT = join(import.meta.dirname, '../..');
const FIX = join(import.meta.dirname, 'fixtures/fractal');

describe('structural graph', () => {
  it('has exactly the DESIGN.md JSON shape, recursively, and survives a JSON round trip', () => {
    const g = loadAdl(join(ROOT, 'components/Kernel.fractal')).graph;
    const back = JSON.parse(toJson(g));
    expect(back).toEqual(g);
    const keys = ['name', 'definition', 'kind', 'content', 'controller', 'interfaces', 'attributes', 'components', 'bindings'];
    const visit = (n: Record<string, unknown>) => {
      expect(Object.keys(n)).toEqual(keys);
      for (const i of n.interfaces as Record<string, unknown>[]) expect(Object.keys(i)).toEqual(['name', 'role', 'signature', 'contingency', 'cardinality']);
      for (const b of n.bindings as Record<string, unknown>[]) expect(Object.keys(b)).toEqual(['client', 'server']);
      for (const c of n.components as Record<string, unknown>[]) visit(c);
    };
    visit(back);
    expect(back).toMatchObject({ name: 'kernel', definition: 'components.Kernel', kind: 'composite', content: null, controller: 'composite', attributes: {} });
    expect(back.interfaces.find((i: { name: string }) => i.name === 'console')).toEqual({ name: 'console', role: 'client', signature: 'machine.Console', contingency: 'mandatory', cardinality: 'singleton' });
  });

  it('prints a readable tree', () => {
    const t = toTree(loadAdl(join(FIX, 'helloworld/ClientServerImpl.fractal')).graph);
    expect(t).toBe(`clientServerImpl (composite, definition helloworld.ClientServerImpl)
  > server r: helloworld.Main
  - this.r -> client.r
  - client.s -> server.s
  client (primitive, content helloworld.ClientImpl, definition helloworld.ClientImpl)
    > server r: helloworld.Main
    < client s: helloworld.Service
  server (primitive, content helloworld.ServerImpl, definition helloworld.ServerImpl)
    > server s: helloworld.Service
    @ header = "-> "
    @ count = "1"
`);
  });

  it('DOT: composites are clusters, edges go client → server labelled with interface names', () => {
    const dot = toDot(loadAdl(join(FIX, 'comanche/Comanche.fractal')).graph);
    expect(dot.startsWith('digraph "comanche.Comanche" {')).toBe(true);
    expect(dot.match(/subgraph "cluster_\d+"/g)).toHaveLength(4); // comanche, fe, be, be/rh
    expect(dot).toContain('label="fe\\ncomanche.Frontend"');
    expect(dot).toContain('"comanche/fe/rr" [label="rr\\ncomanche.RequestReceiver"];');
    expect(dot).toContain('"comanche/fe/rr" -> "comanche/fe/s" [label="s"];');
    expect(dot).toContain('"comanche/be/rh/rd" -> "comanche/be/rh/frh" [label="h0 → rh"];');
    expect(dot).toContain('"comanche#r" -> "comanche/fe#r" [label="r"];');
    expect(dot).toContain('"comanche/fe#rh" -> "comanche/be#rh" [label="rh"];');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('SVG: renders the kernel in-process', async () => {
    const svg = await toSvg(loadAdl(join(ROOT, 'components/Kernel.fractal')).graph);
    expect(svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    for (const name of ['scheduler', 'allocator', 'filesystem', 'process', 'syscall', 'console', 'disk', 'requests']) {
      expect(svg).toContain(`>${name}</text>`);
    }
  });
});
