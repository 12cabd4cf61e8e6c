// The signature registry. TypeScript interfaces vanish at run time, so each signature is declared here
// with its methods and super-signatures; binding checks subtyping through it and instantiation checks
// that a content class has every method of its server interfaces.
//
// Invariants: a defined signature never changes (redefining with the same shape is a no-op, a different
// shape is an error); `extends` may name signatures defined later, and is resolved when asked.
// A name never defined (e.g. a Java interface from a real ADL file) is an *unknown* signature: it has no
// known methods, is a subtype only of itself, and is accepted wherever only structure matters.

import { InstantiationError } from './errors.js';

export type AttributeKind = 'number' | 'integer' | 'string' | 'boolean';

export interface AttributeSpec {
  type: AttributeKind;
  /** Used when the component is created without a value for this attribute. */
  default?: unknown;
}

export interface SignatureSpec {
  /** Methods introduced by this signature (inherited ones come from `extends`). */
  methods?: readonly string[];
  /** Super-signatures: a value of this signature may be bound where any of them is expected. */
  extends?: readonly string[];
  /** Methods whose result is a Promise: their callers' thread identity travels across `await`. */
  async?: readonly string[];
  /** For attribute signatures: attribute name → type (shorthand) or type with default. */
  attributes?: Readonly<Record<string, AttributeKind | AttributeSpec>>;
}

export interface Signature {
  readonly name: string;
  readonly methods: readonly string[];
  readonly extends: readonly string[];
  readonly async: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

/** Names an interface reference uses for itself: a signature may not declare them as methods. */
export const RESERVED_METHOD_NAMES: ReadonlySet<string> = new Set([
  'getFcItfName', 'getFcItfOwner', 'getFcItfType', 'isFcInternalItf', 'constructor', '__proto__', 'then',
]);

export class SignatureRegistry {
  private readonly byName = new Map<string, Signature>();

  define(name: string, spec: SignatureSpec = {}): Signature {
    const methods = [...(spec.methods ?? [])];
    for (const m of methods) {
      if (RESERVED_METHOD_NAMES.has(m)) {
        throw new InstantiationError(`signature '${name}': method name '${m}' is reserved (interface references and promises use it)`);
      }
    }
    const attributes: Record<string, AttributeSpec> = {};
    for (const [k, v] of Object.entries(spec.attributes ?? {})) attributes[k] = typeof v === 'string' ? { type: v } : { ...v };
    const sig: Signature = Object.freeze({
      name,
      methods: Object.freeze(methods),
      extends: Object.freeze([...(spec.extends ?? [])]),
      async: Object.freeze([...(spec.async ?? [])]),
      attributes: Object.freeze(attributes),
    });
    for (const a of sig.async) {
      if (!methods.includes(a)) throw new InstantiationError(`signature '${name}': async method '${a}' is not one of its methods [${methods.join(', ')}]`);
    }
    const existing = this.byName.get(name);
    if (existing) {
      if (JSON.stringify(existing) !== JSON.stringify(sig)) {
        throw new InstantiationError(`signature '${name}' is already defined with a different shape`);
      }
      return existing;
    }
    this.byName.set(name, sig);
    return sig;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): Signature | undefined {
    return this.byName.get(name);
  }

  list(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** Every method of `name`, inherited ones included, in declaration order; [] for an unknown signature. */
  methodsOf(name: string): string[] {
    const out: string[] = [];
    for (const s of this.ancestry(name)) for (const m of s.methods) if (!out.includes(m)) out.push(m);
    return out;
  }

  /** Methods of `name` (inherited included) declared async. */
  asyncMethodsOf(name: string): Set<string> {
    const out = new Set<string>();
    for (const s of this.ancestry(name)) for (const m of s.async) out.add(m);
    return out;
  }

  /** Attributes of an attribute signature, inherited ones included. */
  attributesOf(name: string): Record<string, AttributeSpec> {
    const out: Record<string, AttributeSpec> = {};
    for (const s of [...this.ancestry(name)].reverse()) Object.assign(out, s.attributes);
    return out;
  }

  /** True when a value of `sub` may be used where `sup` is expected (reflexive, transitive). */
  isSubtype(sub: string, sup: string): boolean {
    if (sub === sup) return true;
    for (const s of this.ancestry(sub)) if (s.name === sup) return true;
    return false;
  }

  /** The known signatures reachable from `name` through `extends`, `name` first (cycle-safe). */
  private ancestry(name: string): Signature[] {
    const out: Signature[] = [];
    const seen = new Set<string>();
    const visit = (n: string) => {
      if (seen.has(n)) return;
      seen.add(n);
      const s = this.byName.get(n);
      if (!s) return;
      out.push(s);
      for (const e of s.extends) visit(e);
    };
    visit(name);
    return out;
  }
}

export const signatures = new SignatureRegistry();
