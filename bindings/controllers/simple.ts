// The name and super controllers.

import type { Component } from '../component.js';
import { ControlInterface } from './base.js';

export class NameController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'name-controller', 'fractal.NameController');
  }

  getFcName(): string {
    return this.component.name;
  }

  setFcName(name: string): void {
    this.component.name = name;
  }
}

/** Lists the composites that contain the component (several when it is shared). */
export class SuperController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'super-controller', 'fractal.SuperController');
  }

  getFcSuperComponents(): Component[] {
    return [...this.component.parents];
  }
}
