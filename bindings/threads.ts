// Thread identity. A "thread" is one flow of control through the kernel (a trap from a guest process,
// a timer interrupt, a kernel daemon). Synchronous code learns its thread from a marker that
// `threads.run` sets for the duration of a call; code that continues after an `await` learns it from
// AsyncLocalStorage, which only the async path of an interceptor (and `threads.runAsync`) enters,
// because entering it costs far more than a sync call (see bench/bindings.bench.ts).

import { AsyncLocalStorage } from 'node:async_hooks';

export type ThreadId = string | number;

/** What travels with an async flow of control: its thread, and the component call it is inside, if any. */
export interface AsyncContext {
  readonly thread: ThreadId;
  /** The in-flight component call this flow is inside, or null for a bare `threads.runAsync`. */
  readonly call: { readonly gate: unknown; done: boolean } | null;
  readonly parent: AsyncContext | undefined;
}

export const asyncContext = new AsyncLocalStorage<AsyncContext>();

let marker: ThreadId | undefined;

export const threads = {
  /** Runs `fn` synchronously as thread `id` (what the kernel does when it dispatches a trap). */
  run<T>(id: ThreadId, fn: () => T): T {
    const prev = marker;
    marker = id;
    try {
      return fn();
    } finally {
      marker = prev;
    }
  },

  /** Runs `fn` as thread `id`, and keeps that identity across its `await`s. */
  runAsync<T>(id: ThreadId, fn: () => Promise<T>): Promise<T> {
    return asyncContext.run({ thread: id, call: null, parent: asyncContext.getStore() }, () => threads.run(id, fn));
  },

  /** The current thread: the sync marker, else the async context's thread, else 'main'. */
  current(): ThreadId {
    return marker ?? asyncContext.getStore()?.thread ?? 'main';
  },
};
