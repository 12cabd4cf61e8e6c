// Component and interface types, and the type factory (Fractal's TypeFactory).
// A type is immutable once created. Interface names are unique within a component type, and no name
// may start with the name of a collection interface (collection instances are named by that prefix).
// The only control interface a component type may declare is 'attribute-controller' (as in Fractal,
// where a parametric component's attribute-controller type is part of its component type).

import { InstantiationError, NoSuchInterfaceError } from './errors.js';
import { signatures } from './signatures.js';

export class InterfaceType {
  constructor(
    private readonly name: string,
    private readonly signature: string,
    private readonly client: boolean,
    private readonly optional: boolean,
    private readonly collection: boolean,
  ) {}

  getFcItfName(): string { return this.name; }
  getFcItfSignature(): string { return this.signature; }
  isFcClientItf(): boolean { return this.client; }
  isFcOptionalItf(): boolean { return this.optional; }
  isFcCollectionItf(): boolean { return this.collection; }

  /** Fractal sub-typing of interface types (used to compare component types for a replacement). */
  isFcSubTypeOf(other: InterfaceType): boolean {
    if (this.name !== other.name || this.client !== other.client || this.collection !== other.collection) return false;
    if (this.client) {
      // A client may require less: its signature is a super-type, and it is mandatory only where the other is.
      return signatures.isSubtype(other.signature, this.signature) && (this.optional || !other.optional);
    }
    // A server may provide more: its signature is a sub-type, and it is mandatory where the other is.
    return signatures.isSubtype(this.signature, other.signature) && (!this.optional || other.optional);
  }

  toString(): string {
    return `${this.name}: ${this.signature} (${this.client ? 'client' : 'server'}, ${this.optional ? 'optional' : 'mandatory'}, ${this.collection ? 'collection' : 'singleton'})`;
  }
}

/** The name of the one control interface type a component type may declare. */
export const ATTRIBUTE_CONTROLLER = 'attribute-controller';

/** True for names the membrane provides (component, *-controller): never functional interfaces. */
export function isControlItfName(name: string): boolean {
  return name === 'component' || name.endsWith('-controller');
}

const complements = new WeakMap<InterfaceType, InterfaceType>();

/**
 * The type of a composite's internal interface: the external type with the role flipped (Julia's
 * internal interfaces report the complementary type, so `isFcClientItf() !== isFcInternalItf()` holds
 * for a server, as the Fractal conformance suite checks).
 */
export function complementOf(t: InterfaceType): InterfaceType {
  let c = complements.get(t);
  if (!c) {
    c = new InterfaceType(t.getFcItfName(), t.getFcItfSignature(), !t.isFcClientItf(), t.isFcOptionalItf(), t.isFcCollectionItf());
    complements.set(t, c);
  }
  return c;
}

export class ComponentType {
  private readonly byName: ReadonlyMap<string, InterfaceType>;

  constructor(private readonly itfTypes: readonly InterfaceType[]) {
    this.byName = new Map(itfTypes.map((t) => [t.getFcItfName(), t]));
  }

  getFcInterfaceTypes(): InterfaceType[] { return [...this.itfTypes]; }

  /** The interface type named `name` (Fractal: NoSuchInterfaceError when absent). */
  getFcInterfaceType(name: string): InterfaceType {
    const t = this.byName.get(name);
    if (!t) throw new NoSuchInterfaceError(`component type has no interface type '${name}'; it has: ${[...this.byName.keys()].join(', ') || '(none)'}`);
    return t;
  }

  /** The type of `name`: its own type, or the collection type whose name is a prefix of it. */
  find(name: string): InterfaceType | undefined {
    const t = this.byName.get(name);
    if (t) return t;
    for (const c of this.itfTypes) if (c.isFcCollectionItf() && name.startsWith(c.getFcItfName())) return c;
    return undefined;
  }

  /** A type T1 is a sub-type of T2 when T1 provides every server of T2 (with sub-types) and requires nothing T2 does not. */
  isFcSubTypeOf(other: ComponentType): boolean {
    for (const o of other.itfTypes) {
      if (o.isFcClientItf()) continue;
      const mine = this.byName.get(o.getFcItfName());
      if (!mine || !mine.isFcSubTypeOf(o)) return false;
    }
    for (const mine of this.itfTypes) {
      if (!mine.isFcClientItf()) continue;
      const o = other.byName.get(mine.getFcItfName());
      if (!o) { if (!mine.isFcOptionalItf()) return false; continue; }
      if (!mine.isFcSubTypeOf(o)) return false;
    }
    return true;
  }

  toString(): string {
    return `[${this.itfTypes.map(String).join('; ')}]`;
  }
}

const ITF_NAME = /^[A-Za-z_][\w.-]*$/;

export class TypeFactory {
  createFcItfType(name: string, signature: string, isClient: boolean, isOptional: boolean, isCollection: boolean): InterfaceType {
    if (!ITF_NAME.test(name)) throw new InstantiationError(`interface name '${name}' is not valid: expected a letter or '_' then letters, digits, '_', '-', '.'`);
    if (isControlItfName(name) && name !== ATTRIBUTE_CONTROLLER) {
      throw new InstantiationError(`interface name '${name}' is reserved for control interfaces (only '${ATTRIBUTE_CONTROLLER}' may be declared in a type)`);
    }
    if (!signature) throw new InstantiationError(`interface '${name}' has an empty signature`);
    if (name === ATTRIBUTE_CONTROLLER && (isClient || isCollection)) {
      throw new InstantiationError(`interface '${name}' must be a singleton server interface (it is the component's attribute controller)`);
    }
    return new InterfaceType(name, signature, isClient, isOptional, isCollection);
  }

  /** `itfTypes` null or undefined (Java's `createFcType(null)`) is the empty type. */
  createFcType(itfTypes: readonly InterfaceType[] | null | undefined): ComponentType {
    itfTypes ??= [];
    const seen = new Set<string>();
    for (const t of itfTypes) {
      if (!(t instanceof InterfaceType)) throw new InstantiationError(`createFcType: every element must come from createFcItfType, got ${String(t)}`);
      const n = t.getFcItfName();
      if (seen.has(n)) throw new InstantiationError(`component type has two interfaces named '${n}'`);
      seen.add(n);
    }
    for (const c of itfTypes) {
      if (!c.isFcCollectionItf()) continue;
      for (const t of itfTypes) {
        if (t !== c && t.getFcItfName().startsWith(c.getFcItfName())) {
          throw new InstantiationError(`interface name '${t.getFcItfName()}' starts with the name of collection interface '${c.getFcItfName()}'`);
        }
      }
    }
    return new ComponentType(itfTypes);
  }
}
