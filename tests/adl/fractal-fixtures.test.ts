// Real Fractal ADL files (see fixtures/fractal/README.md) parse and show their structure,
// though their Java signatures and content classes do not exist in Tessera.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdl, diff, findNode, formatActions, loadAdl, type GraphNode } from '../../adl/index.js';

const FIX = join(import.meta.dirname, 'fixtures/fractal');
const names = (n: GraphNode) => n.components.map((c) => c.name);

describe('real Fractal ADL files', () => {
  it('Comanche: the tutorial web server, composites three deep, a collection interface', () => {
    const m = loadAdl(join(FIX, 'comanche/Comanche.fractal'));
    const g = m.graph;
    expect(g).toMatchObject({ name: 'comanche', definition: 'comanche.Comanche', kind: 'composite', content: null, controller: 'composite' });
    expect(g.interfaces).toEqual([{ name: 'r', role: 'server', signature: 'java.lang.Runnable', contingency: 'mandatory', cardinality: 'singleton' }]);
    expect(names(g)).toEqual(['fe', 'be']);
    expect(g.bindings).toEqual([
      { client: 'this.r', server: 'fe.r' },
      { client: 'fe.rh', server: 'be.rh' },
    ]);
    expect(names(findNode(g, 'fe')!)).toEqual(['rr', 's']);
    expect(names(findNode(g, 'be')!)).toEqual(['ra', 'rh', 'l']);
    expect(names(findNode(g, 'be/rh')!)).toEqual(['rd', 'frh', 'erh']);
    expect(findNode(g, 'fe/rr')).toMatchObject({ kind: 'primitive', content: 'comanche.RequestReceiver' });
    expect(findNode(g, 'be/rh/rd')!.interfaces.find((i) => i.name === 'h')).toMatchObject({ role: 'client', cardinality: 'collection' });
    expect(findNode(g, 'be/rh')!.bindings).toEqual([
      { client: 'this.rh', server: 'rd.rh' },
      { client: 'rd.h0', server: 'frh.rh' },
      { client: 'rd.h1', server: 'erh.rh' },
    ]);
    // Backend inherits its interface from comanche.HandlerType
    expect(findNode(g, 'be')!.interfaces.map((i) => `${i.role} ${i.name}: ${i.signature}`)).toEqual(['server rh: comanche.RequestHandler']);
    expect(m.files).toHaveLength(12);
  });

  it('HelloWorld (Fractal ADL tutorial): client and server with attributes', () => {
    const g = loadAdl(join(FIX, 'helloworld/ClientServerImpl.fractal')).graph;
    expect(names(g)).toEqual(['client', 'server']);
    expect(findNode(g, 'server')).toMatchObject({ content: 'helloworld.ServerImpl', controller: 'primitive', attributes: { header: '-> ', count: '1' } });
    expect(findNode(g, 'client')!.interfaces.map((i) => [i.name, i.role, i.signature])).toEqual([
      ['r', 'server', 'helloworld.Main'],
      ['s', 'client', 'helloworld.Service'],
    ]);
    const hw = loadAdl(join(FIX, 'helloworld/HelloWorld.fractal')).graph;
    expect(hw.interfaces[0]!.signature).toBe('java.lang.Runnable');
    expect(hw.bindings).toEqual([
      { client: 'this.r', server: 'client.r' },
      { client: 'client.s', server: 'server.s' },
    ]);
  });

  it('ProActive user-guide composite (proactive.dtd DOCTYPE, comments before the DOCTYPE)', () => {
    const f = join(FIX, 'org/objectweb/proactive/examples/userguide/components/adl/composite/adl/Composite.fractal');
    const g = loadAdl(f).graph;
    expect(names(g)).toEqual(['Master', 'Slave']);
    expect(g.controller).toBe('composite');
    expect(findNode(g, 'Master')).toMatchObject({ kind: 'primitive', controller: 'primitive', content: 'org.objectweb.proactive.examples.userguide.components.adl.composite.MasterImpl' });
    expect(g.bindings).toEqual([
      { client: 'this.runner', server: 'Master.runner' },
      { client: 'Master.i1', server: 'Slave.i1' },
    ]);
  });

  it('ProActive user guide, step by step: diff between the composite and the interfaces steps', () => {
    const ug = join(FIX, 'org/objectweb/proactive/examples/userguide/components/adl');
    const a = loadAdl(join(ug, 'composite/adl/Composite.fractal')).graph;
    const b = loadAdl(join(ug, 'interfaces/adl/Composite.fractal')).graph;
    expect(b.bindings).toContainEqual({ client: 'Master.i2', server: 'Slave.i2' });
    // The two steps use different Java packages, so even the root's type (its Runner signature)
    // differs: nothing can be kept, the whole architecture is replaced.
    const P = 'org.objectweb.proactive.examples.userguide.components.adl';
    expect(formatActions(diff(a, b))).toBe(`replace /: ${P}.composite.adl.Composite -> ${P}.interfaces.adl.Composite`);
    expect(diff(b, b)).toEqual([]);
  });

  it('every fixture file checks clean', () => {
    const files = [
      'comanche/Comanche.fractal',
      'comanche/Frontend.fractal',
      'comanche/Backend.fractal',
      'comanche/Handler.fractal',
      'helloworld/ClientImpl.fractal',
      'helloworld/ServerImpl.fractal',
      'helloworld/ClientServerImpl.fractal',
      'helloworld/HelloWorld.fractal',
    ];
    for (const f of files) expect(checkAdl(join(FIX, f)), f).toEqual([]);
  });
});
