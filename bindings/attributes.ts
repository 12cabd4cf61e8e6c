// Attribute values of a component, typed by its attribute signature. Values from ADL files arrive as
// strings and are converted to the declared type here; an unknown signature (a Java one) keeps values
// as given, so that real ADL files still build. A signature that declares no `attributes` but has
// Java-bean accessor methods (`getX1`/`setX1`, as Fractal's attribute-controller interfaces do) has one
// untyped attribute per accessor name (`x1`); the content's accessors hold the real value.
// Likewise a typed attribute with no value and no default is allowed when the content class has a
// getter for it (Julia: the content's field holds the value); it then has no stored value.

import { IllegalAttributeError, InstantiationError } from './errors.js';
import { signatures, type AttributeSpec } from './signatures.js';

export class AttributeStore {
  /** Declared attributes, or null when the signature is unknown or absent (untyped: any name given at creation). */
  readonly specs: Readonly<Record<string, AttributeSpec>> | null;
  private readonly values = new Map<string, unknown>();
  /** Untyped attributes named by a bean-accessor signature, or null. */
  private readonly beans: ReadonlySet<string> | null = null;

  constructor(
    readonly signature: string | null,
    initial: Readonly<Record<string, unknown>>,
    private readonly where: () => string,
    /** True when the content class has a bean getter for the attribute (`getQuantum` for `quantum`). */
    heldByContent: (name: string) => boolean = () => false,
  ) {
    const known = signature !== null && signatures.has(signature) ? signature : null;
    const declared = known !== null ? signatures.attributesOf(known) : null;
    const beans = known !== null ? beanAttributes(signatures.methodsOf(known)) : [];
    this.specs = declared && (Object.keys(declared).length > 0 || beans.length === 0) ? declared : null;
    if (!this.specs && beans.length > 0) {
      this.beans = new Set(beans);
      for (const k of Object.keys(initial)) this.check(k);
      for (const k of beans) this.values.set(k, initial[k]);
    } else if (this.specs) {
      for (const k of Object.keys(initial)) this.check(k);
      for (const [k, spec] of Object.entries(this.specs)) {
        if (k in initial) this.values.set(k, this.coerce(k, spec, initial[k]));
        else if ('default' in spec) this.values.set(k, this.coerce(k, spec, spec.default));
        else if (heldByContent(k)) continue;
        else throw new InstantiationError(`attribute '${k}' of ${where()} (signature ${signature}) has no value and no default`);
      }
    } else {
      for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
    }
  }

  /** Every attribute: the declared ones (typed or bean), else those given at creation. */
  names(): string[] {
    if (this.specs) return Object.keys(this.specs);
    if (this.beans) return [...this.beans];
    return [...this.values.keys()];
  }

  /** True when a value is stored (false for an attribute only the content's getter holds). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): unknown {
    this.check(name);
    return this.values.get(name);
  }

  /** Converts `value` to the declared type, stores it and returns the stored value. */
  set(name: string, value: unknown): unknown {
    this.check(name);
    const v = this.specs ? this.coerce(name, this.specs[name]!, value) : value;
    this.values.set(name, v);
    return v;
  }

  private check(name: string): void {
    const known = this.specs ? name in this.specs : this.beans ? this.beans.has(name) : this.values.has(name);
    if (!known) {
      throw new IllegalAttributeError(`${this.where()} has no attribute '${name}'; its attributes are: ${this.names().join(', ') || '(none)'}`);
    }
  }

  private coerce(name: string, spec: AttributeSpec, value: unknown): unknown {
    const bad = () =>
      new IllegalAttributeError(`attribute '${name}' of ${this.where()}: expected ${spec.type}, got ${JSON.stringify(value)}`);
    switch (spec.type) {
      case 'string':
        if (typeof value !== 'string') throw bad();
        return value;
      case 'number':
      case 'integer': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (Number.isNaN(n) || (spec.type === 'integer' && !Number.isInteger(n))) throw bad();
        return n;
      }
      case 'boolean':
        if (typeof value === 'boolean') return value;
        if (value === 'true') return true;
        if (value === 'false') return false;
        throw bad();
    }
  }
}

const BEAN = /^(?:get|set|is)([A-Z].*)$/;

/** Attribute names of bean accessor methods: `getX1`, `setX1`, `isX1` -> `x1`, in first-seen order. */
export function beanAttributes(methods: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of methods) {
    const r = BEAN.exec(m);
    if (!r) continue;
    const name = r[1]!.charAt(0).toLowerCase() + r[1]!.slice(1);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
