// Extends merging, as Fractal ADL does it: bodies are merged left to right, a later body
// overriding an earlier one. Named elements are merged by name (interfaces, sub-components —
// recursively —, attributes inside <attributes>); bindings by their client end: the later body's
// bindings of a client replace all the earlier body's bindings of that client (a multicast
// client may have several, in one body); single elements (content, controller, template-controller,
// logger, virtual-node) are replaced; <attributes> keeps the later signature and merges its
// attributes. Attribute values of merged elements override one by one: a child may change
// only the contingency of an inherited interface.
import type { AttributesAst, BindingAst, BodyAst, ComponentAst, InterfaceAst } from './ast.js';
import { emptyBody } from './ast.js';

export function mergeBodies(bodies: readonly BodyAst[]): BodyAst {
  return bodies.reduce((acc, b) => mergeBody(acc, b), emptyBody());
}

export function mergeBody(base: BodyAst, over: BodyAst): BodyAst {
  return {
    interfaces: mergeByKey(base.interfaces, over.interfaces, (i) => i.name.value, mergeInterface),
    components: mergeByKey(base.components, over.components, (c) => c.name.value, mergeComponent),
    bindings: mergeBindings(base.bindings, over.bindings),
    content: over.content ?? base.content,
    attributes: mergeAttributes(base.attributes, over.attributes),
    controller: over.controller ?? base.controller,
    templateController: over.templateController ?? base.templateController,
    logger: over.logger ?? base.logger,
    virtualNode: over.virtualNode ?? base.virtualNode,
  };
}

function mergeByKey<T>(base: readonly T[], over: readonly T[], key: (t: T) => string, merge: (a: T, b: T) => T): T[] {
  const out = [...base];
  const index = new Map(out.map((t, i) => [key(t), i]));
  for (const t of over) {
    const i = index.get(key(t));
    if (i === undefined) {
      index.set(key(t), out.length);
      out.push(t);
    } else out[i] = merge(out[i]!, t);
  }
  return out;
}

function mergeBindings(base: readonly BindingAst[], over: readonly BindingAst[]): BindingAst[] {
  const client = (b: BindingAst) => b.client.value.trim();
  const overByClient = new Map<string, BindingAst[]>();
  for (const b of over) overByClient.set(client(b), [...(overByClient.get(client(b)) ?? []), b]);
  const out: BindingAst[] = [];
  const placed = new Set<string>();
  for (const b of base) {
    const replacement = overByClient.get(client(b));
    if (!replacement) out.push(b);
    else if (!placed.has(client(b))) {
      placed.add(client(b));
      out.push(...replacement);
    }
  }
  for (const b of over) if (!placed.has(client(b))) out.push(b);
  return out;
}

function mergeInterface(a: InterfaceAst, b: InterfaceAst): InterfaceAst {
  return {
    pos: b.pos,
    name: b.name,
    role: b.role ?? a.role,
    signature: b.signature ?? a.signature,
    contingency: b.contingency ?? a.contingency,
    cardinality: b.cardinality ?? a.cardinality,
  };
}

function mergeComponent(a: ComponentAst, b: ComponentAst): ComponentAst {
  return { pos: b.pos, name: b.name, definition: b.definition ?? a.definition, body: mergeBody(a.body, b.body) };
}

function mergeAttributes(a: AttributesAst | undefined, b: AttributesAst | undefined): AttributesAst | undefined {
  if (!a || !b) return b ?? a;
  return {
    pos: b.pos,
    signature: b.signature ?? a.signature,
    attributes: mergeByKey(a.attributes, b.attributes, (x) => x.name.value, (_x, y) => y),
  };
}
