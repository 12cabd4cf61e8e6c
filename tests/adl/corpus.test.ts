// The real-file corpus (fractal-corpus/README.md): every file parses, resolves through the
// search path its own definition name implies, and shows the structure its source describes.
// Files that extend definitions their source does not publish load in partial mode, and then
// exactly those definitions are reported missing. Expectations were read off the files by hand.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, checkAdl, findNode, isWarning, loadAdl, parseAdl, toDot, toTree, type AdlDiagnostic, type AdlError, type GraphNode } from '../../adl/index.js';

const CORPUS = join(import.meta.dirname, 'fractal-corpus');
const PA = 'ow2-proactive__programming/src';
const PETALS = 'chamerling__petals-dsb/distributions/dsb-distribution/src/main/packaging/fractal';
const ESB = 'chamerling__petals-dsb/forks/wsdm-monitoring/esb-kernel/esb-kernel-impl/src';
const KERNEL = `${ESB}/test/resources/org/ow2/petals/esb/kernel`;
const FSCRIPT = 'pcdavid__fscript/fscript/src/main/resources/org/objectweb/fractal/fscript';
const REPORTER = ['diagnostics:client', 'logger:client'];

interface Expect {
  /** Definitions the source does not publish: partial mode, reported as missing. */
  missing?: string[];
  /** path → 'name:role[/cardinality]' of each interface, in order. */
  interfaces: Record<string, string[]>;
  /** path → sub-component names. */
  components: Record<string, string[]>;
  /** path → number of bindings. */
  bindings: Record<string, number>;
  warnings?: number;
  /** number of files read to resolve it */
  files: number;
}

/** The names a list of diagnostics reports missing, sorted, once each. */
const missingNames = (ds: readonly AdlDiagnostic[]) =>
  [...new Set(ds.filter((d) => d.kind === 'missing-definition').map((d) => /no definition '([^']+)'/.exec(d.message)![1]!))].sort();

const itfs = (g: GraphNode) => g.interfaces.map((i) => `${i.name}:${i.role}${i.cardinality === 'singleton' ? '' : '/' + i.cardinality}`);

const CASES: Record<string, Expect> = {
  [`${PA}/Examples/org/objectweb/proactive/examples/components/c3d/adl/compositeOfDispRend.fractal`]: {
    interfaces: { '': ['dispatch:server'], dispatcher: ['user2dispatcher:server', 'dispatcher2engine:client/collection'], engine1: ['dispatcher2engine:server'] },
    components: { '': ['engine2', 'engine1', 'dispatcher'] },
    bindings: { '': 3, dispatcher: 0 },
    files: 3,
  },
  [`${PA}/Examples/org/objectweb/proactive/examples/components/c3d/adl/UserImpl.fractal`]: {
    interfaces: { '': ['user2dispatcher:client'] },
    components: { '': [] },
    bindings: { '': 0 },
    files: 1,
  },
  [`${PA}/Examples/org/objectweb/proactive/examples/components/helloworld/HelloWorld.fractal`]: {
    missing: ['org.objectweb.proactive.examples.components.helloworld.ClientType'],
    interfaces: { '': ['m:server'], server: ['s:server'], client: [] },
    components: { '': ['client', 'server'] },
    bindings: { '': 2 },
    files: 2,
  },
  [`${PA}/Examples/org/objectweb/proactive/examples/components/helloworld/helloworld-local-no-wrappers.fractal`]: {
    missing: ['org.objectweb.proactive.examples.components.helloworld.ClientType', 'org.objectweb.proactive.examples.components.helloworld.ServerType'],
    interfaces: { '': ['r:server'] },
    components: { '': ['client', 'server'] },
    bindings: { '': 2 },
    files: 3,
  },
  [`${PA}/Examples/org/objectweb/proactive/examples/pi/fractal/PiComputer.fractal`]: {
    missing: ['org.objectweb.proactive.examples.pi.fractal.PiComputerType'],
    interfaces: { '': [] },
    components: { '': [] },
    bindings: { '': 0 },
    files: 1,
  },
  [`${PA}/Examples/org/objectweb/proactive/examples/userguide/components/adl/multicast/adl/Composite.fractal`]: {
    interfaces: { '': ['runner:server'], Master: ['runner:server', 'i1:client/multicast', 'i2:client'], Slave2: ['i1:server', 'i2:server'] },
    components: { '': ['Master', 'Slave1', 'Slave2'] },
    bindings: { '': 4 },
    files: 3,
  },
  [`${PA}/Tests/functionalTests/component/deployment/adl/MessagePassingExample.fractal`]: {
    interfaces: {
      '': ['i1-multicast:server'],
      parallel: ['i1:server', 'i2:client'],
      'parallel/parallel-2': ['i1-multicast:server/multicast', 'i2:client'],
      'parallel/parallel-2/a2-3': ['i1:server', 'i2:client'],
      b2: ['i1:server'],
    },
    components: { '': ['b2', 'parallel'], parallel: ['parallel-2'], 'parallel/parallel-2': ['a2-2', 'a2-3', 'b1'] },
    bindings: { '': 2, parallel: 2, 'parallel/parallel-2': 4 },
    files: 6,
  },
  [`${PA}/Tests/functionalTests/component/monitoring/adl/CompositeMulticast.fractal`]: {
    interfaces: { '': ['service1:server/multicast', 'service2:server/multicast'], server2: ['service1:server', 'service2:server', 'service3:server/gathercast'] },
    components: { '': ['server1', 'server2'] },
    bindings: { '': 4 },
    files: 2,
  },
  [`${PA}/Tests/functionalTests/component/nonfunctional/adl/factory/adl/helloworld-wrappers.fractal`]: {
    interfaces: { '': ['r:server'], 'client-wrapper': ['r:server', 's:client'], 'client-wrapper/client': ['r:server', 's:client'], 'server-wrapper': ['s:server'] },
    components: { '': ['client-wrapper', 'server-wrapper'], 'client-wrapper': ['client'], 'server-wrapper': ['server'] },
    bindings: { '': 2, 'client-wrapper': 2, 'server-wrapper': 1 },
    // five non-functional membranes: the root's, the two wrappers', client's and server's
    warnings: 5,
    files: 6,
  },
  [`${PA}/Tests/functionalTests/component/nonfunctional/adl/factory/adl/nf/NFType.fractal`]: {
    interfaces: { '': ['service:server', 'ref:client'] },
    components: { '': [] },
    bindings: { '': 0 },
    files: 1,
  },
  [`${PA}/Tests/functionalTests/component/conformADL/components/CAttributesComposite.fractal`]: {
    interfaces: { '': [], dummy: [] },
    components: { '': ['dummy'] },
    bindings: { '': 0 },
    files: 1,
  },
  [`${PA}/Core/org/objectweb/proactive/core/component/adl/PAFactory.fractal`]: {
    // ProActive's own Fractal ADL tool chain, built on definitions of fractal-adl.jar
    missing: [
      'org.objectweb.fractal.adl.FactoryType',
      'org.objectweb.fractal.adl.BasicLoader',
      'org.objectweb.fractal.adl.DelegateLoaderType',
      'org.objectweb.fractal.adl.BasicCompiler',
      'org.objectweb.fractal.adl.components.ComponentCompiler',
      'org.objectweb.fractal.adl.components.PrimitiveCompilerType',
      'org.objectweb.fractal.task.core.BasicScheduler',
    ],
    interfaces: {
      '': [],
      factory: ['loader:client', 'compiler:client', 'scheduler:client'],
      'compiler/type-compiler': ['builder:client'],
      'compiler/implementation-builder': ['builder:server'],
      'compiler/implementation-builder/builder': ['builder:server'],
    },
    components: {
      '': ['factory', 'loader', 'compiler', 'scheduler'],
      loader: ['unbound-interface-loader', 'binding-loader', 'implementation-loader', 'type-loader', 'interface-loader', 'component-loader'],
      compiler: [
        'main-compiler',
        'type-compiler',
        'implementation-compiler',
        'component-compiler',
        'binding-compiler',
        'exportedVirtualNodes-compiler',
        'type-builder',
        'implementation-builder',
        'component-builder',
        'binding-builder',
        'attribute-builder',
        'exportedVirtualNodes-builder',
      ],
      'compiler/implementation-builder': ['builder'],
    },
    bindings: { '': 4, loader: 0, compiler: 2, 'compiler/implementation-builder': 1 },
    files: 3,
  },
  [`scale-proactive__mape-component-controllers/src/Examples/cl/niclabs/autonomic/examples/balancer/components/Cracker.fractal`]: {
    interfaces: {
      '': ['cracker:server'],
      Balancer: ['cracker:server', 'solver-1:client', 'solver-2:client', 'solver-3:client'],
      Solver2: ['solver:server'],
      'Solver2/Dispatcher': ['solver:server', 'worker-multicast:client/multicast'],
    },
    components: { '': ['Balancer', 'Solver1', 'Solver2', 'Solver3'], Solver1: ['Dispatcher'], Solver3: ['Dispatcher'] },
    bindings: { '': 4, Solver1: 1, 'Solver1/Dispatcher': 0 },
    files: 4,
  },
  [`${PETALS}/JBI-MessagingType.fractal`]: {
    interfaces: {
      '': [
        ...['router', 'transportlistener', 'endpoint', 'exchangechecker', 'endpointsearchengine', 'registrylistenermanager', 'routermodulemanager'].map((n) => `${n}:server`),
        ...['configuration', 'dsbconfiguration', 'topology', 'jndi', 'jmx', 'admin', 'transporter-local', 'transporter-tcp', 'transporter-soap', 'transporter-xmpp'].map((n) => `${n}:client`),
      ],
    },
    components: { '': [] },
    bindings: { '': 0 },
    files: 1,
  },
  [`${PETALS}/JBI-Messaging.fractal`]: {
    missing: [
      'org.petalslink.dsb.kernel.registry.FractalEndpointRegistryImpl',
      'org.petalslink.dsb.kernel.messaging.router.RouterServiceImpl',
      'org.ow2.petals.jbi.messaging.routing.module.TransportResolverModule',
      'org.petalslink.dsb.kernel.messaging.router.modules.FractalEndpointResolverModule',
      'org.ow2.petals.jbi.messaging.control.JMXExchangeCheckerClientImpl',
      'org.petalslink.dsb.kernel.service.CoreServiceRouterModule',
      'org.petalslink.dsb.kernel.messaging.router.modules.LoggerModule',
      'org.petalslink.dsb.kernel.messaging.router.modules.UpdateRemoteTansportModule',
      'org.petalslink.dsb.kernel.messaging.FractalEndpointSearchEngineImpl',
    ],
    interfaces: {},
    components: {
      '': [
        'EndpointRegistryImpl',
        'RouterServiceImpl',
        'TransportResolverModule',
        'EndpointResolverModule',
        'ExchangeCheckerClientImpl',
        'CoreServiceRouterModule',
        'LoggerModule',
        'UpdateRemoteTansportModule',
        'EndpointSearchEngineImpl',
      ],
    },
    bindings: { '': 28 },
    files: 2,
  },
  [`${KERNEL}/explorer/ClientNodeComposite.fractal`]: {
    // Fraclet output: a sub-component named by an argument whose default is its own name
    interfaces: { '': [], client: ['node:client'] },
    components: { '': ['client'] },
    bindings: { '': 0 },
    files: 2,
  },
  [`${KERNEL}/impl/transport/dream/DreamTransporterImplComposite.fractal`]: {
    // Fraclet output: the same parent three times, placeholders named by arguments, a binding written three times
    missing: ['org.ow2.petals.esb.kernel.api.transport.Transporter'],
    interfaces: { client: ['out-push:client', 'message-manager:client'], 'out-push': [] },
    components: { '': ['client', 'out-push', 'message-manager'] },
    bindings: { '': 3 },
    warnings: 2,
    files: 2,
  },
  [`${ESB}/main/resources/MyExplorer.fractal`]: {
    interfaces: { '': [], nodeClient: ['node:client'], node: ['service:server'] },
    components: { '': ['nodeClient', 'node'], node: [] },
    bindings: { '': 1 },
    files: 1,
  },
  [`${ESB}/test/resources/ESBExplorer.fractal`]: {
    missing: ['org.objectweb.fractal.explorer.GenericFractalExplorer'],
    interfaces: { '': [], explorer: [] },
    components: { '': ['explorer'] },
    bindings: { '': 0 },
    files: 1,
  },
  [`${FSCRIPT}/FScript.fractal`]: {
    // FScript (the Fractal project's reconfiguration language), 18 files resolved through the search path
    missing: ['org.objectweb.fractal.adl.BasicFactory'],
    interfaces: {
      '': ['node-factory:server', 'loader:server', 'engine:server', 'diagnostics:server'],
      'front-end': [...REPORTER, 'script-loader:server', 'fragment-loader:server', 'model:client', 'library:client'],
      'front-end/model-checker': ['model-checker:server', 'model:client', 'library:client', 'diagnostics:client', 'logger:client'],
      'back-end/interpreter': [...REPORTER, 'executor:server', 'library:client'],
      model: ['node-factory:server', 'model:server', 'native-library:server', 'adl-factory:client'],
      'adl-factory': [],
      'simulator/simulation-model': ['model:server', 'native-library:server', 'tracer:server', 'derived-node-mapper:server', 'base-model:client'],
    },
    components: {
      '': ['front-end', 'back-end', 'model', 'adl-factory', 'library', 'simulator', 'diagnostics', 'logger'],
      'front-end': ['driver', 'parser', 'language-checker', 'model-checker'],
      'back-end': ['driver', 'interpreter'],
      simulator: ['driver', 'simulation-model', 'simulation-lib'],
    },
    bindings: { '': 21, 'front-end': 14, 'back-end': 7, simulator: 11, model: 0 },
    files: 18,
  },
  ['fractal-tutorials/adl/ClientImpl.fractal']: {
    interfaces: { '': ['r:server', 's:client'] },
    components: { '': [] },
    bindings: { '': 0 },
    files: 1,
  },
  ['fractal-tutorials/helloworld-julia-adl/helloworld/ClientServerImpl.fractal']: {
    missing: ['helloworld.ClientImpl', 'helloworld.ServerImpl'],
    interfaces: { '': ['r:server'] },
    components: { '': ['client', 'server'] },
    bindings: { '': 2 },
    files: 1,
  },
};

function corpusFiles(dir = CORPUS): string[] {
  return readdirSync(dir)
    .flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? corpusFiles(p) : e.endsWith('.fractal') ? [p] : [];
    })
    .sort();
}

const node = (g: GraphNode, path: string) => {
  const n = findNode(g, path);
  if (!n) throw new Error(`no component '${path}' in ${g.name}`);
  return n;
};

describe('real Fractal ADL corpus', () => {
  it('holds the files its README lists (66), each parsing to a definition named after its path', () => {
    const files = corpusFiles();
    expect(files).toHaveLength(66);
    for (const f of files) {
      const r = parseAdl(readFileSync(f, 'latin1'), f);
      expect(r.diagnostics.errors, f).toEqual([]);
      const name = r.definition!.name.value;
      // the file sits where its dotted name says (that is how the search root is found)
      expect(relative(CORPUS, f).replace(/\.fractal$/, '').split('/').join('.').endsWith(name), f).toBe(true);
    }
  });

  it('every file checks clean: with no error, or (partial) with only the definitions its source does not publish missing', () => {
    for (const f of corpusFiles()) {
      const rel = relative(CORPUS, f);
      const errors = checkAdl(f).filter((d) => !isWarning(d));
      const partial = checkAdl(f, { partial: true });
      expect(partial.filter((d) => !isWarning(d)), rel).toEqual([]);
      // in strict mode only missing definitions (and what follows from them) may fail
      if (errors.length) expect(errors.some((d) => d.kind === 'missing-definition'), rel).toBe(true);
      const expectMissing = CASES[rel]?.missing;
      if (expectMissing) expect(missingNames(errors), rel).toEqual([...expectMissing].sort());
    }
  });

  for (const [rel, exp] of Object.entries(CASES)) {
    it(`shows ${rel.split('/').pop()} (${rel.split('/')[0]})`, () => {
      const m = loadAdl(join(CORPUS, rel), { partial: exp.missing !== undefined });
      const g = m.graph;
      for (const [path, names] of Object.entries(exp.components)) expect(node(g, path).components.map((c) => c.name), `${rel} ${path}`).toEqual(names);
      for (const [path, list] of Object.entries(exp.interfaces)) expect(itfs(node(g, path)), `${rel} ${path}`).toEqual(list);
      for (const [path, n] of Object.entries(exp.bindings)) expect(node(g, path).bindings, `${rel} ${path}`).toHaveLength(n);
      const missingWarnings = m.warnings.filter((w) => w.kind === 'missing-definition').length;
      expect(m.warnings.length - missingWarnings, `${rel} warnings`).toBe(exp.warnings ?? 0);
      expect(missingNames(m.warnings)).toEqual([...(exp.missing ?? [])].sort());
      expect(m.files).toHaveLength(exp.files);
      // the structure renders: tree and DOT name every component
      const names = (n: GraphNode): string[] => [n.name, ...n.components.flatMap(names)];
      const tree = toTree(g);
      const dot = toDot(g);
      for (const name of names(g)) {
        expect(tree).toContain(name);
        expect(dot).toContain(name);
      }
    });
  }

  it('c3d: coordinates ignored, collection client members bound by prefix, virtual nodes kept out of the graph', () => {
    const g = loadAdl(join(CORPUS, `${PA}/Examples/org/objectweb/proactive/examples/components/c3d/adl/compositeOfDispRend.fractal`)).graph;
    expect(g.bindings).toEqual([
      { client: 'this.dispatch', server: 'dispatcher.user2dispatcher' },
      { client: 'dispatcher.dispatcher2engine00', server: 'engine1.dispatcher2engine' },
      { client: 'dispatcher.dispatcher2engine01', server: 'engine2.dispatcher2engine' },
    ]);
    expect(node(g, 'dispatcher')).toMatchObject({ kind: 'primitive', controller: 'primitive', content: 'org.objectweb.proactive.examples.components.c3d.DispatcherImpl' });
    expect(g.controller).toBe('composite');
  });

  it('multicast: one client bound to two servers is kept as two bindings', () => {
    const g = loadAdl(join(CORPUS, `${PA}/Examples/org/objectweb/proactive/examples/userguide/components/adl/multicast/adl/Composite.fractal`)).graph;
    expect(g.bindings.filter((b) => b.client === 'Master.i1').map((b) => b.server)).toEqual(['Slave1.i1', 'Slave2.i1']);
    expect(toTree(g)).toContain('    < client i1: org.objectweb.proactive.examples.userguide.components.adl.multicast.Itf1Multicast [multicast]\n');
  });

  it('deployment: controller desc naming a configuration file; kind from sub-components and content', () => {
    const g = loadAdl(join(CORPUS, `${PA}/Tests/functionalTests/component/deployment/adl/MessagePassingExample.fractal`)).graph;
    expect(node(g, 'parallel')).toMatchObject({ kind: 'composite', controller: '/org/objectweb/proactive/core/component/config/default-composite-config.xml', content: null });
    expect(node(g, 'parallel/parallel-2/a2-2')).toMatchObject({ kind: 'primitive', content: 'functionalTests.component.PrimitiveComponentA' });
    expect(node(g, 'parallel/parallel-2').bindings).toEqual([
      { client: 'this.i1-multicast', server: 'a2-2.i1' },
      { client: 'this.i1-multicast', server: 'a2-3.i1' },
      { client: 'a2-3.i2', server: 'b1.i1' },
      { client: 'a2-2.i2', server: 'this.i2' },
    ]);
  });

  it('non-functional membranes: the functional structure stays, each membrane is one warning at its <controller>', () => {
    const m = loadAdl(join(CORPUS, `${PA}/Tests/functionalTests/component/nonfunctional/adl/factory/adl/helloworld-wrappers.fractal`));
    expect(node(m.graph, 'client-wrapper')).toMatchObject({
      kind: 'composite',
      content: 'functionalTests.component.nonfunctional.adl.factory.WrapperAttributesImpl',
      attributes: { header: ':P', count: '15' },
    });
    expect(node(m.graph, 'server-wrapper/server').attributes).toEqual({ header: '--->', count: '5' });
    const w = m.warnings.find((d) => d.pos.file.endsWith('helloworld-wrappers.fractal') && d.pos.line === 19)!;
    expect(w.message).toBe('non-functional membrane in <controller> (ProActive proactive.dtd: 5 interfaces, 3 components, 8 bindings) is not modelled: ignored');
    expect(w.pos.column).toBe(4);
  });

  it('CAttributesComposite (basic.dtd): a composite with content and nine attributes, one empty', () => {
    const g = loadAdl(join(CORPUS, `${PA}/Tests/functionalTests/component/conformADL/components/CAttributesComposite.fractal`)).graph;
    expect(g).toMatchObject({ kind: 'composite', controller: 'composite', content: 'functionalTests.component.conformADL.components.CAttributesCompositeImpl' });
    expect(Object.keys(g.attributes)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9']);
    expect(g.attributes.x9).toBe('');
    expect(g.attributes.x1).toBe('false');
  });

  it('Petals JBI-Messaging: extends a hyphenated, package-less type; this-bindings checked against it', () => {
    const m = loadAdl(join(CORPUS, `${PETALS}/JBI-Messaging.fractal`), { partial: true });
    expect(m.graph.name).toBe('jBI-Messaging');
    expect(m.graph.interfaces).toHaveLength(17);
    expect(m.graph.bindings.filter((b) => b.client.startsWith('this.'))).toHaveLength(7);
    expect(m.graph.bindings.filter((b) => b.server.startsWith('this.'))).toHaveLength(13);
    expect(node(m.graph, 'LoggerModule').missing).toEqual(['org.petalslink.dsb.kernel.messaging.router.modules.LoggerModule']);
    expect(toDot(m.graph)).toContain('"jBI-Messaging/LoggerModule" [label="LoggerModule\\norg.petalslink.dsb.kernel.messaging.router.modules.LoggerModule\\n(definition not found)", style="rounded,dashed"];');
    expect(toTree(m.graph)).toContain('LoggerModule (composite, definition org.petalslink.dsb.kernel.messaging.router.modules.LoggerModule, not found: org.petalslink.dsb.kernel.messaging.router.modules.LoggerModule)');
  });

  it('PACompiler: a sub-component redefined by name over a missing parent; its collection client member is not checked', () => {
    const m = loadAdl(join(CORPUS, `${PA}/Core/org/objectweb/proactive/core/component/adl/PACompiler.fractal`), { partial: true });
    expect(node(m.graph, 'main-compiler')).toMatchObject({
      content: 'org.objectweb.proactive.core.component.adl.components.PAComponentCompiler',
      definition: 'org.objectweb.fractal.adl.components.ComponentCompiler',
      missing: ['org.objectweb.fractal.adl.components.ComponentCompiler'],
    });
    expect(m.graph.bindings[0]).toEqual({ client: 'main-compiler.primitive-compilers5', server: 'exportedVirtualNodes-compiler.compiler' });
    // a mandatory client left unbound here may be bound by the missing parent: not reported
    expect(checkAdl(join(CORPUS, `${PA}/Core/org/objectweb/proactive/core/component/adl/PACompiler.fractal`), { partial: true }).filter((d) => !isWarning(d))).toEqual([]);
  });

  it('Cracker (GCM autonomic example): an optional multicast client left unbound is fine; attributes kept as written', () => {
    const g = loadAdl(join(CORPUS, 'scale-proactive__mape-component-controllers/src/Examples/cl/niclabs/autonomic/examples/balancer/components/Cracker.fractal')).graph;
    expect(node(g, 'Balancer').attributes).toEqual({ points: '0.334u0.667' });
    expect(node(g, 'Solver3/Dispatcher')).toMatchObject({ attributes: { workers: '0' }, controller: 'primitive' });
    expect(node(g, 'Solver3/Dispatcher').interfaces[1]).toMatchObject({ name: 'worker-multicast', contingency: 'optional', cardinality: 'multicast' });
  });

  it('Fraclet output: arguments name components (--arg renames them), repeated bindings are kept once with a warning, empty placeholders are unknown in partial mode', () => {
    const f = join(CORPUS, `${KERNEL}/impl/transport/dream/DreamTransporterImplComposite.fractal`);
    const m = loadAdl(f, { partial: true, args: { client: 'dream', 'out-push': 'push' } });
    expect(m.graph.components.map((c) => c.name)).toEqual(['dream', 'push', 'message-manager']);
    expect(m.graph.bindings).toEqual([
      { client: 'this.service', server: 'dream.service' },
      { client: 'dream.out-push', server: 'push.push' },
      { client: 'dream.message-manager', server: 'message-manager.messagemanagertype' },
    ]);
    expect(node(m.graph, 'push').missing).toEqual(['(an empty placeholder: no definition, no body)']);
    expect(m.warnings.filter((w) => w.kind === 'duplicate').map((w) => `${w.pos.line}: ${w.message}`)).toEqual([
      '10: binding this.service → dream.service is written again (first at line 9): the repetition is ignored',
      '11: binding this.service → dream.service is written again (first at line 9): the repetition is ignored',
    ]);
    // without --partial the placeholders' interfaces are errors, as in Fractal ADL (line 9: 'service', of the missing parent)
    expect(checkAdl(f).filter((d) => d.kind === 'unknown-interface').map((d) => d.pos.line)).toEqual([9, 9, 12, 13]);
  });

  it('ESBExplorer: a call with positional arguments that are not names (a file name)', () => {
    const m = loadAdl(join(CORPUS, `${ESB}/test/resources/ESBExplorer.fractal`), { partial: true });
    expect(node(m.graph, 'explorer').definition).toBe('org.objectweb.fractal.explorer.GenericFractalExplorer(myExplorer,MyExplorer,ESBExplorerProperties.xml)');
  });

  it('FScript: extends a shared reporter type, empty <attributes signature>, optional clients left unbound, all checked', () => {
    const f = join(CORPUS, `${FSCRIPT}/FScript.fractal`);
    const m = loadAdl(f, { partial: true });
    expect(node(m.graph, 'model')).toMatchObject({ kind: 'primitive', content: 'org.objectweb.fractal.fscript.model.fractal.FractalModel', attributes: {} });
    expect(node(m.graph, 'back-end/driver').interfaces.filter((i) => i.contingency === 'optional').map((i) => i.name)).toEqual(['simulator', 'transaction-manager']);
    expect(node(m.graph, 'adl-factory').definition).toBe('org.objectweb.fractal.adl.BasicFactory(org.objectweb.fractal.adl.FractalBackend)');
    // strict: only the jar's BasicFactory is missing, and the binding to it cannot be checked
    expect(checkAdl(f).filter((d) => !isWarning(d)).map((d) => `${d.kind} ${d.pos.line}`)).toEqual(['missing-definition 54', 'unknown-interface 87']);
    // every other file of the application checks clean on its own
    for (const rel of ['Frontend', 'Backend', 'simulation/Simulator', 'parser/FPathParser', 'procedures/CoreLibrary']) {
      expect(checkAdl(join(CORPUS, `${FSCRIPT}/${rel}.fractal`)), rel).toEqual([]);
    }
  });

  it('show, not build: a partial model or a GCM cardinality is refused before anything is created, at its position', async () => {
    const hello = loadAdl(join(CORPUS, `${PA}/Examples/org/objectweb/proactive/examples/components/helloworld/HelloWorld.fractal`), { partial: true });
    await expect(build(hello)).rejects.toThrow(
      /HelloWorld\.fractal:8:5: cannot build 'client': definitions not found \(partial model\): org\.objectweb\.proactive\.examples\.components\.helloworld\.ClientType/,
    );
    const multicast = loadAdl(join(CORPUS, `${PA}/Examples/org/objectweb/proactive/examples/userguide/components/adl/multicast/adl/Composite.fractal`));
    const err = await build(multicast).then(
      () => undefined,
      (e: unknown) => e as AdlError,
    );
    expect(err?.diagnostics.map((d) => d.message)).toEqual([
      "cannot build interface 'Master.i1': multicast is a GCM (ProActive) cardinality; Tessera's runtime has singleton and collection",
    ]);
  });

  it('HelloWorld (Julia ADL tutorial) resolves fully once the helloworld definitions are on the search path', () => {
    const f = join(CORPUS, 'fractal-tutorials/helloworld-julia-adl/helloworld/ClientServerImpl.fractal');
    const m = loadAdl(f, { path: [join(import.meta.dirname, 'fixtures/fractal')] });
    expect(m.warnings).toEqual([]);
    expect(itfs(node(m.graph, 'client'))).toEqual(['r:server', 's:client']);
    expect(node(m.graph, 'server')).toMatchObject({ kind: 'primitive', content: 'helloworld.ServerImpl' });
    expect(m.files).toHaveLength(3);
  });
});
