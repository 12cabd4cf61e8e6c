// A reconfiguration plan: a list of actions on live components, written before anything runs (as an
// OTP appup is), then executed by the engine as one transaction. Plans come from a single replace,
// from scripts (script/), and from ADL diffs (`fromDiff`, adl/diff.ts actions).

import type { GraphNode, ReconfigAction } from '../adl/index.js';
import { Fractal, GenericFactory, TypeFactory, type Component, type Interface } from '../bindings/index.js';
import { ReconfigurationError } from './errors.js';
import { describeSuccessor, successorOfNode, type SuccessorSpec } from './successor.js';

export type PlanAction =
  | { readonly op: 'replace'; readonly target: Component; readonly successor: SuccessorSpec }
  | { readonly op: 'bind'; readonly client: Component; readonly itf: string; readonly server: object }
  | { readonly op: 'unbind'; readonly client: Component; readonly itf: string }
  | { readonly op: 'set-value'; readonly component: Component; readonly name: string; readonly value: unknown }
  | { readonly op: 'start'; readonly component: Component }
  | { readonly op: 'stop'; readonly component: Component }
  | { readonly op: 'add'; readonly parent: Component; readonly child: Component }
  | { readonly op: 'remove'; readonly parent: Component; readonly child: Component };

/** The path of `c` below its topmost ancestor ("kernel/scheduler"), for records and messages. */
export function pathOf(c: Component): string {
  const names: string[] = [];
  for (let x: Component | undefined = c; x; x = x.parents[0]) names.unshift(x.getFcName());
  return names.join('/');
}

function itfName(server: object): string {
  const s = server as Partial<Interface>;
  if (typeof s.getFcItfOwner === 'function' && typeof s.getFcItfName === 'function') {
    return `${pathOf(s.getFcItfOwner() as Component)}.${s.getFcItfName()}${s.isFcInternalItf?.() ? ' (internal)' : ''}`;
  }
  return String(server);
}

export function describeAction(a: PlanAction): string {
  switch (a.op) {
    case 'replace': return `replace ${pathOf(a.target)} (${a.target.contentClass?.name ?? 'no content'}) with ${describeSuccessor(a.successor)}`;
    case 'bind': return `bind ${pathOf(a.client)}.${a.itf} -> ${itfName(a.server)}`;
    case 'unbind': return `unbind ${pathOf(a.client)}.${a.itf}`;
    case 'set-value': return `set-value ${pathOf(a.component)} ${a.name} = ${JSON.stringify(a.value)}`;
    case 'start':
    case 'stop': return `${a.op} ${pathOf(a.component)}`;
    case 'add': return `add ${a.child.getFcName()} to ${pathOf(a.parent)}`;
    case 'remove': return `remove ${a.child.getFcName()} from ${pathOf(a.parent)}`;
  }
}

/**
 * Builds a component tree from a graph node (an ADL diff's `add`), STOPPED: types from the interfaces,
 * content classes and attributes, sub-components, and the node's own bindings.
 */
export function buildNode(like: Component, n: GraphNode): Component {
  const runtime = Fractal.getRuntime(like);
  const tf = new TypeFactory();
  const gf = new GenericFactory(runtime);
  const make = (node: GraphNode): Component => {
    const type = tf.createFcType(node.interfaces.map((i) => tf.createFcItfType(i.name, i.signature, i.role === 'client', i.contingency === 'optional', i.cardinality === 'collection')));
    const c = gf.newFcInstance(type, node.kind, node.kind === 'primitive' ? node.content : null, {
      name: node.name,
      reconfiguration: reconfigurationOfController(node.controller),
      ...(Object.keys(node.attributes).length ? { attributes: node.attributes } : {}),
    });
    if (node.kind === 'composite') {
      const cc = Fractal.getContentController(c);
      const subs = new Map<string, Component>();
      for (const s of node.components) {
        const k = make(s);
        cc.addFcSubComponent(k);
        subs.set(s.name, k);
      }
      for (const b of node.bindings) {
        const [cn, ci] = split(b.client);
        const [sn, si] = split(b.server);
        const client = cn === 'this' ? c : subs.get(cn);
        const server = sn === 'this' ? cc.getFcInternalInterface(si) : subs.get(sn)?.getFcInterface(si);
        if (!client || !server) throw new ReconfigurationError('create', `cannot build '${node.name}': binding ${b.client} -> ${b.server} names a component it does not contain`);
        Fractal.getBindingController(client).bindFc(ci, server);
      }
    }
    return c;
  };
  return make(n);
}

/** The reconfiguration mode an ADL `<controller desc>` selects (the builder's rule; see adl/builder.ts). */
export function reconfigurationOfController(desc: string): 'thread-counting' | 'none' {
  return /unreconfigurable/i.test(desc) ? 'none' : 'thread-counting';
}

function split(end: string): [string, string] {
  const dot = end.indexOf('.');
  if (dot < 0) throw new ReconfigurationError('plan', `binding end '${end}' is not 'component.interface'`);
  return [end.slice(0, dot), end.slice(dot + 1)];
}

/** Turns `adl diff` actions (paths below `root`) into a plan on the live components under `root`. */
export function fromDiff(root: Component, actions: readonly ReconfigAction[]): PlanAction[] {
  const live = new Map<string, Component>();
  const walk = (c: Component, path: string) => {
    live.set(path, c);
    for (const k of c.children) walk(k, path === '' ? k.getFcName() : `${path}/${k.getFcName()}`);
  };
  walk(root, '');
  const at = (path: string): Component => {
    const c = live.get(path);
    if (!c) throw new ReconfigurationError('plan', `diff action names '${path || '/'}', which is not a component below '${root}'; expected one of ${[...live.keys()].map((k) => `'${k || '/'}'`).join(', ')}`);
    return c;
  };
  const parentPath = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  const child = (composite: string, name: string) => at(composite === '' ? name : `${composite}/${name}`);
  const out: PlanAction[] = [];
  for (const a of actions) {
    switch (a.op) {
      case 'stop': out.push({ op: 'stop', component: at(a.path) }); break;
      case 'start': out.push({ op: 'start', component: at(a.path) }); break;
      case 'unbind': {
        const [cn, ci] = split(a.client);
        out.push({ op: 'unbind', client: cn === 'this' ? at(a.composite) : child(a.composite, cn), itf: ci });
        break;
      }
      case 'bind': {
        const [cn, ci] = split(a.client);
        const [sn, si] = split(a.server);
        const comp = at(a.composite);
        const server = sn === 'this' ? Fractal.getContentController(comp).getFcInternalInterface(si) : child(a.composite, sn).getFcInterface(si);
        out.push({ op: 'bind', client: cn === 'this' ? comp : child(a.composite, cn), itf: ci, server });
        break;
      }
      case 'remove': {
        const c = at(a.path);
        out.push({ op: 'remove', parent: at(parentPath(a.path)), child: c });
        for (const k of [...live.keys()]) if (k === a.path || k.startsWith(a.path + '/')) live.delete(k);
        break;
      }
      case 'replace': out.push({ op: 'replace', target: at(a.path), successor: successorOfNode(a.component) }); break;
      case 'add': {
        const c = buildNode(root, a.component);
        out.push({ op: 'add', parent: at(parentPath(a.path)), child: c });
        walk(c, a.path);
        break;
      }
      case 'set-attribute': out.push({ op: 'set-value', component: at(a.path), name: a.name, value: a.to }); break;
    }
  }
  return out;
}
