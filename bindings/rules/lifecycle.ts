// The life-cycle rules: what must hold before a component may start.

import { IllegalLifeCycleError } from '../errors.js';
import type { Component } from '../component.js';
import { ITF, type ItfRef } from '../itf.js';

export type StartRule = (c: Component) => void;

/** A primitive needs content to run. */
export const hasContent: StartRule = (c) => {
  if (c.kind === 'primitive' && c.content === null) {
    throw new IllegalLifeCycleError(`cannot start '${c}': it has no content (created with a null content description)`);
  }
};

/**
 * Every mandatory client interface is bound: a primitive's and a composite's external clients, and a
 * composite's internal clients (what its mandatory server interfaces are exported from).
 */
export const mandatoryClientsBound: StartRule = (c) => {
  const clients: ItfRef[] = [...c.external.values(), ...(c.internal?.values() ?? [])].filter((i) => i[ITF].role === 'client');
  for (const itf of clients) {
    const st = itf[ITF];
    if (st.type.isFcOptionalItf() || st.type.isFcCollectionItf() || st.source) continue;
    throw new IllegalLifeCycleError(
      `cannot start '${c}': mandatory ${st.internal ? 'internal ' : ''}client interface '${st.name}' is not bound` +
      (st.internal ? ` (export its server interface '${st.name}' from a sub-component)` : ''),
    );
  }
};

export const startRules: readonly StartRule[] = [hasContent, mandatoryClientsBound];
