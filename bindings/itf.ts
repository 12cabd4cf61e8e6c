// Interface references. A reference is a stable object with the Fractal accessors (getFcItfName, ...)
// and one own property per method of its signature. Client references are the *ports* that content
// classes receive: their method slots are rewritten when the binding changes, so a call `port.m(x)`
// goes straight to the server's interceptor with no forwarding hop, and the content never notices a
// rebind (K42's object-translation indirection, done by slot assignment instead of a proxy).
//
// Invariants:
// - `source` is where calls go: for a client-role reference, the server it is bound to (null if unbound);
//   for a server-role reference of a composite, its complement (external server s -> internal client s,
//   internal server c -> external client c). A primitive's server reference is *terminal*: its slots are
//   its interceptors.
// - For every reference X and method m, X[m] === effective(X, m): the terminal function at the end of
//   the source chain, or X's own "unbound" thrower when the chain ends at an unbound client.
// - `dependents` of X = references whose source is X; every change to X's slots is pushed to them.

import { IllegalBindingError, UnboundInterfaceError } from './errors.js';
import { signatures } from './signatures.js';
import type { InterfaceType } from './types.js';
import type { Component } from './component.js';

export const ITF: unique symbol = Symbol('tessera.itf');

/** A Fractal interface reference (a control interface, or a functional one with its signature's methods). */
export interface Interface {
  getFcItfName(): string;
  getFcItfOwner(): Component;
  getFcItfType(): InterfaceType;
  isFcInternalItf(): boolean;
}

/** How a content class sees a client interface: the signature's methods (T) plus the Fractal accessors. */
export type Port<T = unknown> = T & Interface;

export type Role = 'client' | 'server';
type Fn = (...args: unknown[]) => unknown;

export interface ItfState {
  readonly name: string;
  readonly type: InterfaceType;
  readonly owner: Component;
  readonly internal: boolean;
  readonly role: Role;
  readonly methods: readonly string[];
  source: ItfRef | null;
  readonly dependents: Set<ItfRef>;
  /** Own functions of a terminal (primitive server) reference. */
  terminal: Record<string, Fn> | null;
  readonly throwers: Record<string, Fn>;
}

export class ItfRef implements Interface {
  declare [ITF]: ItfState;

  getFcItfName(): string { return this[ITF].name; }
  getFcItfOwner(): Component { return this[ITF].owner; }
  getFcItfType(): InterfaceType { return this[ITF].type; }
  isFcInternalItf(): boolean { return this[ITF].internal; }
  toString(): string { return `${this[ITF].owner.getFcName()}.${this[ITF].name}${this[ITF].internal ? ' (internal)' : ''}`; }
}

export function isItfRef(x: unknown): x is ItfRef {
  return x instanceof ItfRef;
}

export function stateOf(itf: ItfRef): ItfState {
  return itf[ITF];
}

/** `owner.itf` for messages. */
export function describe(itf: ItfRef): string {
  return itf.toString();
}

export function createItf(owner: Component, name: string, type: InterfaceType, internal: boolean, role: Role): ItfRef {
  const ref = new ItfRef();
  const methods = signatures.methodsOf(type.getFcItfSignature());
  const state: ItfState = { name, type, owner, internal, role, methods, source: null, dependents: new Set(), terminal: null, throwers: {} };
  Object.defineProperty(ref, ITF, { value: state, enumerable: false });
  for (const m of methods) {
    state.throwers[m] = function unbound() {
      throw new UnboundInterfaceError(
        `${role} interface '${name}'${internal ? ' (internal)' : ''} of component '${owner.getFcName()}' is not bound: ` +
        `cannot call ${m}(); expected bindFc('${name}', ...) before the call`,
      );
    };
    (ref as unknown as Record<string, Fn>)[m] = state.throwers[m]!;
  }
  return ref;
}

const MAX_CHAIN = 64;

function effective(itf: ItfRef, m: string): Fn {
  let x: ItfRef = itf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const s = x[ITF];
    if (s.terminal) return s.terminal[m] ?? itf[ITF].throwers[m]!;
    if (!s.source) return s.throwers[m] ?? itf[ITF].throwers[m]!;
    x = s.source;
  }
  throw new IllegalBindingError(`binding chain from ${describe(itf)} is longer than ${MAX_CHAIN} references (a cycle?)`);
}

/** Recomputes the slots of `itf` and of everything that depends on it. */
export function refresh(itf: ItfRef): void {
  const s = itf[ITF];
  const slots = itf as unknown as Record<string, Fn>;
  for (const m of s.methods) slots[m] = effective(itf, m);
  for (const d of s.dependents) refresh(d);
}

/** Points `itf` at `target` (or at nothing), and pushes the new slots downstream. */
export function setSource(itf: ItfRef, target: ItfRef | null): void {
  const s = itf[ITF];
  if (s.source) s.source[ITF].dependents.delete(itf);
  s.source = target;
  if (target) {
    // Refuse a cycle before it exists: walking from the target must not come back to itf.
    for (let x: ItfRef | null = target, d = 0; x; x = x[ITF].source, d++) {
      if (x === itf || d > MAX_CHAIN) {
        s.source = null;
        refresh(itf);
        throw new IllegalBindingError(`binding ${describe(itf)} -> ${describe(target)} would close a cycle of bindings`);
      }
    }
    target[ITF].dependents.add(itf);
  }
  refresh(itf);
}

/** Installs a terminal reference's own functions (interceptors or direct methods) and pushes them downstream. */
export function setTerminal(itf: ItfRef, fns: Record<string, Fn>): void {
  itf[ITF].terminal = fns;
  refresh(itf);
}

/** Client-role references currently bound to `server` (not the structural complement links). */
export function clientsOf(server: ItfRef): ItfRef[] {
  return [...server[ITF].dependents].filter((d) => d[ITF].role === 'client');
}
