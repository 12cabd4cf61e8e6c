// Builder: a loaded definition → live Fractal components, through the generic factory of
// bindings/. Order, as Fractal ADL's backend does it: create every component (type from the
// interfaces, content class from the contents registry, attributes at creation so that content
// can inject them), add sub-components, bind (exports through the composite's internal
// interfaces, imports to `this.`), bind the root's imports given by the caller, then start.
// Atomic: a build that fails undoes what it did, in reverse (stop, unbind, remove; created
// components are dropped), and throws one AdlError of kind 'build' positioned on the ADL
// element of the component or binding that failed, with the runtime's reason.
import type { Container } from 'inversify';
import {
  Fractal,
  type BindingController,
  type BootstrapComponent,
  type Component,
  type ContentController,
  type ReconfigurationMode,
} from '../bindings/index.js';
import { AdlError, type AdlDiagnostic, type SourcePos } from './errors.js';
import type { AdlModel } from './load.js';
import type { ResolvedNode } from './model.js';

export interface BuildOptions {
  /** The bootstrap component whose factories to use; default: one created for this build with `container`. */
  boot?: BootstrapComponent;
  /** Parent inversify container of every component's container (the machine's devices, bound with deviceToken). */
  container?: Container;
  /** Server interfaces to bind the root's client interfaces (imports) to, by interface name. */
  imports?: Readonly<Record<string, object>>;
  /** Start the root once built (default true). */
  start?: boolean;
  /** Build only the sub-component at this path ("scheduler", "fe/rr"); shared references must stay inside it. */
  at?: string;
  /** Reconfiguration mode of every primitive (default: the factory's, 'thread-counting'). */
  reconfiguration?: ReconfigurationMode;
}

export interface BuiltArchitecture {
  /** The definition built (`Def/path` for a sub-component build). */
  definition: string;
  root: Component;
  /** Every component by path below the root ("" is the root, "scheduler", "fe/rr"). */
  components: ReadonlyMap<string, Component>;
  /** The component at `path`; throws when there is none. */
  get(path: string): Component;
}

interface Undo {
  started?: Component;
  bound: Array<{ bc: BindingController; name: string }>;
  added: Array<{ cc: ContentController; sub: Component }>;
}

const join = (path: string, name: string) => (path === '' ? name : `${path}/${name}`);

/**
 * Builds a loaded definition (loadAdl), or with `at` only the sub-component at that path (what a
 * diff's `add`/`replace` action names); errors point at its ADL source.
 */
export function build(model: AdlModel, opts: BuildOptions = {}): Promise<BuiltArchitecture> {
  if (!opts.at) return buildTree(model.root, model.definition, opts);
  const segs = opts.at.split('/').filter(Boolean);
  let node = model.root;
  for (const seg of segs) {
    const next = node.components.find((c) => c.name === seg);
    if (!next) {
      const pos = node.pos;
      return Promise.reject(new AdlError([{ kind: 'build', pos, message: `no component '${opts.at}' in '${model.definition}': '${node.name}' has no sub-component '${seg}'` }]));
    }
    node = next;
  }
  return buildTree(rebase(node, segs), `${model.definition}/${segs.join('/')}`, opts);
}

/** Shared paths are from the model's root; inside a subtree build they must stay inside it. */
function rebase(n: ResolvedNode, prefix: string[]): ResolvedNode {
  const sharedPath = n.sharedPath && n.sharedPath.slice(0, prefix.length).join('/') === prefix.join('/') ? n.sharedPath.slice(prefix.length) : n.sharedPath && ['..', ...n.sharedPath];
  return { ...n, components: n.components.map((c) => rebase(c, prefix)), ...(sharedPath ? { sharedPath } : {}) };
}

/** What the Fractal runtime of bindings/ cannot build: partial models and GCM cardinalities. */
function unbuildable(n: ResolvedNode, out: AdlDiagnostic[]): AdlDiagnostic[] {
  if (n.missing?.length) out.push({ kind: 'build', pos: n.pos, message: `cannot build '${n.name}': definitions not found (partial model): ${n.missing.join(', ')}` });
  for (const i of n.interfaces) {
    if (i.cardinality === 'multicast' || i.cardinality === 'gathercast') {
      out.push({ kind: 'build', pos: i.pos, message: `cannot build interface '${n.name}.${i.name}': ${i.cardinality} is a GCM (ProActive) cardinality; Tessera's runtime has singleton and collection` });
    }
  }
  if (!n.sharedPath) for (const c of n.components) unbuildable(c, out);
  return out;
}

async function buildTree(rootNode: ResolvedNode, definition: string, opts: BuildOptions): Promise<BuiltArchitecture> {
  const refused = unbuildable(rootNode, []);
  if (refused.length) throw new AdlError(refused);
  const model = { root: rootNode, definition };
  const boot = opts.boot ?? (opts.container ? Fractal.createBootstrapComponent({ container: opts.container }) : Fractal.getBootstrapComponent());
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const errors: AdlDiagnostic[] = [];
  const fail = (pos: SourcePos, message: string) => errors.push({ kind: 'build', pos, message });
  const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

  // 1. create (shared references are linked after)
  const byPath = new Map<string, Component>();
  const nodeOf = new Map<string, ResolvedNode>();
  const create = (n: ResolvedNode, path: string) => {
    nodeOf.set(path, n);
    if (n.sharedPath) return;
    try {
      const type = tf.createFcType(
        n.interfaces.map((i) => tf.createFcItfType(i.name, i.signature, i.role === 'client', i.contingency === 'optional', i.cardinality === 'collection')),
      );
      const attributes = Object.fromEntries(n.attributes.map((a) => [a.name, a.value]));
      const c = gf.newFcInstance(type, n.kind, n.kind === 'primitive' ? n.content : null, {
        name: n.name,
        ...(n.attributesSignature !== null ? { attributeSignature: n.attributesSignature } : {}),
        ...(n.attributes.length ? { attributes } : {}),
        ...(opts.container ? { container: opts.container } : {}),
        ...(opts.reconfiguration ?? reconfigurationOf(n.controller) ? { reconfiguration: opts.reconfiguration ?? reconfigurationOf(n.controller) } : {}),
      });
      byPath.set(path, c);
    } catch (e) {
      const what = n.kind === 'primitive' ? `primitive '${path || n.name}' (content ${n.content ?? 'none'})` : `composite '${path || n.name}'`;
      fail(n.kind === 'primitive' && n.contentPos ? n.contentPos : n.pos, `cannot create ${what}: ${reason(e)}`);
    }
    n.components.forEach((c) => create(c, join(path, c.name)));
  };
  create(model.root, '');
  for (const [path, n] of nodeOf) {
    if (n.sharedPath && !byPath.has(n.sharedPath.join('/'))) {
      fail(n.pos, `cannot build shared component '${path}' (${n.definition}): it designates a component outside the one being built`);
    }
  }
  if (errors.length) throw new AdlError(errors);

  const undo: Undo = { bound: [], added: [] };
  const instance = (path: string): Component => {
    const n = nodeOf.get(path)!;
    return n.sharedPath ? byPath.get(n.sharedPath.join('/'))! : byPath.get(path)!;
  };

  try {
    // 2. containment
    const contain = (n: ResolvedNode, path: string) => {
      if (n.sharedPath || n.components.length === 0) return;
      const cc = Fractal.getContentController(byPath.get(path)!);
      for (const sub of n.components) {
        const p = join(path, sub.name);
        try {
          cc.addFcSubComponent(instance(p));
          undo.added.push({ cc, sub: instance(p) });
        } catch (e) {
          fail(sub.pos, `cannot add '${sub.name}' to composite '${path || n.name}': ${reason(e)}`);
        }
        contain(sub, p);
      }
    };
    contain(model.root, '');
    if (errors.length) throw new AdlError(errors);

    // 3. bindings, composite by composite
    const bindAll = (n: ResolvedNode, path: string) => {
      if (n.sharedPath) return;
      const self = byPath.get(path)!;
      for (const b of n.bindings) {
        const [cComp, cItf] = split(b.client);
        const [sComp, sItf] = split(b.server);
        try {
          const client = cComp === 'this' ? self : instance(join(path, cComp));
          const server = sComp === 'this' ? Fractal.getContentController(self).getFcInternalInterface(sItf) : instance(join(path, sComp)).getFcInterface(sItf);
          const bc = Fractal.getBindingController(client);
          bc.bindFc(cItf, server);
          undo.bound.push({ bc, name: cItf });
        } catch (e) {
          fail(b.pos, `cannot bind ${b.client} -> ${b.server} in '${path || n.name}': ${reason(e)}`);
        }
      }
      n.components.forEach((c) => bindAll(c, join(path, c.name)));
    };
    bindAll(model.root, '');
    const root = byPath.get('')!;
    for (const [name, server] of Object.entries(opts.imports ?? {})) {
      try {
        const bc = Fractal.getBindingController(root);
        bc.bindFc(name, server);
        undo.bound.push({ bc, name });
      } catch (e) {
        fail(model.root.pos, `cannot bind import '${name}' of '${model.root.name}': ${reason(e)}`);
      }
    }
    if (errors.length) throw new AdlError(errors);

    // 4. start
    if (opts.start ?? true) {
      try {
        Fractal.getLifeCycleController(root).startFc();
        undo.started = root;
      } catch (e) {
        fail(model.root.pos, `cannot start '${model.root.name}': ${reason(e)}`);
        throw new AdlError(errors);
      }
    }
    const components: ReadonlyMap<string, Component> = new Map([...nodeOf.keys()].map((p) => [p, instance(p)]));
    return {
      definition,
      root,
      components,
      get(path: string) {
        const c = components.get(path.replace(/^\/+|\/+$/g, ''));
        if (!c) throw new Error(`no component '${path}' in '${model.definition}': expected one of ${[...components.keys()].map((k) => `'${k}'`).join(', ')}`);
        return c;
      },
    };
  } catch (e) {
    await rollback(undo);
    throw e instanceof AdlError ? e : new AdlError([{ kind: 'build', pos: model.root.pos, message: `build of '${model.definition}' failed: ${reason(e)}` }]);
  }
}

async function rollback(undo: Undo): Promise<void> {
  // Best effort, in reverse: a step that fails here must not hide the error that caused the rollback.
  if (undo.started) await Fractal.getLifeCycleController(undo.started).stopFc().catch(() => undefined);
  for (const { bc, name } of [...undo.bound].reverse()) {
    try {
      bc.unbindFc(name);
    } catch {
      /* already unbound */
    }
  }
  for (const { cc, sub } of [...undo.added].reverse()) {
    try {
      cc.removeFcSubComponent(sub);
    } catch {
      /* not a member any more */
    }
  }
}

function split(end: string): [string, string] {
  const dot = end.indexOf('.');
  return [end.slice(0, dot), end.slice(dot + 1)];
}

// ---- reconfiguration mode per component (reconfig/ hook) ----
// `<controller desc="primitive-unreconfigurable"/>` (or any desc naming 'unreconfigurable') builds the
// primitive with reconfiguration 'none': bound straight to its content, no interceptor, no swap.
// Any other desc keeps the factory's default, thread counting. BuildOptions.reconfiguration overrides.
function reconfigurationOf(desc: string): ReconfigurationMode | undefined {
  return /unreconfigurable/i.test(desc) ? 'none' : undefined;
}
