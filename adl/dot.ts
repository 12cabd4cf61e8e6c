// Graph → Graphviz DOT. Composites with content are clusters; their own interfaces are small
// port nodes inside the cluster (server: where calls come in, client: where they leave);
// primitives are boxes; edges go client → server, labelled with the interface names.
// Shared references are dashed boxes with a dotted edge to the component they designate;
// components whose definition was not found (partial mode) are dashed boxes too.
import type { GraphNode } from './graph.js';

const q = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';

export function toDot(root: GraphNode): string {
  const out: string[] = [];
  out.push(`digraph ${q(root.definition ?? root.name)} {`);
  out.push('  graph [rankdir=LR, compound=true, fontname="Helvetica", fontsize=11, nodesep=0.3, ranksep=0.6];');
  out.push('  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname="Helvetica", fontsize=10];');
  out.push('  edge [fontname="Helvetica", fontsize=9, color="#333333"];');
  const edges: string[] = [];
  let clusterId = 0;

  const id = (path: string[]) => path.join('/');
  const portId = (path: string[], itf: string) => `${id(path)}#${itf}`;
  const isCluster = (n: GraphNode) => n.components.length > 0;

  /** The DOT node an endpoint `comp.itf` of composite `n` (at `path`) designates. */
  const endpoint = (n: GraphNode, path: string[], text: string): string | undefined => {
    const dot = text.indexOf('.');
    if (dot <= 0) return undefined;
    const comp = text.slice(0, dot);
    const itf = text.slice(dot + 1);
    if (comp === 'this') return portId(path, itf);
    const sub = n.components.find((c) => c.name === comp);
    if (!sub) return undefined;
    return isCluster(sub) ? portId([...path, comp], baseItf(sub, itf)) : id([...path, comp]);
  };

  const walk = (n: GraphNode, path: string[], indent: string) => {
    if (!isCluster(n)) {
      const shared = n.definition?.startsWith('./');
      const label = shared ? `${n.name}\nshared ${n.definition}` : `${n.name}\n${n.content ?? n.definition ?? n.kind}${n.missing ? '\n(definition not found)' : ''}`;
      const style = shared || n.missing ? ', style="rounded,dashed"' : n.kind === 'composite' ? ', fillcolor="#f4f4f4"' : '';
      out.push(`${indent}${q(id(path))} [label=${q(label)}${style}];`);
      if (shared && n.definition) edges.push(`  ${q(id(path))} -> ${q(id([path[0]!, ...n.definition.slice(2).split('/').filter(Boolean)]))} [style=dotted, arrowhead=none];`);
      return;
    }
    out.push(`${indent}subgraph ${q(`cluster_${clusterId++}`)} {`);
    out.push(`${indent}  label=${q(`${n.name}${n.definition ? `\n${n.definition}` : ''}`)}; style="rounded"; color="#4a6fa5"; labeljust="l";`);
    for (const i of n.interfaces) {
      out.push(`${indent}  ${q(portId(path, i.name))} [label=${q(i.name)}, shape=${i.role === 'server' ? 'cds' : 'larrow'}, style=filled, fillcolor="${i.role === 'server' ? '#d7ecd9' : '#fbe3c8'}", fontsize=9, height=0.25];`);
    }
    for (const c of n.components) walk(c, [...path, c.name], indent + '  ');
    for (const b of n.bindings) {
      const from = endpoint(n, path, b.client);
      const to = endpoint(n, path, b.server);
      if (!from || !to) continue;
      const ci = b.client.slice(b.client.indexOf('.') + 1);
      const si = b.server.slice(b.server.indexOf('.') + 1);
      edges.push(`  ${q(from)} -> ${q(to)} [label=${q(ci === si ? ci : `${ci} → ${si}`)}];`);
    }
    out.push(`${indent}}`);
  };
  walk(root, [root.name], '  ');
  out.push(...edges);
  out.push('}');
  return out.join('\n') + '\n';
}

/** The declared interface a (possibly collection-member) name belongs to. */
function baseItf(n: GraphNode, itf: string): string {
  if (n.interfaces.some((i) => i.name === itf)) return itf;
  return n.interfaces.find((i) => i.cardinality === 'collection' && itf.startsWith(i.name))?.name ?? itf;
}
