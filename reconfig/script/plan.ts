// Planning a parsed script: every path resolved against the live components (plus what earlier steps
// of the same script add or remove), every action turned into an engine action. Nothing runs here.

import { Fractal, type Component } from '../../bindings/index.js';
import { ScriptError } from '../errors.js';
import { buildNode, type PlanAction } from '../plan.js';
import type { GraphNode } from '../../adl/index.js';
import type { ActionStmt, Arg, Pos, Statement } from './parser.js';

export interface ScriptContext {
  /** `$name` → component (e.g. `kernel`). */
  readonly variables: Readonly<Record<string, Component>>;
  /** Short implementation names: (component name, "mlfq") → content class, or undefined. */
  readonly implementation?: (family: string, name: string) => string | undefined;
  /** ADL definition (dotted name) → graph, for add(parent, "definition"). */
  readonly loadGraph?: (definition: string) => GraphNode;
}

export interface ScriptStep {
  readonly pos: Pos;
  readonly transaction: boolean;
  readonly actions: readonly PlanAction[];
  /** Probation calls given by a `replace(c, "impl", n)` of the step (the largest if several). */
  readonly probation?: number;
}

const err = (p: Pos, msg: string) => new ScriptError(p.line, p.column, msg);

export function planScript(statements: readonly Statement[], ctx: ScriptContext): ScriptStep[] {
  const added = new Map<Component, Component[]>();
  const removed = new Set<Component>();
  const childrenOf = (c: Component) => [...c.children.filter((k) => !removed.has(k)), ...(added.get(c) ?? [])];

  const resolve = (a: Arg): { component: Component; itf?: object; itfName?: string } => {
    if (a.kind !== 'path') throw err(a.pos, 'expected a path');
    const root = ctx.variables[a.variable];
    if (!root) throw err(a.pos, `unknown variable '$${a.variable}': expected one of ${Object.keys(ctx.variables).map((v) => `$${v}`).join(', ') || '(none defined)'}`);
    let c = root;
    for (let k = 0; k < a.steps.length; k++) {
      const s = a.steps[k]!;
      if (s.axis === 'child') {
        const next = childrenOf(c).find((x) => x.getFcName() === s.name);
        if (!next) throw err(s.pos, `'${c}' has no sub-component '${s.name}': expected one of ${childrenOf(c).map((x) => `'${x.getFcName()}'`).join(', ') || '(none)'}`);
        c = next;
        continue;
      }
      if (k !== a.steps.length - 1) throw err(a.steps[k + 1]!.pos, `nothing can follow an interface step in a path`);
      try {
        const itf = s.axis === 'interface' ? c.getFcInterface(s.name) : Fractal.getContentController(c).getFcInternalInterface(s.name);
        return { component: c, itf, itfName: s.name };
      } catch (e) {
        throw err(s.pos, (e as Error).message);
      }
    }
    return { component: c };
  };
  const component = (a: Arg) => {
    const r = resolve(a);
    if (r.itf) throw err(a.pos, 'expected a component path, got an interface path');
    return r.component;
  };
  const itf = (a: Arg) => {
    const r = resolve(a);
    if (!r.itf) throw err(a.pos, 'expected an interface path ($kernel/c/interface::name), got a component path');
    return r as { component: Component; itf: object; itfName: string };
  };
  const str = (a: Arg) => (a.kind === 'string' ? a.value : a.kind === 'number' ? a.value : '');

  const action = (s: ActionStmt): PlanAction => {
    const [a0, a1, a2] = s.args;
    switch (s.name) {
      case 'replace': {
        const target = component(a0!);
        const name = String(str(a1!));
        return { op: 'replace', target, successor: ctx.implementation?.(target.getFcName(), name) ?? name };
      }
      case 'bind': {
        const client = itf(a0!);
        return { op: 'bind', client: client.component, itf: client.itfName, server: itf(a1!).itf };
      }
      case 'unbind': {
        const client = itf(a0!);
        return { op: 'unbind', client: client.component, itf: client.itfName };
      }
      case 'start': return { op: 'start', component: component(a0!) };
      case 'stop': return { op: 'stop', component: component(a0!) };
      case 'set-value': return { op: 'set-value', component: component(a0!), name: String(str(a1!)), value: str(a2!) };
      case 'add': {
        const parent = component(a0!);
        if (!ctx.loadGraph) throw err(a1!.pos, 'add needs ADL definitions, and this script context has no ADL search path');
        let g: GraphNode;
        try {
          g = ctx.loadGraph(String(str(a1!)));
        } catch (e) {
          throw err(a1!.pos, `cannot load definition '${str(a1!)}': ${(e as Error).message.split('\n')[0]}`);
        }
        if (a2) g = { ...g, name: String(str(a2)) };
        let child: Component;
        try {
          child = buildNode(parent, g);
        } catch (e) {
          throw err(a1!.pos, `cannot build '${g.name}': ${(e as Error).message}`);
        }
        added.set(parent, [...(added.get(parent) ?? []), child]);
        return { op: 'add', parent, child };
      }
      case 'remove': {
        const parent = component(a0!);
        const child = component(a1!);
        if (!childrenOf(parent).includes(child)) throw err(a1!.pos, `'${child}' is not a sub-component of '${parent}'`);
        removed.add(child);
        return { op: 'remove', parent, child };
      }
    }
  };

  const probationOf = (body: readonly ActionStmt[]): { probation?: number } => {
    const given = body.flatMap((a) => (a.name === 'replace' && a.args[2]?.kind === 'number' ? [a.args[2].value] : []));
    return given.length ? { probation: Math.max(...given) } : {};
  };
  return statements.map((s): ScriptStep => (s.kind === 'transaction'
    ? { pos: s.pos, transaction: true, actions: s.body.map(action), ...probationOf(s.body) }
    : { pos: s.pos, transaction: false, actions: [action(s)], ...probationOf([s]) }));
}
