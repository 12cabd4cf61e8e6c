// The structural graph: a resolved tree as plain JSON, in the shape DESIGN.md fixes
// (name, definition, kind, content, controller, interfaces, attributes, components, bindings).
// Shared references appear as nodes whose `definition` is the "./path" they designate.
import type { Cardinality, Contingency, Kind, ResolvedNode, Role } from './model.js';

export interface GraphInterface {
  name: string;
  role: Role;
  signature: string;
  contingency: Contingency;
  cardinality: Cardinality;
}

export interface GraphBinding {
  client: string;
  server: string;
}

export interface GraphNode {
  name: string;
  definition: string | null;
  kind: Kind;
  content: string | null;
  controller: string;
  interfaces: GraphInterface[];
  attributes: Record<string, string>;
  components: GraphNode[];
  bindings: GraphBinding[];
  /** Only in partial mode, when definitions of this component were not found. */
  missing?: string[];
}

export function toGraph(n: ResolvedNode): GraphNode {
  const attributes: Record<string, string> = {};
  for (const a of n.attributes) attributes[a.name] = a.value;
  return {
    name: n.name,
    definition: n.definition,
    kind: n.kind,
    content: n.content,
    controller: n.controller,
    interfaces: n.interfaces.map((i) => ({ name: i.name, role: i.role, signature: i.signature, contingency: i.contingency, cardinality: i.cardinality })),
    attributes,
    components: n.sharedPath ? [] : n.components.map(toGraph),
    bindings: n.sharedPath ? [] : n.bindings.map((b) => ({ client: b.client, server: b.server })),
    ...(n.missing ? { missing: [...n.missing] } : {}),
  };
}

/** JSON text of a graph, two-space indented, keys in the DESIGN.md order. */
export function toJson(g: GraphNode): string {
  return JSON.stringify(g, null, 2);
}

/** Finds a node by a slash-separated path of names below the root ("" is the root). */
export function findNode(root: GraphNode, path: string): GraphNode | undefined {
  let n: GraphNode | undefined = root;
  for (const seg of path.split('/').filter((s) => s !== '')) {
    n = n.components.find((c) => c.name === seg);
    if (!n) return undefined;
  }
  return n;
}

/** A readable indented tree, for `tessera adl show`. */
export function toTree(g: GraphNode): string {
  const out: string[] = [];
  const walk = (n: GraphNode, indent: string) => {
    const what = n.definition?.startsWith('./')
      ? `shared ${n.definition}`
      : [n.kind, n.content ? `content ${n.content}` : null, n.definition ? `definition ${n.definition}` : null, n.missing ? `not found: ${n.missing.join(', ')}` : null]
          .filter(Boolean)
          .join(', ');
    out.push(`${indent}${n.name} (${what})`);
    const sub = indent + '  ';
    for (const i of n.interfaces) {
      const flags = [i.contingency === 'optional' ? 'optional' : null, i.cardinality !== 'singleton' ? i.cardinality : null].filter(Boolean);
      out.push(`${sub}${i.role === 'server' ? '>' : '<'} ${i.role} ${i.name}: ${i.signature}${flags.length ? ` [${flags.join(', ')}]` : ''}`);
    }
    for (const [k, v] of Object.entries(n.attributes)) out.push(`${sub}@ ${k} = ${JSON.stringify(v)}`);
    for (const b of n.bindings) out.push(`${sub}- ${b.client} -> ${b.server}`);
    for (const c of n.components) walk(c, sub);
  };
  walk(g, '');
  return out.join('\n') + '\n';
}
