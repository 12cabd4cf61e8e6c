// The successor of a replaced component: which content class, with which attributes, and its content
// instance. The engine swaps content in place (see docs/reconfiguration.md): the successor is a new
// content instance built for the target's own membrane — its client ports, its devices container — so
// that every interface reference and binding stays valid. The instance is created before the target is
// stopped, so a class that cannot be built costs the running system nothing.

import { Container } from 'inversify';
import { loadAdl, type GraphNode } from '../adl/index.js';
import { attributeToken, clientToken, contents, signatures, type Component, type ContentClass } from '../bindings/index.js';
import { ITF } from '../bindings/itf.js';
import { ReconfigurationError } from './errors.js';

/** What to replace a component's content with. */
export type SuccessorSpec =
  | string
  | ContentClass
  | { readonly definition: string; readonly attributes?: Readonly<Record<string, unknown>> }
  | { readonly content: string | ContentClass; readonly attributes?: Readonly<Record<string, unknown>> };

/** Loads an ADL definition by dotted name: its content class and attributes. */
export type DefinitionLoader = (definition: string) => { content: string | null; attributes: Record<string, string> };

export interface ResolvedSuccessor {
  readonly cls: ContentClass;
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A loader over ADL search roots (a definition `a.b.C` is `a/b/C.fractal` below one of them). */
export function adlDefinitionLoader(searchPath: readonly string[]): DefinitionLoader {
  return (definition) => {
    const m = loadAdl(definition, { path: [...searchPath] });
    return { content: m.root.kind === 'primitive' ? m.root.content : null, attributes: m.graph.attributes };
  };
}

export function successorOfNode(n: GraphNode): SuccessorSpec {
  if (n.content === null) throw new ReconfigurationError('plan', `cannot replace with '${n.name}': it is a ${n.kind} with no content class; expected a primitive`);
  return { content: n.content, attributes: n.attributes };
}

export function describeSuccessor(s: SuccessorSpec): string {
  if (typeof s === 'string') return s;
  if (typeof s === 'function') return contents.nameOf(s) ?? s.name;
  if ('definition' in s) return `definition ${s.definition}`;
  return typeof s.content === 'string' ? s.content : contents.nameOf(s.content) ?? s.content.name;
}

export function resolveSuccessor(s: SuccessorSpec, target: Component, loader: DefinitionLoader | undefined): ResolvedSuccessor {
  const byName = (name: string, attributes: Readonly<Record<string, unknown>>): ResolvedSuccessor => {
    const cls = contents.get(name);
    if (cls) return { cls, name, attributes };
    if (loader) {
      let def: ReturnType<DefinitionLoader>;
      try {
        def = loader(name);
      } catch (e) {
        throw new ReconfigurationError('create', `successor of '${target}': '${name}' is neither a registered content class nor a loadable ADL definition (${(e as Error).message.split('\n')[0]})`);
      }
      if (!def.content) throw new ReconfigurationError('create', `successor of '${target}': definition '${name}' has no content class; expected a primitive definition`);
      const inner = byName(def.content, {});
      return { cls: inner.cls, name: inner.name, attributes: { ...def.attributes, ...attributes } };
    }
    throw new ReconfigurationError('create', `successor of '${target}': no content class registered under '${name}'; registered: ${contents.list().join(', ')}`);
  };
  if (typeof s === 'string') return byName(s, {});
  if (typeof s === 'function') return { cls: s, name: contents.nameOf(s) ?? s.name, attributes: {} };
  if ('definition' in s) {
    if (!loader) throw new ReconfigurationError('create', `successor of '${target}': definition '${s.definition}' given but the engine has no ADL search path`);
    return byName(s.definition, s.attributes ?? {});
  }
  if (typeof s.content === 'function') return { cls: s.content, name: contents.nameOf(s.content) ?? s.content.name, attributes: s.attributes ?? {} };
  return byName(s.content, s.attributes ?? {});
}

// One child container per (target, class, attribute values): building an inversify container and its
// bindings costs more than the rest of a small swap; the class is bound transient, so every get() is new.
const containers = new WeakMap<Component, Map<string, { cls: ContentClass; container: Container }>>();

function containerFor(target: Component, succ: ResolvedSuccessor): Container {
  const attrs = new Map<string, unknown>();
  if (target.attributes) for (const k of target.attributes.names()) attrs.set(k, target.attributes.get(k));
  for (const [k, v] of Object.entries(succ.attributes)) attrs.set(k, v);
  const key = `${succ.name}\u0000${JSON.stringify([...attrs])}`;
  let byKey = containers.get(target);
  if (!byKey) containers.set(target, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached && cached.cls === succ.cls) return cached.container;
  const parent = target.container ?? undefined;
  const child = new Container(parent ? { parent } : {});
  for (const itf of target.external.values()) {
    const st = itf[ITF];
    if (st.role === 'client' && !st.type.isFcCollectionItf()) child.bind(clientToken(st.name)).toConstantValue(itf);
  }
  for (const prefix of target.collections.keys()) child.bind(clientToken(prefix)).toConstantValue(target.portCollection(prefix));
  for (const [k, v] of attrs) child.bind(attributeToken(k)).toConstantValue(v);
  child.bind(succ.cls).toSelf();
  byKey.set(key, { cls: succ.cls, container: child });
  return child;
}

/**
 * A new content instance for `target`'s membrane: its client ports, client collections, its attribute
 * values overlaid with `attributes`; checked to have every method of every server interface and the
 * state-transfer pair. Does not install it.
 */
export function createSuccessorContent(target: Component, succ: ResolvedSuccessor): object {
  const child = containerFor(target, succ);
  let obj: object;
  try {
    obj = child.get(succ.cls) as object;
  } catch (e) {
    throw new ReconfigurationError('create', `cannot create successor ${succ.name} of '${target}': ${(e as Error).message.split('\n')[0]}`);
  }
  const has = (m: string) => typeof (obj as Record<string, unknown>)[m] === 'function';
  for (const t of target.getFcType().getFcInterfaceTypes()) {
    if (t.isFcClientItf()) continue;
    for (const m of signatures.methodsOf(t.getFcItfSignature())) {
      if (!has(m)) throw new ReconfigurationError('create', `successor ${succ.name} of '${target}' has no method '${m}' of server interface '${t.getFcItfName()}' (signature ${t.getFcItfSignature()})`);
    }
  }
  if (!has('importState')) throw new ReconfigurationError('create', `successor ${succ.name} of '${target}' has no importState(state): it cannot take the target's state`);
  return obj;
}
