// Connects the REPL to the system's reconfiguration engine (boot/reconfigure.ts: one engine per system,
// clocked by the machine's emulated cycles, definitions loaded from the kernel's ADL search path).
import type { ReconfigAction } from '../../adl/index.js';
import { reconfigure, script } from '../../boot/reconfigure.js';
import type { TesseraSystem } from '../../boot/system.js';
import { formatRecord, fromDiff, type SwapRecord } from '../../reconfig/index.js';
import type { ReplEngine } from './engine.js';
import { resolve } from './model.js';

export function connectEngine(system: TesseraSystem): ReplEngine {
  const engine = reconfigure(system);
  return {
    replace: (path: string, content: string): Promise<SwapRecord> => engine.replace(resolve(system.kernel, path), content),
    runScript: async (text: string): Promise<readonly SwapRecord[]> => (await script(system, text)).records,
    apply: (actions: readonly ReconfigAction[]): Promise<SwapRecord> => engine.transaction(fromDiff(system.kernel, actions)),
    journal: () => engine.records(),
    events$: engine.events$,
    format: formatRecord,
  };
}
