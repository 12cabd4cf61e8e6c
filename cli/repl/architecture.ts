// The live architecture as data: the kernel composite read back from the running components (types,
// content classes, attributes, bindings) as an ADL graph, and that graph written as a self-contained
// Fractal ADL file (every component inline, no `definition=` references), which `tessera adl check`
// accepts and `tessera repl --adl` boots. `load` diffs such a graph against the live one.
import { basename } from 'node:path';
import type { GraphBinding, GraphNode } from '../../adl/index.js';
import type { Component } from '../../bindings/index.js';
import { attributesOf, clientBindings, contentName, interfacesOf, itfLabel, nameOf, ReplError, subComponents } from './model.js';

export interface LiveNode extends GraphNode {
  attributeSignature: string | null;
}

/** The live component `c` as an ADL graph node (definition null: the architecture as it runs now). */
export function liveGraph(c: Component): LiveNode {
  const attrs = attributesOf(c);
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs.values)) attributes[k] = String(v);
  const kids = subComponents(c);
  return {
    name: nameOf(c),
    definition: null,
    kind: c.kind,
    content: contentName(c),
    controller: c.kind,
    interfaces: interfacesOf(c).map((i) => ({
      name: i.name, role: i.role, signature: i.signature,
      contingency: i.optional ? 'optional' : 'mandatory', cardinality: i.collection ? 'collection' : 'singleton',
    })),
    attributes,
    attributeSignature: attrs.signature,
    components: kids.map(liveGraph),
    bindings: c.kind === 'composite' ? bindingsInside(c, kids) : [],
  };
}

/** Bindings whose client end is the composite's own internal client or one of its sub-components'. */
function bindingsInside(c: Component, kids: Component[]): GraphBinding[] {
  const out: GraphBinding[] = [];
  const add = (owner: Component, label: string) => {
    for (const { client, server } of clientBindings(owner)) {
      if (!server) continue;
      const serverOwner = server.getFcItfOwner();
      // A sub-component's client bound outside the composite is not this composite's binding.
      if (owner !== c && serverOwner !== c && !kids.includes(serverOwner)) continue;
      if (owner === c && !server.isFcInternalItf() && !kids.includes(serverOwner)) continue;
      out.push({ client: `${label}.${client}`, server: itfLabel(server, c) });
    }
  };
  add(c, 'this');
  for (const k of kids) add(k, nameOf(k));
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A definition name from a file name: "saved.fractal" → "saved" (ADL wants the file named after it). */
export function definitionNameFor(file: string): string {
  const base = basename(file);
  if (!base.endsWith('.fractal')) throw new ReplError(`'${file}' is not a .fractal file`, `try: save ${file}.fractal`);
  const name = base.slice(0, -'.fractal'.length);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new ReplError(`'${base}' cannot name a definition (ADL needs the file named after it: letters, digits, _)`, `try: save ${name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1')}.fractal`);
  }
  return name;
}

/** The graph as a Fractal ADL file with one top-level definition named `definition`. */
export function toAdlXml(g: LiveNode, definition: string, comment: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE definition PUBLIC "-//objectweb.org//DTD Fractal ADL 2.0//EN" "classpath://org/objectweb/fractal/adl/xml/standard.dtd">',
    `<!-- ${comment.replace(/--/g, '- -')} -->`,
    `<definition name="${esc(definition)}">`,
  ];
  body(g, '  ', lines);
  lines.push('</definition>', '');
  return lines.join('\n');
}

function body(g: LiveNode, ind: string, lines: string[]): void {
  for (const i of g.interfaces) {
    const extra = (i.contingency === 'optional' ? ' contingency="optional"' : '') + (i.cardinality === 'collection' ? ' cardinality="collection"' : '');
    lines.push(`${ind}<interface name="${esc(i.name)}" role="${i.role}" signature="${esc(i.signature)}"${extra}/>`);
  }
  for (const k of g.components as LiveNode[]) {
    lines.push(`${ind}<component name="${esc(k.name)}">`);
    body(k, `${ind}  `, lines);
    lines.push(`${ind}</component>`);
  }
  for (const b of g.bindings) lines.push(`${ind}<binding client="${esc(b.client)}" server="${esc(b.server)}"/>`);
  if (g.content) lines.push(`${ind}<content class="${esc(g.content)}"/>`);
  const attrs = Object.entries(g.attributes);
  if (attrs.length > 0) {
    lines.push(`${ind}<attributes${g.attributeSignature ? ` signature="${esc(g.attributeSignature)}"` : ''}>`);
    for (const [k, v] of attrs) lines.push(`${ind}  <attribute name="${esc(k)}" value="${esc(v)}"/>`);
    lines.push(`${ind}</attributes>`);
  }
  lines.push(`${ind}<controller desc="${g.kind}"/>`);
}

/** A graph with every `definition` cleared, so a diff compares what runs (content, type, bindings), not how it was written. */
export function structural(g: GraphNode): GraphNode {
  return { ...g, definition: null, components: g.components.map(structural) };
}
