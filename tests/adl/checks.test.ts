import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdl, loadAdl } from '../../adl/index.js';
import { errorsOf, HEADER, tree } from './helpers.js';

// Line numbers below count the two header lines: the definition starts on line 3.
const file = (body: string) => tree({ 'K.fractal': HEADER + body + '\n' });

const parts = `
  <component name="a">
    <interface name="s" role="server" signature="x.S"/>
    <interface name="c" role="client" signature="x.T"/>
    <interface name="opt" role="client" signature="x.T" contingency="optional"/>
    <interface name="many" role="client" signature="x.T" cardinality="collection"/>
    <content class="x.A"/>
  </component>
  <component name="b">
    <interface name="t" role="server" signature="x.T"/>
    <interface name="o" role="server" signature="x.T" contingency="optional"/>
    <interface name="sub" role="server" signature="x.SubT"/>
    <content class="x.B"/>
  </component>`;

describe('ADL checks', () => {
  it('accepts exports, imports, local bindings and collection members', () => {
    const dir = file(`<definition name="K">
  <interface name="s" role="server" signature="x.S"/>
  <interface name="imp" role="client" signature="x.T"/>${parts}
  <binding client="this.s" server="a.s"/>
  <binding client="a.c" server="b.t"/>
  <binding client="a.opt" server="this.imp"/>
  <binding client="a.many0" server="b.t"/>
  <binding client="a.many-x" server="b.t"/>
</definition>`);
    expect(errorsOf(dir, 'K.fractal')).toEqual([]);
  });

  it('reports bad role, contingency and cardinality values and incomplete interfaces', () => {
    const dir = file(`<definition name="K">
  <interface name="i" role="provided" signature="x.S" contingency="maybe" cardinality="many"/>
  <interface name="j"/>
</definition>`);
    expect(errorsOf(dir, 'K.fractal')).toEqual([
      "K.fractal:4:29: bad role of interface 'i': 'provided', expected 'client' or 'server'",
      "K.fractal:4:68: bad contingency of interface 'i': 'maybe', expected 'mandatory' or 'optional'",
      "K.fractal:4:88: bad cardinality of interface 'i': 'many', expected 'singleton', 'collection', 'multicast' or 'gathercast'",
      `K.fractal:5:3: interface 'j' has no role: expected role="client" or role="server"`,
      `K.fractal:5:3: interface 'j' has no signature: expected signature="a.b.Signature"`,
    ]);
  });

  it('reports every binding error of a file: unknown component, unknown interface, roles, contingency, double binding', () => {
    const dir = file(`<definition name="K">
  <interface name="s" role="server" signature="x.S"/>
  <interface name="imp" role="client" signature="x.T" contingency="optional"/>${parts}
  <binding client="this.s" server="a.s"/>
  <binding client="a.c" server="zz.t"/>
  <binding client="a.nope" server="b.t"/>
  <binding client="b.t" server="a.s"/>
  <binding client="a.many0" server="a.c"/>
  <binding client="this.imp" server="a.s"/>
  <binding client="a.c" server="this.s"/>
  <binding client="a.opt" server="b.o"/>
  <binding client="a.many1" server="b.o"/>
  <binding client="a.many2" server="this.s"/>
  <binding client="nodot" server="b.t"/>
</definition>`);
    expect(errorsOf(dir, 'K.fractal')).toEqual([
      "K.fractal:20:33: binding server 'zz.t': no sub-component 'zz' in 'k': expected 'this' or one of 'a', 'b'",
      "K.fractal:21:20: binding client 'a.nope': component 'a' has no interface 'nope': expected one of its client interfaces 'c', 'opt', 'many'",
      "K.fractal:22:20: binding client 'b.t': 't' is a server interface of component 'b', expected a client interface (a binding starts at a client interface of a sub-component)",
      "K.fractal:23:37: binding server 'a.c': 'c' is a client interface of component 'a', expected a server interface (a binding ends at a server interface of a sub-component)",
      "K.fractal:24:20: binding client 'this.imp': 'imp' is a client interface of composite 'k', expected a server interface (a binding from 'this' exports a server interface of the composite)",
      "K.fractal:25:20: client interface 'a.c' is already bound (at line 20): a singleton client has one server",
      "K.fractal:27:3: binding a.many1 → b.o: mandatory client 'many1' bound to optional server 'o': expected a mandatory server or an optional client",
      "K.fractal:28:37: binding server 'this.s': 's' is a server interface of composite 'k', expected a client interface (a binding to 'this' imports a client interface of the composite)",
      "K.fractal:29:20: bad binding client 'nodot': expected 'this.<interface>' or '<component>.<interface>'",
    ]);
  });

  it('reports unbound mandatory clients and unexported server interfaces', () => {
    const dir = file(`<definition name="K">
  <interface name="s" role="server" signature="x.S"/>${parts}
  <binding client="a.many0" server="b.t"/>
</definition>`);
    expect(errorsOf(dir, 'K.fractal')).toEqual([
      `K.fractal:4:3: server interface 's' of composite 'k' is not exported: expected <binding client="this.s" server="<sub-component>.<interface>"/>`,
      `K.fractal:5:3: mandatory client interface 'a.c' is not bound in 'k': expected <binding client="a.c" server="..."/> or contingency="optional"`,
    ]);
  });

  it('checks signatures with the oracle when it knows them, and accepts unknown ones', () => {
    const dir = file(`<definition name="K">
  <interface name="s" role="server" signature="x.S"/>${parts}
  <binding client="this.s" server="a.s"/>
  <binding client="a.c" server="b.sub"/>
</definition>`);
    const f = join(dir, 'K.fractal');
    expect(checkAdl(f)).toEqual([]); // x.T vs x.SubT: unknown, not an error
    expect(checkAdl(f, { isSubSignature: (sub, sup) => sub === 'x.SubT' && sup === 'x.T' })).toEqual([]);
    expect(errorsOf(dir, 'K.fractal', { isSubSignature: () => false })).toEqual([
      "K.fractal:19:3: binding a.c → b.sub: server signature 'x.SubT' is not 'x.T' nor a sub-signature of it: expected a server of signature 'x.T'",
    ]);
  });

  it('checks bindings inside sub-composites too', () => {
    const dir = file(`<definition name="K">
  <component name="inner">
    <interface name="s" role="server" signature="x.S"/>
    <component name="p"><interface name="s" role="server" signature="x.S"/><content class="x.P"/></component>
    <binding client="this.s" server="p.q"/>
  </component>
</definition>`);
    expect(errorsOf(dir, 'K.fractal')).toEqual([
      "K.fractal:7:38: binding server 'p.q': component 'p' has no interface 'q': expected one of its server interfaces 's'",
    ]);
    expect(() => loadAdl(join(dir, 'K.fractal'))).toThrow(/K\.fractal:7:38: binding server 'p\.q'/);
  });
});
