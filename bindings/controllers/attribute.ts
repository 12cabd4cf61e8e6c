// The attribute controller. Values are typed by the attribute signature (attributes.ts); when the content
// has a Java-bean setter (`setQuantum` for `quantum`) it is called on every change, and a bean getter,
// if present, answers getFcAttribute — as with Fractal attribute-controller interfaces.

import type { Component } from '../component.js';
import { ControlInterface } from './base.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class AttributeController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'attribute-controller', component.attributes?.signature ?? 'fractal.AttributeController');
  }

  listFcAttributes(): string[] {
    return this.component.attributes!.names();
  }

  getFcAttribute(name: string): unknown {
    const stored = this.component.attributes!.get(name);
    const getter = (this.component.content as Record<string, unknown> | null)?.[`get${cap(name)}`];
    return typeof getter === 'function' ? getter.call(this.component.content) : stored;
  }

  setFcAttribute(name: string, value: unknown): void {
    const v = this.component.attributes!.set(name, value);
    const setter = (this.component.content as Record<string, unknown> | null)?.[`set${cap(name)}`];
    if (typeof setter === 'function') setter.call(this.component.content, v);
  }
}
