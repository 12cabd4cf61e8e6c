// What a content class receives for a collection client interface (`clients` with instances
// `clients0`, `clients-a`, ...): a live view of the instances, since they are created on demand after
// the content exists.

import type { ItfRef, Port } from './itf.js';
import { ITF } from './itf.js';

export class PortCollection<T = unknown> implements Iterable<Port<T>> {
  constructor(
    readonly prefix: string,
    private readonly instances: Map<string, ItfRef>,
  ) {}

  /** The instance `name` (bound or not), if it exists. */
  get(name: string): Port<T> | undefined {
    return this.instances.get(name) as Port<T> | undefined;
  }

  /** Names of the instances that are bound, in creation order. */
  names(): string[] {
    return [...this.instances.values()].filter((p) => p[ITF].source !== null).map((p) => p[ITF].name);
  }

  get size(): number {
    return this.names().length;
  }

  /** The bound instances, in creation order. */
  *[Symbol.iterator](): Iterator<Port<T>> {
    for (const p of this.instances.values()) if (p[ITF].source !== null) yield p as unknown as Port<T>;
  }
}
