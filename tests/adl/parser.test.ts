import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseAdl } from '../../adl/index.js';

const parse = (text: string) => parseAdl(text, 'f.fractal');
const errors = (text: string) => parse(text).diagnostics.list.map(formatDiagnostic);

describe('ADL parser', () => {
  it('gives every node and attribute its file:line:column', () => {
    const r = parse(`<definition name="a.B">
  <interface name="r" role="server" signature="java.lang.Runnable"/>
  <component name="c" definition="a.C">
    <content class="a.CImpl"/>
  </component>
  <binding client="this.r" server="c.r"/>
</definition>`);
    expect(r.diagnostics.list).toEqual([]);
    const d = r.definition!;
    expect(d.pos).toEqual({ file: 'f.fractal', line: 1, column: 1 });
    expect(d.name).toEqual({ value: 'a.B', pos: { file: 'f.fractal', line: 1, column: 13 }, valuePos: { file: 'f.fractal', line: 1, column: 19 } });
    const itf = d.body.interfaces[0]!;
    expect(itf.pos).toMatchObject({ line: 2, column: 3 });
    expect(itf.role).toMatchObject({ value: 'server', pos: { line: 2, column: 23 }, valuePos: { line: 2, column: 29 } });
    expect(itf.signature?.value).toBe('java.lang.Runnable');
    const comp = d.body.components[0]!;
    expect(comp.pos).toMatchObject({ line: 3, column: 3 });
    expect(comp.definition?.value).toBe('a.C');
    expect(comp.body.content?.class).toMatchObject({ value: 'a.CImpl', valuePos: { line: 4, column: 21 } });
    expect(d.body.bindings[0]).toMatchObject({ pos: { line: 6, column: 3 }, client: { value: 'this.r' }, server: { value: 'c.r' } });
  });

  it('reads every element of the standard DTD: arguments, extends, attributes, controller, comments, logger, virtual-node, coordinates', () => {
    const r = parse(`<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE definition PUBLIC "-//objectweb.org//DTD Fractal ADL 2.0//EN" "classpath://org/objectweb/fractal/adl/xml/standard.dtd">
<!-- a comment before the root -->
<definition name="x.Y" arguments="a, b=2" extends="x.Base, x.Other(1, 2)">
  <comment language="en" text="documentation"/>
  <interface name="s" role="server" signature="x.S" contingency="optional" cardinality="collection"><comment text="c"/></interface>
  <content class="x.YImpl"/>
  <attributes signature="x.YAttributes">
    <attribute name="header" value="-&gt; "/>
    <attribute name="count" value="\${b}"/>
  </attributes>
  <controller desc="primitive"/>
  <template-controller desc="primitiveTemplate"/>
  <logger name="x.log"/>
  <virtual-node name="node1"/>
  <coordinates name="y" x0="0" x1="10" y0="0" y1="5" color="red"><coordinates name="z" x0="1" x1="2" y0="1" y1="2"/></coordinates>
</definition>`);
    expect(r.diagnostics.list.map(formatDiagnostic)).toEqual([]);
    const d = r.definition!;
    expect(d.arguments?.value).toBe('a, b=2');
    expect(d.extends?.value).toBe('x.Base, x.Other(1, 2)');
    expect(d.body.interfaces[0]).toMatchObject({ contingency: { value: 'optional' }, cardinality: { value: 'collection' } });
    expect(d.body.attributes?.signature?.value).toBe('x.YAttributes');
    expect(d.body.attributes?.attributes.map((a) => [a.name.value, a.value.value])).toEqual([
      ['header', '-> '],
      ['count', '${b}'],
    ]);
    expect(d.body.controller?.desc.value).toBe('primitive');
    expect(d.body.templateController?.desc.value).toBe('primitiveTemplate');
    expect(d.body.logger?.name.value).toBe('x.log');
    expect(d.body.virtualNode?.name.value).toBe('node1');
  });

  it('reports unknown elements and attributes with what was expected, and goes on', () => {
    expect(
      errors(`<definition name="a.B" nmae="x">
  <interfase name="r"/>
  <interface name="r" role="server" signature="S" kind="x"/>
  <binding client="this.r"/>
</definition>`),
    ).toEqual([
      "f.fractal:1:24: unknown attribute 'nmae' on <definition>: expected 'name', 'arguments', 'extends'",
      'f.fractal:2:3: unexpected element <interfase> in <definition>: expected <comment>, <interface>, <component>, <content>, <attributes>, <binding>, <controller>, <template-controller>, <logger>, <virtual-node>, <coordinates>',
      "f.fractal:3:51: unknown attribute 'kind' on <interface>: expected 'name', 'role', 'signature', 'contingency', 'cardinality'",
      "f.fractal:4:3: <binding> has no 'server' attribute: 'server' is required",
    ]);
  });

  it('reports duplicates: two <content>, two interfaces or components or attributes of one name', () => {
    expect(
      errors(`<definition name="a.B">
  <interface name="r" role="server" signature="S"/>
  <interface name="r" role="client" signature="S"/>
  <component name="c"/>
  <component name="c"/>
  <content class="X"/>
  <content class="Y"/>
  <attributes><attribute name="n" value="1"/><attribute name="n" value="2"/></attributes>
</definition>`),
    ).toEqual([
      "f.fractal:3:14: duplicate interface name 'r' in <definition>: names must be unique (first at 2:14)",
      "f.fractal:5:14: duplicate component name 'c' in <definition>: names must be unique (first at 4:14)",
      'f.fractal:7:3: second <content> in <definition>: at most one is allowed (first at line 6)',
      "f.fractal:8:57: duplicate attribute name 'n' in <attributes>: names must be unique (first at 8:26)",
    ]);
  });

  it('reports XML syntax errors with their position', () => {
    const es = errors(`<definition name="a.B">\n  <interface name="r" role="server"\n</definition>`);
    expect(es.length).toBeGreaterThan(0);
    expect(es[0]).toMatch(/^f\.fractal:3:\d+: XML syntax error: /);
    expect(parse('<definition name="a"><a></definition>').diagnostics.list[0]).toMatchObject({ kind: 'xml-syntax', pos: { line: 1 } });
  });

  it('rejects text inside elements and a root other than <definition>', () => {
    expect(errors('<definition name="a.B">\n  hello\n</definition>')).toEqual([
      'f.fractal:2:3: unexpected text "hello" in <definition>: ADL elements carry their data in attributes',
    ]);
    expect(errors('<component name="a"/>')).toEqual(['f.fractal:1:1: unexpected root element <component>: expected <definition>']);
    expect(errors('')).toEqual(['f.fractal:1:1: XML syntax error: document must contain a root element.']);
  });
});
