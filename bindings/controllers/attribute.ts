// The attribute controller. Values are typed by the attribute signature (attributes.ts); when the content
// has a Java-bean setter (`setQuantum` for `quantum`) it is called on every change, and a bean getter,
// if present, answers getFcAttribute — as with Fractal attribute-controller interfaces.
// Like a Fractal attribute-controller interface, the controller itself also has the bean accessors:
// those its signature declares as methods, and `getX`/`setX` for each typed attribute `x`.

import type { Component } from '../component.js';
import { signatures } from '../signatures.js';
import { ControlInterface } from './base.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const uncap = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const BEAN = /^(get|set|is)([A-Z].*)$/;

export class AttributeController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'attribute-controller', component.attributes?.signature ?? 'fractal.AttributeController');
    this.installBeanAccessors();
  }

  listFcAttributes(): string[] {
    return this.component.attributes!.names();
  }

  getFcAttribute(name: string): unknown {
    const stored = this.component.attributes!.get(name);
    const content = this.component.content as Record<string, unknown> | null;
    const getter = content?.[`get${cap(name)}`] ?? content?.[`is${cap(name)}`];
    return typeof getter === 'function' ? getter.call(content) : stored;
  }

  setFcAttribute(name: string, value: unknown): void {
    const v = this.component.attributes!.set(name, value);
    const setter = (this.component.content as Record<string, unknown> | null)?.[`set${cap(name)}`];
    if (typeof setter === 'function') setter.call(this.component.content, v);
  }

  private installBeanAccessors(): void {
    const store = this.component.attributes!;
    const sig = store.signature;
    const methods = sig !== null ? signatures.methodsOf(sig) : [];
    for (const name of Object.keys(store.specs ?? {})) methods.push(`get${cap(name)}`, `set${cap(name)}`);
    const self = this as unknown as Record<string, unknown>;
    for (const m of methods) {
      const r = BEAN.exec(m);
      if (!r || m in self) continue; // never shadow the controller's own methods
      const attr = uncap(r[2]!);
      self[m] = r[1] === 'set' ? (v: unknown) => this.setFcAttribute(attr, v) : () => this.getFcAttribute(attr);
    }
  }
}
