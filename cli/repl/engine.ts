// What the REPL needs of the reconfiguration engine (reconfig/): replace a component's implementation,
// run a reconfiguration script, apply an ADL diff, its journal and its event stream. The session gets
// one of these from `connectEngine(system)` (engine-adapter.ts); commands never reach into reconfig/.
import type { Observable } from 'rxjs';
import type { ReconfigAction } from '../../adl/index.js';
import type { ReconfigEvent, SwapRecord } from '../../reconfig/record.js';

export type { ReconfigEvent, SwapRecord };

export interface ReplEngine {
  /** Replaces the content of the component at `path` by the class `content` (full name), moving its state. */
  replace(path: string, content: string): Promise<SwapRecord>;
  /** Runs a reconfiguration script (FScript-like text): one record per step that ran (a failed step is the last). */
  runScript(text: string, source: string): Promise<readonly SwapRecord[]>;
  /** Applies the actions of an ADL diff as one transaction. */
  apply(actions: readonly ReconfigAction[]): Promise<SwapRecord>;
  journal(): readonly SwapRecord[];
  readonly events$: Observable<ReconfigEvent>;
  format(r: SwapRecord): string;
}
