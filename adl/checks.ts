// Structural checks on a resolved tree, after shared references are linked:
// - every binding names `this` or a sub-component, and an interface that exists on it;
// - roles: a binding goes from this.<server> (export) or <sub>.<client> to
//   this.<client> (import) or <sub>.<server>;
// - a mandatory client is not bound to an optional server (Fractal rule);
// - signatures: the server's must be the client's or a sub-signature, when the signature
//   oracle knows both (Java signatures of real Fractal files are unknown here: not an error);
// - a client has one server, except a multicast one (GCM), which may have several;
// - every mandatory singleton (or multicast) client of a sub-component is bound, and every
//   mandatory server interface of a composite with sub-components is exported.
import type { Diagnostics } from './errors.js';
import type { ResolvedBinding, ResolvedInterface, ResolvedNode } from './model.js';

/** Answers "is `sub` the signature `sup` or a sub-signature of it?"; undefined when unknown. */
export type SignatureOracle = (sub: string, sup: string) => boolean | undefined;

interface Endpoint {
  owner: ResolvedNode;
  /** 'this' or the sub-component's name. */
  component: string;
  itf: ResolvedInterface;
  itfName: string;
}

/** Links shared references (`definition="./a/b"`) to their target; reports bad paths. */
export function linkShared(root: ResolvedNode, diags: Diagnostics): Map<ResolvedNode, ResolvedNode> {
  const links = new Map<ResolvedNode, ResolvedNode>();
  const visit = (n: ResolvedNode, ancestors: ResolvedNode[]) => {
    for (const c of n.components) {
      if (c.sharedPath) {
        let target: ResolvedNode | undefined = root;
        const walked: string[] = [];
        for (const seg of c.sharedPath) {
          const next: ResolvedNode | undefined = target.components.find((x) => x.name === seg && !x.sharedPath);
          if (!next) {
            const choices = target.components.filter((x) => !x.sharedPath).map((x) => `'${x.name}'`);
            diags.add(
              'shared-component',
              c.pos,
              `shared component '${c.name}': no sub-component '${seg}' in '${walked.length ? './' + walked.join('/') : root.name}' (path ${c.definition}): expected ${choices.length ? 'one of ' + choices.join(', ') : 'a path to an existing component'}`,
            );
            target = undefined;
            break;
          }
          walked.push(seg);
          target = next;
        }
        if (!target) continue;
        if (target === root || ancestors.includes(target) || target === n) {
          diags.add('shared-component', c.pos, `shared component '${c.name}' designates an enclosing component (${c.definition}): expected a component outside this one`);
          continue;
        }
        links.set(c, target);
        c.kind = target.kind;
        c.content = target.content;
        c.controller = target.controller;
        c.interfaces = target.interfaces;
        c.attributes = target.attributes;
        c.attributesSignature = target.attributesSignature;
      } else visit(c, [...ancestors, n]);
    }
  };
  visit(root, []);
  return links;
}

export function checkTree(root: ResolvedNode, links: Map<ResolvedNode, ResolvedNode>, diags: Diagnostics, oracle?: SignatureOracle): void {
  // client interfaces bound anywhere, keyed by the real (linked) component
  const bound = new Map<ResolvedNode, Set<string>>();
  const real = (n: ResolvedNode) => links.get(n) ?? n;
  const noteBound = (n: ResolvedNode, itf: string) => {
    const r = real(n);
    let s = bound.get(r);
    if (!s) bound.set(r, (s = new Set()));
    s.add(itf);
  };

  const visit = (n: ResolvedNode) => {
    const firstOfClient = new Map<string, ResolvedBinding>();
    for (const b of n.bindings) {
      const client = endpoint(n, b, 'client', diags);
      const first = firstOfClient.get(b.client);
      // A multicast client (GCM) may have several servers; any other client has one.
      if (first && client && client.itf.cardinality !== 'multicast') {
        diags.add('already-bound', b.clientAttr.valuePos, `client interface '${b.client}' is already bound (at line ${first.pos.line}): a ${client.itf.cardinality} client has one server`);
        continue;
      }
      if (!first) firstOfClient.set(b.client, b);
      const server = endpoint(n, b, 'server', diags);
      if (client && client.component !== 'this') noteBound(n.components.find((c) => c.name === client.component)!, client.itf.name);
      if (!client || !server) continue;
      const clientMandatory = client.itf.contingency === 'mandatory';
      if (clientMandatory && server.itf.contingency === 'optional') {
        diags.add(
          'contingency-mismatch',
          b.pos,
          `binding ${b.client} → ${b.server}: mandatory client '${client.itfName}' bound to optional server '${server.itfName}': expected a mandatory server or an optional client`,
        );
      }
      const cs = client.itf.signature;
      const ss = server.itf.signature;
      if (cs && ss && cs !== ss && oracle && oracle(ss, cs) === false) {
        diags.add(
          'signature-mismatch',
          b.pos,
          `binding ${b.client} → ${b.server}: server signature '${ss}' is not '${cs}' nor a sub-signature of it: expected a server of signature '${cs}'`,
        );
      }
    }
    // A composite shown without some of its definitions (partial mode) may bind in what is missing.
    if (n.components.length > 0 && !n.missing?.length) {
      for (const itf of n.interfaces) {
        if (itf.role !== 'server' || itf.contingency !== 'mandatory') continue;
        if (!n.bindings.some((b) => b.client === `this.${itf.name}` || (itf.cardinality === 'collection' && b.client.startsWith(`this.${itf.name}`)))) {
          diags.add(
            'unbound-interface',
            itf.pos,
            `server interface '${itf.name}' of composite '${n.name}' is not exported: expected <binding client="this.${itf.name}" server="<sub-component>.<interface>"/>`,
          );
        }
      }
    }
    for (const c of n.components) if (!c.sharedPath) visit(c);
  };
  visit(root);

  // mandatory singleton clients must be bound where the component lives (or where it is shared)
  const unbound = (n: ResolvedNode) => {
    for (const c of n.components) {
      if (c.sharedPath) continue;
      if (n.missing?.length) {
        unbound(c);
        continue;
      }
      for (const itf of c.interfaces) {
        if (itf.role !== 'client' || itf.contingency !== 'mandatory' || itf.cardinality === 'collection') continue;
        if (!bound.get(c)?.has(itf.name)) {
          diags.add(
            'unbound-interface',
            c.pos,
            `mandatory client interface '${c.name}.${itf.name}' is not bound in '${n.name}': expected <binding client="${c.name}.${itf.name}" server="..."/> or contingency="optional"`,
          );
        }
      }
      unbound(c);
    }
  };
  unbound(root);
}

function findItf(node: ResolvedNode, name: string): ResolvedInterface | undefined {
  return node.interfaces.find((i) => i.name === name) ?? node.interfaces.find((i) => i.cardinality === 'collection' && name.startsWith(i.name));
}

function endpoint(n: ResolvedNode, b: ResolvedBinding, side: 'client' | 'server', diags: Diagnostics): Endpoint | undefined {
  const text = side === 'client' ? b.client : b.server;
  const attr = side === 'client' ? b.clientAttr : b.serverAttr;
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    diags.add('bad-value', attr.valuePos, `bad binding ${side} '${text}': expected 'this.<interface>' or '<component>.<interface>'`);
    return undefined;
  }
  const compName = text.slice(0, dot);
  const itfName = text.slice(dot + 1);
  const owner = compName === 'this' ? n : n.components.find((c) => c.name === compName);
  if (!owner) {
    const names = n.components.map((c) => `'${c.name}'`);
    diags.add('unknown-component', attr.valuePos, `binding ${side} '${text}': no sub-component '${compName}' in '${n.name}': expected 'this'${names.length ? ' or one of ' + names.join(', ') : ''}`);
    return undefined;
  }
  // this.x as a client is the composite's server interface seen from inside; as a server, its client interface.
  const wantRole = compName === 'this' ? (side === 'client' ? 'server' : 'client') : side;
  const itf = findItf(owner, itfName);
  const label = compName === 'this' ? `composite '${n.name}'` : `component '${compName}'`;
  if (!itf) {
    // A component shown without some of its definitions (partial mode): its interfaces are not all known.
    if (owner.missing?.length) return undefined;
    const candidates = owner.interfaces.filter((i) => i.role === wantRole).map((i) => `'${i.name}'`);
    diags.add(
      'unknown-interface',
      attr.valuePos,
      `binding ${side} '${text}': ${label} has no interface '${itfName}': expected ${candidates.length ? `one of its ${wantRole} interfaces ${candidates.join(', ')}` : `a ${wantRole} interface (it has none)`}`,
    );
    return undefined;
  }
  if (itf.role !== wantRole) {
    const why =
      compName === 'this'
        ? side === 'client'
          ? `a binding from 'this' exports a server interface of the composite`
          : `a binding to 'this' imports a client interface of the composite`
        : side === 'client'
          ? `a binding starts at a client interface of a sub-component`
          : `a binding ends at a server interface of a sub-component`;
    diags.add('role-mismatch', attr.valuePos, `binding ${side} '${text}': '${itfName}' is a ${itf.role} interface of ${label}, expected a ${wantRole} interface (${why})`);
    return undefined;
  }
  return { owner, component: compName, itf, itfName };
}
