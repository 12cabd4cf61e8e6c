// The content rules of the Fractal specification (Julia's content-controller mixins), one check each.

import { IllegalContentError, IllegalLifeCycleError } from '../errors.js';
import { isComponent, type Component } from '../component.js';
import { clientsOf, ITF } from '../itf.js';

export interface ContentChange {
  readonly composite: Component;
  readonly sub: unknown;
}

export type ContentRule = (c: ContentChange) => void;

const sub = (c: ContentChange) => c.sub as Component;

export const subIsComponent: ContentRule = (c) => {
  if (!isComponent(c.sub)) throw new IllegalContentError(`composite '${c.composite}': a sub-component must be a component, got ${typeof c.sub}`);
};

/** A component appears at most once among a composite's sub-components. */
export const notAlreadyMember: ContentRule = (c) => {
  if (c.composite.children.includes(sub(c))) {
    throw new IllegalContentError(`composite '${c.composite}' already contains '${sub(c)}'`);
  }
};

/** The containment graph stays acyclic: a composite cannot contain itself or one of its ancestors. */
export const noCycle: ContentRule = (c) => {
  if (sub(c).selfAndDescendants().includes(c.composite)) {
    throw new IllegalContentError(`adding '${sub(c)}' to '${c.composite}' would make '${c.composite}' contain itself`);
  }
};

export const isMember: ContentRule = (c) => {
  if (!c.composite.children.includes(sub(c))) {
    throw new IllegalContentError(`'${sub(c)}' is not a sub-component of '${c.composite}'`);
  }
};

/**
 * A sub-component bound to a sibling or to the composite's internal interfaces cannot be removed: the
 * binding would cross the composite's boundary afterwards.
 */
export const notBoundInside: ContentRule = (c) => {
  const s = sub(c);
  const inside = (owner: Component, internal: boolean) =>
    (internal && owner === c.composite) || (!internal && owner !== s && c.composite.children.includes(owner));
  for (const itf of s.external.values()) {
    const st = itf[ITF];
    if (st.role === 'client' && st.source && inside(st.source[ITF].owner, st.source[ITF].internal)) {
      throw new IllegalContentError(`cannot remove '${s}' from '${c.composite}': its interface '${st.name}' is bound to ${st.source}; unbind it first`);
    }
    if (st.role === 'server') {
      for (const client of clientsOf(itf)) {
        if (inside(client[ITF].owner, client[ITF].internal)) {
          throw new IllegalContentError(`cannot remove '${s}' from '${c.composite}': ${client} is bound to its interface '${st.name}'; unbind it first`);
        }
      }
    }
  }
};

/**
 * A STARTED (or stopping) sub-component cannot be removed: it would go on running outside the composite
 * whose life-cycle governs it. Stop it first (the Fractal specification's IllegalLifeCycleException).
 */
export const subNotStarted: ContentRule = (c) => {
  if (sub(c).isStarted()) {
    throw new IllegalLifeCycleError(`cannot remove '${sub(c)}' from '${c.composite}': it is STARTED; expected stopFc() on it first`);
  }
};

export const addRules: readonly ContentRule[] = [subIsComponent, notAlreadyMember, noCycle];
export const removeRules: readonly ContentRule[] = [subIsComponent, isMember, notBoundInside, subNotStarted];
/** Undoing an add (reconfiguration rollback): the sub-component may be STARTED, as it was before the add. */
export const undoAddRules: readonly ContentRule[] = [subIsComponent, isMember, notBoundInside];

export function runContentRules(rules: readonly ContentRule[], c: ContentChange): void {
  for (const r of rules) r(c);
}
