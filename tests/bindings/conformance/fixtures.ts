// The components of the Julia conformance suite (org.objectweb.fractal.julia.conform.components) in
// Tessera's terms, and its Conformtest helpers (checkInterface, checkComponent, checkList).
// Signatures: I (m, n), J (o, unrelated to I), CAttributes (Java-bean accessors, as the Java interface).
// Content classes: C serves I and J and reads its client ports like Julia's C reads its bindings;
// W is abstract (its abstract methods do not exist at run time), X has no usable constructor (an
// argument without an injection token), Z does not implement I.
import { inject, injectable, optional } from 'inversify';
import { expect } from 'vitest';
import {
  Fractal, NoSuchInterfaceError, clientToken, contents, signatures,
  type BindingController, type Component, type Interface, type Port, type PortCollection,
} from '../../../bindings/index.js';

export const I = 'conform.I';
export const J = 'conform.J';
export const CAttributes = 'conform.CAttributes';

signatures.define(I, { methods: ['m', 'n'] });
signatures.define(J, { methods: ['o'] });
signatures.define(CAttributes, {
  methods: [
    'getX1', 'setX1', 'getX2', 'setX2', 'getX3', 'setX3', 'getX4', 'setX4', 'getX5', 'setX5', 'getX6', 'setX6',
    'getX7', 'setX7', 'getX8', 'setX8', 'getX9', 'setX9', 'getReadOnlyX10', 'setWriteOnlyX11',
  ],
});

/** Java's I has overloads m(boolean|byte|...|String[]) and n(x, y); one method each here. */
export interface IItf {
  m(v: unknown): void;
  n(v: unknown, w: unknown): unknown;
}

export interface CAttributesItf {
  getX1(): boolean; setX1(v: boolean): void;
  getX2(): number; setX2(v: number): void;
  getX3(): string; setX3(v: string): void;
  getX4(): number; setX4(v: number): void;
  getX5(): number; setX5(v: number): void;
  getX6(): number; setX6(v: number): void;
  getX7(): number; setX7(v: number): void;
  getX8(): number; setX8(v: number): void;
  getX9(): string | null; setX9(v: string): void;
  getReadOnlyX10(): boolean;
  setWriteOnlyX11(v: boolean): void;
}

@injectable()
export class C implements IItf, CAttributesItf {
  private x1 = false;
  private x2 = 0;
  private x3 = '\0';
  private x4 = 0;
  private x5 = 0;
  private x6 = 0;
  private x7 = 0;
  private x8 = 0;
  private x9: string | null = null;
  private x11 = false;

  constructor(
    @inject(clientToken('client')) @optional() private readonly i: Port<IItf> | undefined,
    @inject(clientToken('clients')) @optional() private readonly j: PortCollection<IItf> | undefined,
  ) {}

  getX1() { return this.x1; } setX1(v: boolean) { this.x1 = v; }
  getX2() { return this.x2; } setX2(v: number) { this.x2 = v; }
  getX3() { return this.x3; } setX3(v: string) { this.x3 = v; }
  getX4() { return this.x4; } setX4(v: number) { this.x4 = v; }
  getX5() { return this.x5; } setX5(v: number) { this.x5 = v; }
  getX6() { return this.x6; } setX6(v: number) { this.x6 = v; }
  getX7() { return this.x7; } setX7(v: number) { this.x7 = v; }
  getX8() { return this.x8; } setX8(v: number) { this.x8 = v; }
  getX9() { return this.x9; } setX9(v: string) { this.x9 = v; }
  getReadOnlyX10() { return true; }
  setWriteOnlyX11(v: boolean) { this.x11 = v; }

  m(_v: unknown): void {}

  /** n(boolean, _) reads the write-only attribute; n(int, long) recurses through a bound client (interceptor tests). */
  n(v: unknown, w: unknown): unknown {
    if (typeof v === 'boolean') return v || this.x11;
    if (typeof v === 'number' && typeof w === 'number' && w !== 0) {
      if (this.i && Fractal.getBindingController(this.i.getFcItfOwner()).lookupFc('client') !== null) return this.i.n(v + 1, w - 1);
      const first = this.j ? [...this.j][0] : undefined;
      if (first) return first.n(v + 1, w - 1);
    }
    return v;
  }

  o(): string { return 'o'; }
}

/** Abstract: its abstract methods are not there at run time. */
@injectable()
export abstract class W implements IItf {
  abstract m(v: unknown): void;
  abstract n(v: unknown, w: unknown): unknown;
}

/** No usable constructor: an argument that nothing can inject. */
@injectable()
export class X implements IItf {
  constructor(readonly base: number) {}
  m(_v: unknown): void {}
  n(v: unknown): unknown { return v; }
}

/** Does not implement I. */
@injectable()
export class Z {
  o(): string { return 'o'; }
}

export const PKG = 'conform.components';
contents.register(`${PKG}.C`, C);
contents.register(`${PKG}.W`, W as unknown as new () => object);
contents.register(`${PKG}.X`, X);
contents.register(`${PKG}.Z`, Z);

// Conformtest's interface strings: name/signature/isClient^internal,isOptional,isCollection.
export const COMP = 'component/fractal.Component/false,false,false';
export const BC = 'binding-controller/fractal.BindingController/false,false,false';
export const CC = 'content-controller/fractal.ContentController/false,false,false';
export const LC = 'lifecycle-controller/fractal.LifeCycleController/false,false,false';
export const NC = 'name-controller/fractal.NameController/false,false,false';
export const SC = 'super-controller/fractal.SuperController/false,false,false';
export const AC = `attribute-controller/${CAttributes}/false,false,false`;

export function getItf(itf: Interface, internal: boolean): string {
  const t = itf.getFcItfType();
  return `${itf.getFcItfName()}/${t.getFcItfSignature()}/${t.isFcClientItf() !== internal},${t.isFcOptionalItf()},${t.isFcCollectionItf()}`;
}

/** Conformtest.checkInterface: every m and n call passes through the interface and returns its argument. */
export function checkInterface(i: IItf): void {
  for (const v of [true, 1, '\u0001', 1, 1, 1, 1, 1, '1', ['1']]) i.m(v);
  expect(i.n(true, null)).toBe(true);
  expect(i.n(1, null)).toBe(1);
  expect(i.n('\u0001', 0)).toBe('\u0001');
  expect(i.n(1, 0)).toBe(1);
  expect(i.n(1.5, 0)).toBe(1.5);
  expect(i.n('1', 0)).toBe('1');
  const a = ['1'];
  expect(i.n(a, false)).toBe(a);
}

function set(values: Iterable<string>): Set<string> {
  const s = new Set<string>();
  for (const v of values) {
    expect(s.has(v), `duplicated interface: ${v}`).toBe(false);
    s.add(v);
  }
  return s;
}

/** Conformtest.checkComponent: the external interfaces, and for a composite the internal ones (control interfaces excepted). */
export function checkComponent(c: Component, itfs: readonly string[]): void {
  const name = (s: string) => s.slice(0, s.indexOf('/'));
  expect(set((c.getFcInterfaces() as Interface[]).map((i) => getItf(i, false)))).toEqual(new Set(itfs));
  for (const itf of itfs) expect(getItf(c.getFcInterface(name(itf)) as Interface, false)).toBe(itf);
  let cc;
  try {
    cc = Fractal.getContentController(c);
  } catch (e) {
    expect(e).toBeInstanceOf(NoSuchInterfaceError);
    return;
  }
  const functional = itfs.filter((s) => !s.startsWith('component/') && !s.includes('-controller/'));
  expect(set(cc.getFcInternalInterfaces().map((i) => getItf(i, true)))).toEqual(new Set(functional));
  for (const itf of functional) expect(getItf(cc.getFcInternalInterface(name(itf)), true)).toBe(itf);
}

/** TestBindingController.checkList: listFc has no duplicates and is exactly `expected`. */
export function checkList(bc: BindingController, expected: readonly string[]): void {
  expect(set(bc.listFc())).toEqual(new Set(expected));
}

/** The Java tests' boot/tf/gf, from the process-wide bootstrap as in setUp(). */
export function fractal() {
  const boot = Fractal.getBootstrapComponent();
  return { boot, tf: Fractal.getTypeFactory(boot), gf: Fractal.getGenericFactory(boot) };
}
