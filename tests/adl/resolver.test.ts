import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdlError, checkAdl, formatDiagnostic, loadAdl } from '../../adl/index.js';
import { errorsOf, HEADER, tree } from './helpers.js';

const def = (body: string) => HEADER + body + '\n';

describe('ADL resolver: names, search path, arguments', () => {
  it('resolves dotted names as files under the root implied by the opened file', () => {
    const dir = tree({
      'app/Main.fractal': def(`<definition name="app.Main">
  <component name="w" definition="app.parts.Worker"/>
</definition>`),
      'app/parts/Worker.fractal': def(`<definition name="app.parts.Worker">
  <interface name="run" role="server" signature="app.Run"/>
  <content class="app.parts.WorkerImpl"/>
</definition>`),
    });
    const m = loadAdl(join(dir, 'app/Main.fractal'));
    expect(m.definition).toBe('app.Main');
    expect(m.searchPath[0]).toBe(dir);
    expect(m.graph.components[0]).toMatchObject({ name: 'w', definition: 'app.parts.Worker', kind: 'primitive', content: 'app.parts.WorkerImpl' });
    expect(m.files.map((f) => f.replace(dir + '/', '')).sort()).toEqual(['app/Main.fractal', 'app/parts/Worker.fractal']);
  });

  it('adds --path directories after the implied root, and opens definitions by name', () => {
    const lib = tree({ 'lib/Logger.fractal': def('<definition name="lib.Logger"><interface name="log" role="server" signature="lib.Log"/><content class="lib.LoggerImpl"/></definition>') });
    const app = tree({ 'Main.fractal': def('<definition name="Main"><component name="l" definition="lib.Logger"/></definition>') });
    expect(errorsOf(app, 'Main.fractal')[0]).toMatch(/^Main\.fractal:3:57: no definition 'lib\.Logger': expected a file lib\/Logger\.fractal under the search path/);
    const m = loadAdl(join(app, 'Main.fractal'), { path: [lib] });
    expect(m.graph.components[0]!.content).toBe('lib.LoggerImpl');
    expect(loadAdl('lib.Logger', { path: [lib] }).graph).toMatchObject({ name: 'logger', definition: 'lib.Logger', kind: 'primitive' });
  });

  it('rejects definition names that are not dotted names', () => {
    const dir = tree({ 'A.fractal': def('<definition name="A"><component name="b" definition="../etc/B"/><component name="c" definition="a..b"/></definition>') });
    expect(errorsOf(dir, 'A.fractal')).toEqual([
      "A.fractal:3:54: bad definition name '../etc/B': expected a dotted name such as a.b.Name (or ./path for a shared component)",
      "A.fractal:3:97: bad definition name 'a..b': expected a dotted name such as a.b.Name (or ./path for a shared component)",
    ]);
  });

  it('requires a file to sit where its definition name says', () => {
    const dir = tree({ 'x/Other.fractal': def('<definition name="x.Thing"/>') });
    expect(errorsOf(dir, 'x/Other.fractal')).toEqual([
      `x/Other.fractal:3:19: definition 'x.Thing' is in x/Other.fractal: expected it in a file named x/Thing.fractal (below the search root) so that its root can be found`,
    ]);
    const dir2 = tree({
      'A.fractal': def('<definition name="A"><component name="b" definition="B"/></definition>'),
      'B.fractal': def('<definition name="Bee"/>'),
    });
    expect(errorsOf(dir2, 'A.fractal')).toEqual([`B.fractal:3:19: definition name 'Bee' does not match its file: expected 'B' in B.fractal`]);
  });

  it('reads a copied file (a.b.C in a flat C.fractal) with a warning, finding its siblings by their last segment', () => {
    const dir = tree({
      'C.fractal': def('<definition name="a.b.C"><component name="d" definition="a.b.D"/><component name="e" definition="x.E"/></definition>'),
      'D.fractal': def('<definition name="a.b.D"><interface name="s" role="server" signature="a.S"/><content class="a.DImpl"/></definition>'),
      'E.fractal': def('<definition name="y.E"/>'),
    });
    const ds = checkAdl(join(dir, 'C.fractal')).map((d) => formatDiagnostic(d).split(dir + '/').join(''));
    expect(ds[0]).toBe(
      "C.fractal:3:19: warning: definition 'a.b.C' is not in a/b/C.fractal below a search root: its directory is searched instead, a dotted name there by its last segment (C.fractal)",
    );
    // E.fractal defines y.E, not x.E: it is not taken for it
    expect(ds.slice(1)).toEqual([expect.stringMatching(/^C\.fractal:3:98: no definition 'x\.E': expected a file x\/E\.fractal under the search path/)]);
    const fixed = tree({
      'C.fractal': def('<definition name="a.b.C"><component name="d" definition="a.b.D"/></definition>'),
      'D.fractal': def('<definition name="a.b.D"><interface name="s" role="server" signature="a.S"/><content class="a.DImpl"/></definition>'),
    });
    const m = loadAdl(join(fixed, 'C.fractal'));
    expect(m.graph.components[0]).toMatchObject({ name: 'd', content: 'a.DImpl' });
    expect(m.warnings.map((w) => w.kind)).toEqual(['definition-name']);
  });

  it('substitutes ${arg} from defaults, positional and named arguments', () => {
    const dir = tree({
      'Top.fractal': def(`<definition name="Top">
  <component name="a" definition="Part"/>
  <component name="b" definition="Part(x.Fast, 7)"/>
  <component name="c" definition="Part(size=>9)"/>
  <component name="d" definition="Part(impl=x.Small)"/>
</definition>`),
      'Part.fractal': def(`<definition name="Part" arguments="impl=x.Default, size=1">
  <interface name="p" role="server" signature="x.P"/>
  <content class="\${impl}"/>
  <attributes><attribute name="size" value="\${size}"/></attributes>
</definition>`),
    });
    const g = loadAdl(join(dir, 'Top.fractal')).graph;
    expect(g.components.map((c) => [c.name, c.content, c.attributes.size])).toEqual([
      ['a', 'x.Default', '1'],
      ['b', 'x.Fast', '7'],
      ['c', 'x.Default', '9'],
      ['d', 'x.Small', '1'],
    ]);
    expect(g.components[1]!.definition).toBe('Part(x.Fast, 7)');
  });

  it('takes the top-level arguments from the caller', () => {
    const dir = tree({ 'P.fractal': def('<definition name="P" arguments="impl"><interface name="p" role="server" signature="x.P"/><content class="${impl}"/></definition>') });
    expect(loadAdl(join(dir, 'P.fractal'), { args: { impl: 'x.Given' } }).graph.content).toBe('x.Given');
    expect(errorsOf(dir, 'P.fractal')).toEqual([`P.fractal:3:19: missing argument 'impl' of definition 'P' (declared at P.fractal:3:33): expected P(impl=>value) or a default`]);
  });

  it('reports missing, unknown and surplus arguments at the call', () => {
    const dir = tree({
      'Top.fractal': def(`<definition name="Top">
  <component name="a" definition="Part"/>
  <component name="b" definition="Part(1, 2, 3)"/>
  <component name="c" definition="Part(colour=>red, n=>1)"/>
  <content class="\${nothing}"/>
</definition>`),
      'Part.fractal': def(`<definition name="Part" arguments="n">
  <interface name="p" role="server" signature="x.P"/>
  <content class="C\${n}"/>
</definition>`),
    });
    expect(errorsOf(dir, 'Top.fractal')).toEqual([
      "Top.fractal:4:35: missing argument 'n' of definition 'Part' (declared at Part.fractal:3:36): expected Part(n=>value) or a default",
      "Top.fractal:5:35: too many arguments for 'Part': got 3, expected at most 1 (n)",
      "Top.fractal:6:35: definition 'Part' has no argument 'colour': expected 'n'",
      "Top.fractal:7:19: unknown argument '${nothing}': expected no ${...} here (the definition declares no arguments)",
    ]);
  });
});

describe('ADL resolver: extends', () => {
  const base = {
    'Type.fractal': def(`<definition name="Type">
  <interface name="s" role="server" signature="x.S"/>
  <interface name="log" role="client" signature="x.Log" contingency="optional"/>
</definition>`),
    'Impl.fractal': def(`<definition name="Impl" extends="Type">
  <content class="x.Impl"/>
  <attributes signature="x.Attrs"><attribute name="a" value="1"/><attribute name="b" value="2"/></attributes>
</definition>`),
  };

  it('inherits interfaces, content and attributes; the child overrides by name', () => {
    const dir = tree({
      ...base,
      'Child.fractal': def(`<definition name="Child" extends="Impl">
  <interface name="log" contingency="mandatory"/>
  <interface name="extra" role="server" signature="x.Extra"/>
  <content class="x.Better"/>
  <attributes><attribute name="b" value="20"/><attribute name="c" value="3"/></attributes>
</definition>`),
    });
    const g = loadAdl(join(dir, 'Child.fractal')).graph;
    expect(g.interfaces).toEqual([
      { name: 's', role: 'server', signature: 'x.S', contingency: 'mandatory', cardinality: 'singleton' },
      { name: 'log', role: 'client', signature: 'x.Log', contingency: 'mandatory', cardinality: 'singleton' },
      { name: 'extra', role: 'server', signature: 'x.Extra', contingency: 'mandatory', cardinality: 'singleton' },
    ]);
    expect(g.content).toBe('x.Better');
    expect(g.attributes).toEqual({ a: '1', b: '20', c: '3' });
  });

  it('merges several parents left to right, a later parent overriding an earlier one', () => {
    const dir = tree({
      'A.fractal': def('<definition name="A"><interface name="i" role="server" signature="x.A"/><content class="x.FromA"/></definition>'),
      'B.fractal': def('<definition name="B" arguments="c"><interface name="j" role="server" signature="x.B"/><content class="${c}"/></definition>'),
      'C.fractal': def('<definition name="C" extends="A, B(x.FromB)"/>'),
    });
    const g = loadAdl(join(dir, 'C.fractal')).graph;
    expect(g.interfaces.map((i) => i.name)).toEqual(['i', 'j']);
    expect(g.content).toBe('x.FromB');
  });

  it('merges sub-components by name, recursively, and bindings by client', () => {
    const dir = tree({
      ...base,
      'Sys.fractal': def(`<definition name="Sys">
  <interface name="s" role="server" signature="x.S"/>
  <component name="main" definition="Impl"/>
  <component name="logger"><interface name="log" role="server" signature="x.Log"/><content class="x.Logger"/></component>
  <binding client="this.s" server="main.s"/>
</definition>`),
      'Sys2.fractal': def(`<definition name="Sys2" extends="Sys">
  <component name="main"><content class="x.Faster"/></component>
  <binding client="main.log" server="logger.log"/>
</definition>`),
    });
    const g = loadAdl(join(dir, 'Sys2.fractal')).graph;
    expect(g.components.map((c) => [c.name, c.content, c.definition])).toEqual([
      ['main', 'x.Faster', 'Impl'],
      ['logger', 'x.Logger', null],
    ]);
    expect(g.bindings).toEqual([
      { client: 'this.s', server: 'main.s' },
      { client: 'main.log', server: 'logger.log' },
    ]);
  });

  it('takes the kind from the controller desc (Julia membrane names too), else from the content', () => {
    const dir = tree({
      'K.fractal': def(`<definition name="K">
  <component name="p"><interface name="s" role="server" signature="x.S"/><content class="x.P"/><controller desc="parametricPrimitive"/></component>
  <component name="c"><controller desc="autoBindingComposite"/></component>
  <component name="q"><interface name="s" role="server" signature="x.S"/><content class="x.Q"/></component>
  <component name="e"/>
</definition>`),
    });
    expect(loadAdl(join(dir, 'K.fractal')).graph.components.map((c) => [c.name, c.kind, c.controller])).toEqual([
      ['p', 'primitive', 'parametricPrimitive'],
      ['c', 'composite', 'autoBindingComposite'],
      ['q', 'primitive', 'primitive'],
      ['e', 'composite', 'composite'],
    ]);
  });

  it('lets a component add to its definition inline (the body extends the definition)', () => {
    const dir = tree({
      ...base,
      'Top.fractal': def(`<definition name="Top">
  <component name="m" definition="Type"><content class="x.Inline"/></component>
</definition>`),
    });
    expect(loadAdl(join(dir, 'Top.fractal')).graph.components[0]).toMatchObject({ kind: 'primitive', content: 'x.Inline', definition: 'Type' });
  });

  it('detects extends cycles and components that contain themselves', () => {
    const dir = tree({
      'A.fractal': def('<definition name="A" extends="B"/>'),
      'B.fractal': def('<definition name="B" extends="C"/>'),
      'C.fractal': def('<definition name="C" extends="A"/>'),
      'R.fractal': def('<definition name="R"><component name="inner" definition="R"/></definition>'),
    });
    expect(errorsOf(dir, 'A.fractal')).toEqual(['C.fractal:3:31: extends cycle: A → B → C → A: a definition cannot extend itself']);
    expect(errorsOf(dir, 'R.fractal')).toEqual(['R.fractal:3:58: component cycle: R → R: a definition cannot contain itself']);
  });

  it('throws one AdlError carrying every diagnostic', () => {
    const dir = tree({ 'A.fractal': def('<definition name="A" extends="Nope1, Nope2"/>') });
    let err: unknown;
    try {
      loadAdl(join(dir, 'A.fractal'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdlError);
    expect((err as AdlError).diagnostics.map((d) => [d.kind, d.pos.column])).toEqual([
      ['missing-definition', 31],
      ['missing-definition', 38],
    ]);
    expect((err as AdlError).message.split('\n')).toHaveLength(2);
  });
});

describe('ADL resolver: shared components', () => {
  it('links ./path references to the component they designate', () => {
    const dir = tree({
      'S.fractal': def(`<definition name="S">
  <component name="a">
    <component name="log"><interface name="log" role="server" signature="x.Log"/><content class="x.Logger"/></component>
  </component>
  <component name="b">
    <component name="user"><interface name="log" role="client" signature="x.Log"/><content class="x.User"/></component>
    <component name="log" definition="./a/log"/>
    <binding client="user.log" server="log.log"/>
  </component>
</definition>`),
    });
    const g = loadAdl(join(dir, 'S.fractal')).graph;
    const shared = g.components[1]!.components[1]!;
    expect(shared).toMatchObject({ name: 'log', definition: './a/log', kind: 'primitive', content: 'x.Logger', components: [], bindings: [] });
    expect(shared.interfaces.map((i) => i.name)).toEqual(['log']);
  });

  it('reports paths that designate nothing or an enclosing component', () => {
    const dir = tree({
      'S.fractal': def(`<definition name="S">
  <component name="a"><component name="x" definition="./a/missing"/></component>
  <component name="b"><component name="up" definition="./b"/></component>
</definition>`),
    });
    expect(errorsOf(dir, 'S.fractal')).toEqual([
      "S.fractal:4:23: shared component 'x': no sub-component 'missing' in './a' (path ./a/missing): expected a path to an existing component",
      "S.fractal:5:23: shared component 'up' designates an enclosing component (./b): expected a component outside this one",
    ]);
  });
});
