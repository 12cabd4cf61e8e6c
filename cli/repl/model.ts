// What the REPL reads of the live component model: component paths (resolved by walking the content
// controllers from the kernel composite, so they stay right after a swap replaced a component), and a
// plain description of one component (type, implementation, bindings, attributes, live counters).
// Read-only: nothing here changes the architecture.
import {
  Fractal, Reconfiguration, contents, type Component, type Interface,
} from '../../bindings/index.js';
import { IMPLEMENTATIONS } from '../../components/index.js';
import { suggest } from './suggest.js';

/** A user-facing error: one line saying what was wrong, and what to type instead. */
export class ReplError extends Error {
  override name = 'ReplError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Normalizes a path as users type it: "/scheduler", "kernel/scheduler", "$kernel/scheduler" → "scheduler"; root → "". */
export function normalizePath(path: string): string {
  let p = path.trim().replace(/^\$?kernel(?=\/|$)/, '').replace(/^\/+|\/+$/g, '');
  if (p === '.') p = '';
  return p;
}

export function subComponents(c: Component): Component[] {
  if (c.kind !== 'composite') return [];
  return Fractal.getContentController(c).getFcSubComponents();
}

export function nameOf(c: Component): string {
  return Fractal.getNameController(c).getFcName();
}

/** Every component path below `root` ("" first), depth first in content order. */
export function allPaths(root: Component): string[] {
  const out: string[] = [''];
  const walk = (c: Component, prefix: string) => {
    for (const k of subComponents(c)) {
      const p = prefix === '' ? nameOf(k) : `${prefix}/${nameOf(k)}`;
      out.push(p);
      walk(k, p);
    }
  };
  walk(root, '');
  return out;
}

/** The component at `path` below `root`; a ReplError with a did-you-mean when there is none. */
export function resolve(root: Component, path: string): Component {
  const p = normalizePath(path);
  let c = root;
  if (p === '') return c;
  for (const seg of p.split('/')) {
    const next = subComponents(c).find((k) => nameOf(k) === seg);
    if (!next) {
      const paths = allPaths(root).filter((x) => x !== '');
      const guess = suggest(p, paths);
      throw new ReplError(`no component '${p}' in the kernel`, guess ? `did you mean '${guess}'?` : `components: ${paths.join(', ')}`);
    }
    c = next;
  }
  return c;
}

/** The content class name of a primitive ("components.scheduler.Mlfq"), or null. */
export function contentName(c: Component): string | null {
  if (c.kind !== 'primitive') return null;
  const cls = Reconfiguration.getContentClass(c);
  return cls ? (contents.nameOf(cls) ?? cls.name) : null;
}

/** The short implementation name users type ("mlfq") for a content class at `path`, or null. */
export function shortName(path: string, content: string | null): string | null {
  if (content === null) return null;
  const family = IMPLEMENTATIONS[normalizePath(path)];
  if (!family) return null;
  for (const [short, cls] of Object.entries(family)) if (cls === content) return short;
  return null;
}

export interface InterfaceInfo {
  name: string;
  role: 'client' | 'server';
  signature: string;
  optional: boolean;
  collection: boolean;
}

export interface ComponentInfo {
  path: string;
  name: string;
  kind: 'primitive' | 'composite';
  state: 'STARTED' | 'STOPPED';
  stopping: boolean;
  content: string | null;
  implementation: string | null;
  interfaces: InterfaceInfo[];
  /** Client interface → "owner.itf" it is bound to (null when unbound). */
  bindings: Array<{ client: string; server: string | null }>;
  /** "owner.itf" of every client bound to one of this component's server interfaces. */
  boundBy: Array<{ server: string; client: string }>;
  attributes: Record<string, unknown>;
  attributeSignature: string | null;
  threads: number;
  held: number;
  inFlight: number;
}

/** "owner.itf", with "this" for an internal interface of the composite `self`. */
export function itfLabel(itf: Interface, self?: Component): string {
  const owner = itf.getFcItfOwner();
  const who = itf.isFcInternalItf() || owner === self ? 'this' : nameOf(owner);
  return `${who}.${itf.getFcItfName()}`;
}

export function interfacesOf(c: Component): InterfaceInfo[] {
  return c.getFcType().getFcInterfaceTypes().map((t) => ({
    name: t.getFcItfName(),
    role: t.isFcClientItf() ? 'client' : 'server',
    signature: t.getFcItfSignature(),
    optional: t.isFcOptionalItf(),
    collection: t.isFcCollectionItf(),
  }));
}

export function attributesOf(c: Component): { signature: string | null; values: Record<string, unknown> } {
  let ac;
  try {
    ac = Fractal.getAttributeController(c);
  } catch {
    return { signature: null, values: {} };
  }
  const values: Record<string, unknown> = {};
  for (const n of ac.listFcAttributes()) values[n] = ac.getFcAttribute(n);
  const sig = ac.getFcItfType().getFcItfSignature();
  return { signature: sig === 'fractal.AttributeController' ? null : sig, values };
}

export function describe(root: Component, path: string): ComponentInfo {
  const c = resolve(root, path);
  const p = normalizePath(path);
  const lc = Fractal.getLifeCycleController(c);
  const bindings = clientBindings(c).map(({ client, server }) => ({ client, server: server ? itfLabel(server, c) : null }));
  const boundBy = c.kind === 'primitive' || p !== ''
    ? Reconfiguration.getReverseBindings(c).map((b) => ({ server: b.server.getFcItfName(), client: itfLabel(b.client) }))
    : [];
  const content = contentName(c);
  const attrs = attributesOf(c);
  return {
    path: p,
    name: nameOf(c),
    kind: c.kind,
    state: lc.getFcState(),
    stopping: lc.isFcStopping(),
    content,
    implementation: shortName(p, content),
    interfaces: interfacesOf(c),
    bindings,
    boundBy,
    attributes: attrs.values,
    attributeSignature: attrs.signature,
    threads: lc.getFcThreadCount(),
    held: lc.getFcHeldCallCount(),
    inFlight: lc.getFcInFlightCalls().length,
  };
}

/** Client interface names of `c` and what each is bound to (none for a component without a binding controller). */
export function clientBindings(c: Component): Array<{ client: string; server: Interface | null }> {
  let bc;
  try {
    bc = Fractal.getBindingController(c);
  } catch {
    return []; // a primitive with no client interface has no binding controller
  }
  return bc.listFc().map((client) => ({ client, server: bc.lookupFc(client) as Interface | null }));
}

/** Paths of components that are STOPPED (the machine must not run kernel code through them). */
export function stoppedPaths(root: Component): string[] {
  return allPaths(root).filter((p) => Fractal.getLifeCycleController(resolve(root, p)).getFcState() === 'STOPPED');
}
