// The binding rules of the Fractal specification, one named check each (Julia's binding-controller
// mixins: type checks, local-binding check, life-cycle check, ...). A controller runs a list of them;
// the lists at the bottom read like the specification.

import { IllegalBindingError, IllegalLifeCycleError } from '../errors.js';
import { describe, isItfRef, ITF, type ItfRef } from '../itf.js';
import { signatures } from '../signatures.js';
import type { Component } from '../component.js';

/** One attempt to bind, unbind or retarget a client reference of `component`. */
export interface BindingAttempt {
  readonly component: Component;
  readonly clientName: string;
  /** The client-role reference named `clientName`, or undefined when the name is server-side (primitives). */
  readonly client: ItfRef | undefined;
  /** What the caller passed as the server (bind, retarget). */
  readonly server?: unknown;
}

export type BindingRule = (a: BindingAttempt) => void;

const where = (a: BindingAttempt) => `component '${a.component.getFcName()}', interface '${a.clientName}'`;
const server = (a: BindingAttempt) => a.server as ItfRef;

/** Binding goes from a client interface: a primitive's server-side name cannot be bound. */
export const clientSideOnly: BindingRule = (a) => {
  if (!a.client) throw new IllegalBindingError(`${where(a)}: '${a.clientName}' is a server interface; only client interfaces can be bound`);
};

/** Bindings change only while the client component is stopped. */
export const clientNotStarted: BindingRule = (a) => {
  if (a.component.isStarted()) {
    throw new IllegalLifeCycleError(`${where(a)}: component is STARTED; expected stopFc() before changing its bindings`);
  }
};

/** The server must be an interface reference playing the server role (external server or internal server). */
export const serverIsServerInterface: BindingRule = (a) => {
  if (!isItfRef(a.server)) {
    throw new IllegalBindingError(`${where(a)}: the server must be an interface reference (getFcInterface / getFcInternalInterface), got ${typeof a.server}`);
  }
  if (server(a)[ITF].role !== 'server') {
    throw new IllegalBindingError(`${where(a)}: ${describe(server(a))} is a client interface; a binding goes to a server interface`);
  }
};

/** A client interface is bound to one server at a time. */
export const notAlreadyBound: BindingRule = (a) => {
  const cur = a.client![ITF].source;
  if (cur) throw new IllegalBindingError(`${where(a)}: already bound to ${describe(cur)}; expected unbindFc('${a.clientName}') first`);
};

/** The server's signature must be a sub-type of the client's (through the signature registry). */
export const signatureIsSubtype: BindingRule = (a) => {
  const cs = a.client![ITF].type.getFcItfSignature();
  const ss = server(a)[ITF].type.getFcItfSignature();
  if (signatures.isSubtype(ss, cs)) return;
  const unknown = [cs, ss].filter((s) => !signatures.has(s));
  throw new IllegalBindingError(
    `${where(a)}: server ${describe(server(a))} has signature '${ss}', which is not a sub-type of '${cs}'` +
    (unknown.length ? ` (not defined with signatures.define: ${unknown.join(', ')})` : ''),
  );
};

/** A mandatory client cannot rely on an optional server. */
export const mandatoryNotToOptional: BindingRule = (a) => {
  const c = a.client![ITF].type;
  const s = server(a)[ITF].type;
  if (!c.isFcOptionalItf() && s.isFcOptionalItf()) {
    throw new IllegalBindingError(`${where(a)}: a mandatory client interface cannot be bound to the optional server ${describe(server(a))}`);
  }
};

/**
 * The binding must stay inside one composite: a normal binding joins two sub-components of a common
 * parent, an export binding goes from a composite's internal client to one of its sub-components, an
 * import binding from a sub-component to its parent's internal server. Two top-level components (no
 * parent at all) may also be bound, as at the root of an architecture.
 */
export const bindingIsLocal: BindingRule = (a) => {
  const c = a.client![ITF];
  const s = server(a)[ITF];
  if (!c.internal && !s.internal && c.owner.parents.length === 0 && s.owner.parents.length === 0) return;
  const clientScopes = c.internal ? [c.owner] : c.owner.parents;
  const serverScopes = s.internal ? [s.owner] : s.owner.parents;
  if (clientScopes.some((p) => serverScopes.includes(p))) return;
  throw new IllegalBindingError(
    `${where(a)}: not a local binding to ${describe(server(a))}: client side in [${clientScopes.map(String).join(', ') || 'top level'}], ` +
    `server side in [${serverScopes.map(String).join(', ') || 'top level'}]; expected both in one composite`,
  );
};

/** Only a bound client can be unbound. */
export const isBound: BindingRule = (a) => {
  if (!a.client![ITF].source) throw new IllegalBindingError(`${where(a)}: not bound; nothing to unbind`);
};

/**
 * Retargeting (a swap) may change a STARTED client's binding, but only away from a server that is not
 * STARTED: its calls are held at its boundary, so no call is lost or sees half a change.
 */
export const oldServerQuiescent: BindingRule = (a) => {
  if (!a.component.isStarted()) return;
  const cur = a.client![ITF].source;
  if (cur && cur[ITF].owner.isStarted()) {
    throw new IllegalLifeCycleError(
      `${where(a)}: component is STARTED and its current server ${describe(cur)} is STARTED too; ` +
      `expected the old server stopped (quiescent) before retargeting`,
    );
  }
};

export const bindRules: readonly BindingRule[] = [
  clientSideOnly, clientNotStarted, serverIsServerInterface, notAlreadyBound, signatureIsSubtype, mandatoryNotToOptional, bindingIsLocal,
];
export const unbindRules: readonly BindingRule[] = [clientSideOnly, clientNotStarted, isBound];
export const retargetRules: readonly BindingRule[] = [
  clientSideOnly, isBound, oldServerQuiescent, serverIsServerInterface, signatureIsSubtype, mandatoryNotToOptional, bindingIsLocal,
];

export function runRules(rules: readonly BindingRule[], a: BindingAttempt): void {
  for (const r of rules) r(a);
}
