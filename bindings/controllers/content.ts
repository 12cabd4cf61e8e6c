// The content controller of a composite: its sub-components and its internal interfaces.

import { NoSuchInterfaceError } from '../errors.js';
import type { Component } from '../component.js';
import type { Interface } from '../itf.js';
import { addRules, removeRules, runContentRules, undoAddRules } from '../rules/content.js';
import { ControlInterface } from './base.js';

export class ContentController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'content-controller', 'fractal.ContentController');
  }

  getFcInternalInterfaces(): Interface[] {
    return [...this.component.internal!.values()];
  }

  getFcInternalInterface(name: string): Interface {
    const itf = this.component.internalItf(name);
    if (!itf) {
      throw new NoSuchInterfaceError(`composite '${this.component}' has no internal interface '${name}'; it has: ${[...this.component.internal!.keys()].join(', ') || '(none)'}`);
    }
    return itf;
  }

  getFcSubComponents(): Component[] {
    return [...this.component.children];
  }

  addFcSubComponent(sub: Component): void {
    runContentRules(addRules, { composite: this.component, sub });
    this.component.children.push(sub);
    sub.parents.push(this.component);
    this.component.runtime.emit('added', this.component, { server: sub.getFcName() });
  }

  removeFcSubComponent(sub: Component): void {
    runContentRules(removeRules, { composite: this.component, sub });
    this.detach(sub);
  }

  /** Removal without the life-cycle rule, for the reconfiguration engine's rollback of an add. */
  undoAddFcSubComponent(sub: Component): void {
    runContentRules(undoAddRules, { composite: this.component, sub });
    this.detach(sub);
  }

  private detach(sub: Component): void {
    this.component.children.splice(this.component.children.indexOf(sub), 1);
    sub.parents.splice(sub.parents.indexOf(this.component), 1);
    this.component.runtime.emit('removed', this.component, { server: sub.getFcName() });
  }
}
