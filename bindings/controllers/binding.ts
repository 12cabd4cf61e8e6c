// The binding controller: listFc, lookupFc, bindFc, unbindFc. The rules are in rules/binding.ts.

import { NoSuchInterfaceError } from '../errors.js';
import { ITF, setSource, type Interface, type ItfRef } from '../itf.js';
import { bindRules, runRules, unbindRules, type BindingAttempt } from '../rules/binding.js';
import { ControlInterface } from './base.js';
import type { Component } from '../component.js';

export class BindingController extends ControlInterface {
  constructor(component: Component) {
    super(component, 'binding-controller', 'fractal.BindingController');
  }

  /**
   * Names of the client interfaces: external ones, and a composite's internal ones (its server names).
   * A collection instance is listed while it is bound (as in Julia: `clients0` appears with its binding).
   */
  listFc(): string[] {
    const c = this.component;
    const names: string[] = [];
    const add = (i: ItfRef) => {
      const st = i[ITF];
      if (st.role === 'client' && (st.source !== null || !st.type.isFcCollectionItf())) names.push(st.name);
    };
    for (const i of c.external.values()) add(i);
    if (c.internal) for (const i of c.internal.values()) add(i);
    return names;
  }

  /** The server interface `name` is bound to, or null. */
  lookupFc(name: string): Interface | null {
    const a = attempt(this.component, name);
    if (!a.client) throw new NoSuchInterfaceError(`component '${this.component}': '${name}' is a server interface, not a client interface`);
    return a.client[ITF].source;
  }

  bindFc(name: string, server: unknown): void {
    const a = attempt(this.component, name, server);
    runRules(bindRules, a);
    setSource(a.client!, server as ItfRef);
    this.component.runtime.emit('bound', this.component, { interface: name, server: String(server) });
  }

  unbindFc(name: string): void {
    const a = attempt(this.component, name);
    runRules(unbindRules, a);
    const old = a.client![ITF].source;
    setSource(a.client!, null);
    this.component.runtime.emit('unbound', this.component, { interface: name, server: String(old) });
  }
}

/**
 * Resolves the client-role reference behind `name`: an external client (collection instances created on
 * demand), or for a composite the internal client of its server interface `name`.
 */
export function attempt(component: Component, name: string, server?: unknown): BindingAttempt {
  const ext = component.external.get(name) ?? component.createCollectionInstance(name);
  if (!ext) {
    const known = [...component.external.keys()].join(', ') || '(none)';
    throw new NoSuchInterfaceError(`component '${component}' has no interface '${name}'; its interfaces are: ${known}`);
  }
  const client = ext[ITF].role === 'client' ? ext : component.internal ? component.internalItf(name) : undefined;
  return { component, clientName: name, client, server };
}
