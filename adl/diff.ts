// ADL diff: the ordered reconfiguration actions that turn graph A into graph B. This is the
// plan the reconfiguration engine (reconfig/) executes as one transaction.
//
// Paths name a component by the names below the root, joined by "/" ("" is the root,
// "scheduler", "fe/rr"). Binding ends are written as in ADL, relative to `composite`
// ("this.x" is the composite's own interface).
//
// Phases, always in this order (each phase in a stable order: A's order for what goes,
// B's order for what comes):
//   stop        components whose bindings change (the owner of the client end; a `this.` client
//               stops the composite) and components about to be removed; a component is not
//               listed when an ancestor is
//   unbind      bindings of A absent from B (inside composites present in both)
//   remove      sub-components of A absent from B (with their whole content)
//   replace     same path, different content class or definition (primitives), or a different
//               type or kind; the engine swaps it in place (safe state, state transfer) and
//               keeps its bindings that are in both A and B, and leaves the successor in the
//               lifecycle state the target had (stopped when an earlier stop listed it); carries B's node
//   add         sub-components of B absent from A, with their whole content (created stopped)
//   set-attribute  attributes whose value differs (attributes absent from B are left alone)
//   bind        bindings of B absent from A
//   start       every stopped component still in B, then every added component
import type { GraphNode } from './graph.js';

export type ReconfigAction =
  | { op: 'stop'; path: string }
  | { op: 'unbind'; composite: string; client: string; server: string }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; from: { content: string | null; definition: string | null }; component: GraphNode }
  | { op: 'add'; path: string; component: GraphNode }
  | { op: 'set-attribute'; path: string; name: string; from: string | null; to: string }
  | { op: 'bind'; composite: string; client: string; server: string }
  | { op: 'start'; path: string };

interface Plan {
  stop: string[];
  unbind: ReconfigAction[];
  remove: ReconfigAction[];
  replace: ReconfigAction[];
  add: ReconfigAction[];
  set: ReconfigAction[];
  bind: ReconfigAction[];
  added: string[];
}

const join = (path: string, name: string) => (path === '' ? name : `${path}/${name}`);

export function diff(a: GraphNode, b: GraphNode): ReconfigAction[] {
  const plan: Plan = { stop: [], unbind: [], remove: [], replace: [], add: [], set: [], bind: [], added: [] };
  if (needsReplace(a, b)) {
    plan.replace.push({ op: 'replace', path: '', from: { content: a.content, definition: a.definition }, component: b });
  } else diffNode(a, b, '', plan);

  const stops = topmost(unique(plan.stop));
  const actions: ReconfigAction[] = [
    ...stops.map((path): ReconfigAction => ({ op: 'stop', path })),
    ...plan.unbind,
    ...plan.remove,
    ...plan.replace,
    ...plan.add,
    ...plan.set,
    ...plan.bind,
  ];
  const removed = plan.remove.map((r) => (r as { path: string }).path);
  const gone = (p: string) => removed.some((r) => p === r || p.startsWith(r + '/'));
  for (const path of [...stops].reverse()) if (!gone(path)) actions.push({ op: 'start', path });
  for (const path of plan.added) actions.push({ op: 'start', path });
  return actions;
}

function diffNode(a: GraphNode, b: GraphNode, path: string, plan: Plan): void {
  diffAttributes(a, b, path, plan);
  const aSubs = new Map(a.components.map((c) => [c.name, c]));
  const bSubs = new Map(b.components.map((c) => [c.name, c]));

  const key = (x: { client: string; server: string }) => `${x.client}\u0000${x.server}`;
  const aBind = new Set(a.bindings.map(key));
  const bBind = new Set(b.bindings.map(key));
  const owner = (client: string) => {
    const comp = client.slice(0, client.indexOf('.'));
    return comp === 'this' ? path : join(path, comp);
  };
  for (const x of a.bindings) {
    if (bBind.has(key(x))) continue;
    const comp = x.client.slice(0, x.client.indexOf('.'));
    if (comp !== 'this' && !bSubs.has(comp)) continue; // goes with its component
    plan.stop.push(owner(x.client));
    plan.unbind.push({ op: 'unbind', composite: path, client: x.client, server: x.server });
  }
  for (const c of a.components) {
    if (!bSubs.has(c.name)) {
      plan.stop.push(join(path, c.name));
      plan.remove.push({ op: 'remove', path: join(path, c.name) });
    }
  }
  for (const c of b.components) {
    const old = aSubs.get(c.name);
    const p = join(path, c.name);
    if (!old) {
      plan.add.push({ op: 'add', path: p, component: c });
      plan.added.push(p);
    } else if (needsReplace(old, c)) {
      if (old.kind === 'primitive' && c.kind === 'primitive') {
        plan.replace.push({ op: 'replace', path: p, from: { content: old.content, definition: old.definition }, component: c });
      } else {
        // a composite's type or kind changed: it cannot be swapped in place
        plan.stop.push(p);
        plan.remove.push({ op: 'remove', path: p });
        plan.add.push({ op: 'add', path: p, component: c });
        plan.added.push(p);
      }
    } else diffNode(old, c, p, plan);
  }
  for (const x of b.bindings) {
    if (aBind.has(key(x))) continue;
    const comp = x.client.slice(0, x.client.indexOf('.'));
    if (comp !== 'this' && !aSubs.has(comp)) {
      plan.bind.push({ op: 'bind', composite: path, client: x.client, server: x.server });
      continue; // a new component is stopped already
    }
    plan.stop.push(owner(x.client));
    plan.bind.push({ op: 'bind', composite: path, client: x.client, server: x.server });
  }
}

function diffAttributes(a: GraphNode, b: GraphNode, path: string, plan: Plan): void {
  for (const [name, to] of Object.entries(b.attributes)) {
    const from = a.attributes[name] ?? null;
    if (from !== to) plan.set.push({ op: 'set-attribute', path, name, from, to });
  }
}

function needsReplace(a: GraphNode, b: GraphNode): boolean {
  if (a.kind !== b.kind) return true;
  if (typeKey(a) !== typeKey(b)) return true;
  const sharedA = a.definition?.startsWith('./') ?? false;
  const sharedB = b.definition?.startsWith('./') ?? false;
  if (sharedA || sharedB) return a.definition !== b.definition;
  if (a.kind === 'primitive') return a.content !== b.content || a.definition !== b.definition || a.controller !== b.controller;
  return a.controller !== b.controller;
}

function typeKey(n: GraphNode): string {
  return n.interfaces
    .map((i) => `${i.name}|${i.role}|${i.signature}|${i.contingency}|${i.cardinality}`)
    .sort()
    .join(';');
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Drops paths that have an ancestor in the list (stopping a composite stops its content). */
function topmost(paths: string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q !== p && (q === '' || p.startsWith(q + '/'))));
}

/** One line per action, for `tessera adl diff`. */
export function formatActions(actions: readonly ReconfigAction[]): string {
  const p = (s: string) => (s === '' ? '/' : s);
  return actions
    .map((a) => {
      switch (a.op) {
        case 'stop':
        case 'start':
        case 'remove':
          return `${a.op} ${p(a.path)}`;
        case 'unbind':
        case 'bind':
          return `${a.op} ${p(a.composite)}: ${a.client} -> ${a.server}`;
        case 'replace':
          return `replace ${p(a.path)}: ${a.from.content ?? a.from.definition ?? a.component.kind} -> ${a.component.content ?? a.component.definition ?? a.component.kind}`;
        case 'add':
          return `add ${p(a.path)} (${a.component.kind}${a.component.content ? ` ${a.component.content}` : ''}${a.component.definition ? `, definition ${a.component.definition}` : ''})`;
        case 'set-attribute':
          return `set-attribute ${p(a.path)} ${a.name} = ${JSON.stringify(a.to)}${a.from === null ? '' : ` (was ${JSON.stringify(a.from)})`}`;
      }
    })
    .join('\n');
}
