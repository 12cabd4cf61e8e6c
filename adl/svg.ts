// DOT → SVG in-process with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz):
// no system graphviz needed. The WebAssembly module is loaded once and reused.
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { GraphNode } from './graph.js';
import { toDot } from './dot.js';

let graphviz: Promise<Graphviz> | undefined;

export async function dotToSvg(dot: string): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).dot(dot, 'svg');
}

export async function toSvg(root: GraphNode): Promise<string> {
  return dotToSvg(toDot(root));
}
