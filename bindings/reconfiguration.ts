// Hooks for the reconfiguration engine (reconfig/): what `replace(target, successor)` needs, without
// reaching into the runtime's internals. Two ways to swap are possible:
//  - in place: stop the target, export its content's state, `replaceContent(target, successor class)`,
//    import the state, start — bindings and identity stay, held calls run on the new content;
//  - by component: create the successor, add it to the target's parents, bind its clients like the
//    target's, stop the target, transfer state (getContent on both), `retargetFc` every reverse binding,
//    `moveHeldCalls(target, successor)`, start the successor, then unbind and remove the target.
// Rollback is the same operations in reverse.

import type { Component } from './component.js';
import { Fractal } from './fractal.js';
import { attempt } from './controllers/binding.js';
import type { ContentClass } from './contents.js';
import { IllegalBindingError, IllegalLifeCycleError, NoSuchInterfaceError } from './errors.js';
import { instantiateContent, resolveContentClass, type ContentDesc } from './factory.js';
import { STARTED } from './gate.js';
import { clientsOf, isItfRef, ITF, setSource, type Interface } from './itf.js';
import { retargetRules, runRules } from './rules/binding.js';

/** A binding: a client interface reference and the server interface reference it is bound to. */
export interface BindingInfo {
  readonly client: Interface;
  readonly server: Interface;
}

function primitive(c: Component, what: string): Component {
  if (c.kind !== 'primitive') throw new IllegalLifeCycleError(`${what}: '${c}' is a composite; expected a primitive component`);
  return c;
}

export const Reconfiguration = {
  /** The content instance of a primitive (for exportState / importState), or null. */
  getContent<T extends object = object>(c: Component): T | null {
    return primitive(c, 'getContent').content as T | null;
  },

  getContentClass(c: Component): ContentClass | null {
    return primitive(c, 'getContentClass').contentClass;
  },

  /**
   * Replaces a STOPPED primitive's content by a new instance of `desc` (same ports and attributes);
   * returns the old content so that its state can be moved. Held calls will run on the new content.
   */
  replaceContent(c: Component, desc: ContentDesc): object | null {
    primitive(c, 'replaceContent');
    if (c.isStarted()) throw new IllegalLifeCycleError(`replaceContent: '${c}' is STARTED or stopping; expected it STOPPED`);
    const cls = resolveContentClass(desc, c.getFcName());
    const old = c.content;
    c.setContent(cls ? instantiateContent(c, cls) : null, cls);
    c.runtime.emit('content-replaced', c, { server: cls?.name ?? 'null' });
    return old;
  },

  /** Outgoing bindings: every bound client reference of `c` (a composite's internal ones included). */
  getBindings(c: Component): BindingInfo[] {
    const out: BindingInfo[] = [];
    for (const itf of [...c.external.values(), ...(c.internal?.values() ?? [])]) {
      const st = itf[ITF];
      if (st.role === 'client' && st.source) out.push({ client: itf, server: st.source });
    }
    return out;
  },

  /** Reverse bindings: every client reference bound to one of `c`'s external server interfaces. */
  getReverseBindings(c: Component): BindingInfo[] {
    const out: BindingInfo[] = [];
    for (const itf of c.external.values()) {
      if (itf[ITF].role !== 'server') continue;
      for (const client of clientsOf(itf)) out.push({ client, server: itf });
    }
    return out;
  },

  /**
   * Points a bound client reference at `server` in one step. Allowed on a STARTED client when its
   * current server is not STARTED (stopped for the swap); type, contingency and locality rules apply.
   */
  retargetFc(client: Interface, server: Interface): void {
    if (!isItfRef(client) || client[ITF].role !== 'client') throw new IllegalBindingError(`retargetFc: ${String(client)} is not a client interface reference`);
    const st = client[ITF];
    const a = { ...attempt(st.owner, st.name, server), client };
    runRules(retargetRules, a);
    const old = st.source;
    setSource(client, server as never);
    st.owner.runtime.emit('retargeted', st.owner, { interface: st.name, server: `${old} -> ${server}` });
  },

  /**
   * Moves the calls held at `from` to `to` (same interface and method names), keeping their order; they
   * run at once if `to` is STARTED, else when it starts. Returns how many moved. A call whose method
   * `to` lacks is rejected with NoSuchInterfaceError.
   */
  moveHeldCalls(from: Component, to: Component): number {
    const src = primitive(from, 'moveHeldCalls').gate;
    const dst = primitive(to, 'moveHeldCalls').gate;
    if (!src || !dst) throw new IllegalLifeCycleError(`moveHeldCalls: '${!src ? from : to}' has reconfiguration 'none' (no gate, no held calls)`);
    const held = src.takeHeld();
    let moved = 0;
    for (const h of held) {
      const e = to.entries.find((x) => x.itf === h.entry.itf && x.method === h.entry.method);
      if (!e) {
        h.reject(new NoSuchInterfaceError(`held call ${from}.${h.entry.itf}.${h.entry.method}() has no counterpart in '${to}'`));
        continue;
      }
      h.entry = e;
      dst.enqueue(h);
      moved++;
    }
    if (dst.state === STARTED) dst.release();
    return moved;
  },

  /**
   * Why `c` is not quiescent yet, one line per call inside it (for a swap's timeout report); '' when
   * nothing is inside.
   */
  quiescenceReport(c: Component): string {
    const lines: string[] = [];
    for (const x of c.selfAndDescendants()) {
      if (!x.gate || x.gate.count === 0) continue;
      for (const call of x.gate.inFlightCalls()) {
        const what = call.method === '?' ? 'a synchronous call on the current stack (create with traceCalls for names)' : `${call.interface}.${call.method}()`;
        lines.push(`'${call.component}': thread ${String(call.thread)} inside ${what}${Number.isNaN(call.since) ? '' : ` since ${call.since}`}${call.async ? ', waiting on a promise' : ''}`);
      }
    }
    return lines.join('\n');
  },

  /** Undoes an add in a rollback: `child` leaves `parent` even if STARTED (it was, before the add: shared). */
  undoAdd(parent: Component, child: Component): void {
    Fractal.getContentController(parent).undoAddFcSubComponent(child);
  },

  /** True when every primitive in `c` counts threads (reconfiguration 'thread-counting'): a stop means quiescence. */
  isQuiescenceTracked(c: Component): boolean {
    return c.selfAndDescendants().every((x) => x.kind === 'composite' || x.gate !== null);
  },
};
