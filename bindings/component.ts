// A component: its identity, its type, its interface references (external and, for composites,
// internal), its place in the containment graph, and for a primitive its content and gate.
// Controllers (controllers/*.ts) are views onto this object; the rules they run are in rules/*.ts.
//
// Invariants:
// - `external` holds one reference per non-collection functional interface type, plus each collection
//   instance created so far; a composite's `internal` holds the complement of every external reference
//   (typed with the complementary interface type), paired through `source` (see itf.ts).
// - `parents` and `children` mirror each other: c in p.children <=> p in c.parents.
// - A primitive with `reconfiguration: 'thread-counting'` has a gate, and its life-cycle state is the
//   gate's; any other component keeps its state in `started`.

import type { Container } from 'inversify';
import type { AttributeStore } from './attributes.js';
import type { ContentClass } from './contents.js';
import { InstantiationError, NoSuchInterfaceError } from './errors.js';
import { directEntry, Gate, STOPPED, type MethodEntry } from './gate.js';
import { createItf, setSource, setTerminal, ITF, type ItfRef } from './itf.js';
import { PortCollection } from './ports.js';
import type { ModelRuntime } from './runtime.js';
import { signatures } from './signatures.js';
import { InterfaceType, complementOf, isControlItfName, type ComponentType } from './types.js';

const COMPONENT_ITF_TYPE = new InterfaceType('component', 'fractal.Component', false, false, false);

export type ComponentKind = 'primitive' | 'composite';
export type ReconfigurationMode = 'thread-counting' | 'none';

type Fn = (...args: unknown[]) => unknown;

function isAsyncFunction(f: unknown): boolean {
  return typeof f === 'function' && Object.prototype.toString.call(f) === '[object AsyncFunction]';
}

export class Component {
  /** @internal */ readonly external = new Map<string, ItfRef>();
  /** @internal */ readonly internal: Map<string, ItfRef> | null;
  /** @internal */ readonly parents: Component[] = [];
  /** @internal */ readonly children: Component[] = [];
  /** @internal */ readonly controllers = new Map<string, object>();
  /** @internal */ readonly gate: Gate | null;
  /** @internal */ content: object | null = null;
  /** @internal */ contentClass: ContentClass | null = null;
  /** @internal */ started = false;
  /** @internal */ readonly entries: MethodEntry[] = [];
  /** @internal client collection prefix -> its instances (primitives: what the content receives). */
  readonly collections = new Map<string, Map<string, ItfRef>>();
  /** @internal */ container: Container | null = null;
  /** @internal */ attributes: AttributeStore | null = null;

  constructor(
    /** @internal */ readonly runtime: ModelRuntime,
    private readonly type: ComponentType,
    readonly kind: ComponentKind,
    /** @internal */ public name: string,
    readonly reconfiguration: ReconfigurationMode,
    gateOptions: { holdTimeoutMs: number; traceCalls: boolean },
  ) {
    this.internal = kind === 'composite' ? new Map() : null;
    this.gate = kind === 'primitive' && reconfiguration === 'thread-counting'
      ? new Gate(this, runtime, gateOptions.holdTimeoutMs, gateOptions.traceCalls)
      : null;
    for (const t of type.getFcInterfaceTypes()) {
      if (isControlItfName(t.getFcItfName())) continue; // provided by a controller (attribute-controller)
      if (t.isFcCollectionItf()) {
        if (t.isFcClientItf()) this.collections.set(t.getFcItfName(), new Map());
        continue;
      }
      this.createInterface(t.getFcItfName(), t);
    }
  }

  // ---- Fractal Component interface ----

  getFcInterface(name: string): object {
    const ctl = this.controllers.get(name);
    if (ctl) return ctl;
    const itf = this.external.get(name) ?? this.createCollectionInstance(name);
    if (!itf) {
      throw new NoSuchInterfaceError(
        `component '${this.name}' has no interface '${name}'; it has: ${[...this.controllers.keys(), ...this.external.keys()].join(', ')}`,
      );
    }
    return itf;
  }

  getFcInterfaces(): object[] {
    return [...this.controllers.values(), ...this.external.values()];
  }

  getFcType(): ComponentType {
    return this.type;
  }

  getFcName(): string {
    return this.name;
  }

  // A component is also its own 'component' interface.
  getFcItfName(): string { return 'component'; }
  getFcItfOwner(): Component { return this; }
  getFcItfType(): InterfaceType { return COMPONENT_ITF_TYPE; }
  isFcInternalItf(): boolean { return false; }

  toString(): string {
    return this.name || `(unnamed ${this.kind})`;
  }

  // ---- internals used by controllers, factories and reconfiguration hooks ----

  /** @internal True when STARTED or stopping (a stop is not done until the counter reaches 0). */
  isStarted(): boolean {
    return this.gate ? this.gate.state !== STOPPED : this.started;
  }

  /** @internal The internal reference `name` of a composite, creating a collection instance on demand. */
  internalItf(name: string): ItfRef | undefined {
    if (!this.internal) return undefined;
    const itf = this.internal.get(name);
    if (itf) return itf;
    return this.createCollectionInstance(name) ? this.internal.get(name) : undefined;
  }

  /** @internal Creates the collection instance `name` (external, and internal for a composite) if a collection type matches. */
  createCollectionInstance(name: string): ItfRef | undefined {
    const t = this.type.find(name);
    if (!t || !t.isFcCollectionItf() || this.external.has(name)) return this.external.get(name);
    return this.createInterface(name, t);
  }

  private createInterface(name: string, t: InterfaceType): ItfRef {
    const client = t.isFcClientItf();
    const ext = createItf(this, name, t, false, client ? 'client' : 'server');
    this.external.set(name, ext);
    if (this.internal) {
      // The complement: clients inside see the external client as an internal server, and vice versa.
      const int = createItf(this, name, complementOf(t), true, client ? 'server' : 'client');
      this.internal.set(name, int);
      if (client) setSource(int, ext);
      else setSource(ext, int);
    } else if (client) {
      if (t.isFcCollectionItf()) this.collections.get(t.getFcItfName())!.set(name, ext);
    } else {
      this.installServer(ext);
    }
    return ext;
  }

  /** @internal The object injected under clientToken(prefix) for a client collection. */
  portCollection(prefix: string): PortCollection {
    return new PortCollection(prefix, this.collections.get(prefix)!);
  }

  /** Builds the terminal functions of a primitive's server reference: interceptors, or direct methods with 'none'. */
  private installServer(itf: ItfRef): void {
    const st = itf[ITF];
    const fns: Record<string, Fn> = {};
    for (const m of st.methods) {
      const e: MethodEntry = { itf: st.name, method: m, async: false, fn: this.noContent(st.name, m), entry: null as unknown as Fn };
      this.assignFn(e);
      this.entries.push(e);
      fns[m] = this.makeEntry(e);
    }
    setTerminal(itf, fns);
  }

  /** Points an entry at the current content's method; async if the signature says so or the method is an async function. */
  private assignFn(e: MethodEntry): void {
    const f = this.content ? (this.content as Record<string, unknown>)[e.method] : undefined;
    e.fn = typeof f === 'function' ? (f as Fn) : this.noContent(e.itf, e.method);
    const declared = signatures.asyncMethodsOf(this.external.get(e.itf)?.[ITF].type.getFcItfSignature() ?? '').has(e.method);
    (e as { async: boolean }).async = declared || isAsyncFunction(f);
  }

  private makeEntry(e: MethodEntry): Fn {
    e.entry = this.gate ? this.gate.intercept(e) : this.content ? directEntry(this.content, e.fn) : e.fn;
    return e.entry;
  }

  private noContent(itf: string, m: string): Fn {
    return () => {
      throw new InstantiationError(`component '${this.name}' has no content: cannot call ${itf}.${m}()`);
    };
  }

  /**
   * @internal Installs `content` (or none) behind the server interfaces. Held calls keep their
   * MethodEntry, so after a replacement they run on the new content.
   */
  setContent(content: object | null, cls: ContentClass | null): void {
    this.content = content;
    this.contentClass = cls;
    if (this.gate) this.gate.content = content;
    const changed = new Set<string>();
    for (const e of this.entries) {
      const wasAsync = e.async;
      const wasFn = e.fn;
      this.assignFn(e);
      // A gate's interceptor is compiled for the method it calls (gate.ts): a new method, a new one.
      if (!this.gate || e.async !== wasAsync || e.fn !== wasFn) {
        this.makeEntry(e);
        changed.add(e.itf);
      }
    }
    for (const name of changed) {
      const fns: Record<string, Fn> = {};
      for (const e of this.entries) if (e.itf === name) fns[e.method] = e.entry;
      setTerminal(this.external.get(name)!, fns);
    }
  }

  /** @internal Every descendant (shared ones once), this component first. */
  selfAndDescendants(): Component[] {
    const out: Component[] = [];
    const seen = new Set<Component>();
    const visit = (c: Component) => {
      if (seen.has(c)) return;
      seen.add(c);
      out.push(c);
      for (const k of c.children) visit(k);
    };
    visit(this);
    return out;
  }
}

export function isComponent(x: unknown): x is Component {
  return x instanceof Component;
}
