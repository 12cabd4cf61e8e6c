// Dialects named by the DOCTYPE, warnings, GCM cardinalities, bindings per client, partial mode.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdlError, checkAdl, formatDiagnostic, isWarning, loadAdl, parseAdl } from '../../adl/index.js';
import { dialectOf } from '../../adl/parser.js';
import { errorsOf, tree } from './helpers.js';

const doctype = (dtd: string) => `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE definition PUBLIC "-//objectweb.org//DTD Fractal ADL 2.0//EN" "classpath://${dtd}">\n`;
const STANDARD = doctype('org/objectweb/fractal/adl/xml/standard.dtd');
const PROACTIVE = doctype('org/objectweb/proactive/core/component/adl/xml/proactive.dtd');
const CECILIA = doctype('org/objectweb/fractal/cecilia/adl/parser/xml/cecilia.dtd');

const rel = (dir: string, f: string, opts = {}) => checkAdl(join(dir, f), opts).map((d) => formatDiagnostic(d).split(dir + '/').join(''));

describe('ADL dialects', () => {
  it('reads the dialect from the DOCTYPE system identifier', () => {
    expect(dialectOf(undefined)).toEqual({ kind: 'fractal', dtd: null });
    expect(dialectOf(' definition PUBLIC "-//objectweb.org//DTD Fractal ADL 2.0//EN" "classpath://org/objectweb/fractal/adl/xml/basic.dtd"')).toEqual({ kind: 'fractal', dtd: 'basic.dtd' });
    expect(dialectOf(` definition PUBLIC\n    "-//objectweb.org//DTD Fractal ADL 2.0//EN"\n    "classpath://org/objectweb/fractal/adl/xml/core.dtd"`)).toEqual({ kind: 'fractal', dtd: 'core.dtd' });
    expect(dialectOf(" definition SYSTEM 'classpath://org/objectweb/fractal/bf/adl/xml/standard.dtd'")).toEqual({ kind: 'fractal', dtd: 'standard.dtd' });
    expect(dialectOf(' definition PUBLIC "-//x//EN" "classpath://org/objectweb/proactive/core/component/adl/xml/proactive.dtd"')).toEqual({ kind: 'proactive', dtd: 'proactive.dtd' });
    expect(dialectOf(' definition PUBLIC "-//x//EN" "classpath://org/objectweb/fractal/cecilia/adl/parser/xml/cecilia.dtd"')).toEqual({ kind: 'foreign', dtd: 'cecilia.dtd' });
  });

  it('another dialect (Cecilia): elements and attributes outside the standard DTD are warnings, the structure stays', () => {
    const dir = tree({
      'hw/Helloworld.fractal': `${CECILIA}<definition name="hw.Helloworld">
  <interface name="main" role="server" signature="boot.api.Main"/>
  <component name="client" startOrder="1">
    <interface name="main" role="server" signature="boot.api.Main"/>
    <interface name="s" role="client" signature="hw.Service"/>
    <content class="hw.Client" language="thinkMC"/>
  </component>
  <component name="server">
    <interface name="s" role="server" signature="hw.Service"/>
    <content class="hw.Server"/>
  </component>
  <binding client="this.main" server="client.main"/>
  <binding client="client.s" server="server.s"/>
  <output name="helloworld"><cflag>-O2</cflag></output>
</definition>
`,
    });
    const f = join(dir, 'hw/Helloworld.fractal');
    expect(rel(dir, 'hw/Helloworld.fractal')).toEqual([
      "hw/Helloworld.fractal:5:28: warning: unknown attribute 'startOrder' on <component>: expected 'name', 'definition' (ignored: not in the Fractal ADL standard DTD; the file declares cecilia.dtd)",
      "hw/Helloworld.fractal:8:32: warning: unknown attribute 'language' on <content>: expected 'class' (ignored: not in the Fractal ADL standard DTD; the file declares cecilia.dtd)",
      "hw/Helloworld.fractal:16:3: warning: unexpected element <output> in <definition>: expected <comment>, <interface>, <component>, <content>, <attributes>, <binding>, <controller>, <template-controller>, <logger>, <virtual-node>, <coordinates> (ignored: not in the Fractal ADL standard DTD; the file declares cecilia.dtd)",
    ]);
    const m = loadAdl(f);
    expect(m.warnings).toHaveLength(3);
    expect(m.graph.components.map((c) => [c.name, c.kind, c.content])).toEqual([
      ['client', 'primitive', 'hw.Client'],
      ['server', 'primitive', 'hw.Server'],
    ]);
    expect(m.graph.bindings).toHaveLength(2);
  });

  it('a Fractal DTD (or none): the same elements are errors that say what was expected', () => {
    const dir = tree({ 'A.fractal': `${STANDARD}<definition name="A">\n  <output name="x"/>\n</definition>\n` });
    expect(errorsOf(dir, 'A.fractal')).toEqual([
      'A.fractal:4:3: unexpected element <output> in <definition>: expected <comment>, <interface>, <component>, <content>, <attributes>, <binding>, <controller>, <template-controller>, <logger>, <virtual-node>, <coordinates>',
    ]);
    expect(() => loadAdl(join(dir, 'A.fractal'))).toThrow(AdlError);
  });

  it('ProActive elements are errors outside proactive.dtd files', () => {
    const body = `<definition name="P">\n  <exportedVirtualNodes/>\n  <interface name="i" role="server" signature="x.I" cardinality="multicast"/>\n</definition>\n`;
    const dir = tree({ 'P.fractal': STANDARD + body, 'q/P.fractal': PROACTIVE + body.replace('"P"', '"q.P"') });
    expect(errorsOf(dir, 'P.fractal')[0]).toMatch(/^P\.fractal:4:3: unexpected element <exportedVirtualNodes> in <definition>: expected/);
    expect(checkAdl(join(dir, 'q/P.fractal'))).toEqual([]);
  });

  it('Fractal ADL 1 syntax is named for what it is', () => {
    const r = parseAdl('<component-type name="RootType"><provides><interface-type name="m" signature="Main"/></provides></component-type>', 'R.fractal');
    expect(r.diagnostics.list.map(formatDiagnostic)).toEqual([
      'R.fractal:1:1: unexpected root element <component-type>: expected <definition> (this is Fractal ADL 1 syntax, which Tessera does not read; Fractal ADL 2 writes <definition>)',
    ]);
  });
});

describe('ADL bindings per client', () => {
  const parts = `
  <component name="m"><interface name="out" role="client" signature="x.S" cardinality="multicast"/><interface name="one" role="client" signature="x.S"/><content class="x.M"/></component>
  <component name="a"><interface name="s" role="server" signature="x.S"/><content class="x.A"/></component>
  <component name="b"><interface name="s" role="server" signature="x.S"/><content class="x.B"/></component>`;

  it('a multicast client may have several servers, a singleton one only one', () => {
    const dir = tree({
      'q/K.fractal': `${PROACTIVE}<definition name="q.K">${parts}
  <binding client="m.out" server="a.s"/>
  <binding client="m.out" server="b.s"/>
  <binding client="m.one" server="a.s"/>
  <binding client="m.one" server="b.s"/>
</definition>
`,
    });
    expect(errorsOf(dir, 'q/K.fractal')).toEqual(["q/K.fractal:10:20: client interface 'm.one' is already bound (at line 9): a singleton client has one server"]);
  });

  it('extends: a child binding of a client replaces every parent binding of that client', () => {
    const dir = tree({
      'q/K.fractal': `${PROACTIVE}<definition name="q.K">${parts}
  <binding client="m.out" server="a.s"/>
  <binding client="m.out" server="b.s"/>
  <binding client="m.one" server="a.s"/>
</definition>
`,
      'q/L.fractal': `${PROACTIVE}<definition name="q.L" extends="q.K">
  <binding client="m.out" server="b.s"/>
</definition>
`,
    });
    expect(loadAdl(join(dir, 'q/L.fractal')).graph.bindings).toEqual([
      { client: 'm.out', server: 'b.s' },
      { client: 'm.one', server: 'a.s' },
    ]);
    expect(loadAdl(join(dir, 'q/K.fractal')).graph.bindings).toHaveLength(3);
  });

  it('a mandatory multicast client must be bound at least once', () => {
    const dir = tree({ 'q/K.fractal': `${PROACTIVE}<definition name="q.K">${parts}\n  <binding client="m.one" server="a.s"/>\n</definition>\n` });
    expect(errorsOf(dir, 'q/K.fractal')).toEqual([
      `q/K.fractal:4:3: mandatory client interface 'm.out' is not bound in 'k': expected <binding client="m.out" server="..."/> or contingency="optional"`,
    ]);
  });
});

describe('ADL partial mode', () => {
  const dir = () =>
    tree({
      'app/Main.fractal': `${STANDARD}<definition name="app.Main" extends="app.MainType">
  <component name="gen" definition="app.Generated"/>
  <component name="known" definition="app.Known"/>
  <binding client="this.r" server="gen.r"/>
  <binding client="gen.log" server="known.log"/>
  <binding client="known.out" server="gen.nothing"/>
</definition>
`,
      'app/Known.fractal': `${STANDARD}<definition name="app.Known">
  <interface name="log" role="server" signature="x.Log"/>
  <content class="x.Known"/>
</definition>
`,
    });

  it('is off by default: a missing definition is an error at the reference', () => {
    expect(errorsOf(dir(), 'app/Main.fractal').filter((e) => e.includes('no definition'))).toEqual([
      expect.stringMatching(/^app\/Main\.fractal:3:38: no definition 'app\.MainType': expected a file app\/MainType\.fractal under the search path \(/),
      expect.stringMatching(/^app\/Main\.fractal:4:37: no definition 'app\.Generated': expected a file app\/Generated\.fractal under the search path \(/),
    ]);
  });

  it('turns missing definitions into warnings, marks what they would have described, and checks what is known', () => {
    const d = dir();
    const ds = checkAdl(join(d, 'app/Main.fractal'), { partial: true });
    expect(ds.filter(isWarning).map((w) => [w.kind, w.pos.line])).toEqual([
      ['missing-definition', 3],
      ['missing-definition', 4],
    ]);
    // bindings to gen and this (whose definitions are missing) are not checked; known's are
    expect(ds.filter((x) => !isWarning(x)).map((x) => formatDiagnostic(x).split(d + '/').join(''))).toEqual([
      "app/Main.fractal:8:20: binding client 'known.out': component 'known' has no interface 'out': expected a client interface (it has none)",
    ]);
    expect(() => loadAdl(join(d, 'app/Main.fractal'), { partial: true })).toThrow(/known\.out/);
  });

  it('shows a file whose own parents are missing, with the missing names on the nodes', () => {
    const d = tree({
      'app/Main.fractal': `${STANDARD}<definition name="app.Main" extends="app.MainType">
  <component name="gen" definition="app.Generated"/>
  <binding client="this.r" server="gen.r"/>
</definition>
`,
      'app/Known.fractal': `${STANDARD}<definition name="app.Known"><interface name="log" role="server" signature="x.Log"/><content class="x.Known"/></definition>\n`,
    });
    const m = loadAdl(join(d, 'app/Main.fractal'), { partial: true });
    expect(m.graph.missing).toEqual(['app.MainType']);
    expect(m.graph.components[0]).toMatchObject({ name: 'gen', definition: 'app.Generated', missing: ['app.Generated'], interfaces: [] });
    expect(m.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^no definition 'app\.MainType': expected a file app\/MainType\.fractal under the search path \(.*\); shown without it \(partial\)$/),
      expect.stringMatching(/^no definition 'app\.Generated': /),
    ]);
    // a complete graph keeps the JSON shape of DESIGN.md: no 'missing' key
    expect(Object.keys(loadAdl(join(d, 'app/Known.fractal'), { partial: true }).graph)).not.toContain('missing');
  });
});
