// Common shape of control interfaces: they are interface references too (Fractal: getFcInterface
// ('binding-controller') returns an Interface).

import type { Component } from '../component.js';
import type { Interface } from '../itf.js';
import { InterfaceType } from '../types.js';

export abstract class ControlInterface implements Interface {
  private readonly itfType: InterfaceType;

  constructor(
    protected readonly component: Component,
    private readonly itfName: string,
    signature: string,
  ) {
    this.itfType = new InterfaceType(itfName, signature, false, false, false);
  }

  getFcItfName(): string { return this.itfName; }
  getFcItfOwner(): Component { return this.component; }
  getFcItfType(): InterfaceType { return this.itfType; }
  isFcInternalItf(): boolean { return false; }
}
