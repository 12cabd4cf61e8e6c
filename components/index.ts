// The kernel's components: importing this module registers every content class and signature, so that
// ADL files naming `components.scheduler.Mlfq` and the like can be built.
import './signatures.js';
import './scheduler/index.js';
import './allocator/index.js';
import './filesystem/index.js';
import './process/ProcessManager.js';
import './syscall/SyscallLayer.js';
import { SCHEDULERS } from './scheduler/index.js';
import { ALLOCATORS } from './allocator/index.js';
import { IMPLEMENTATIONS as FILESYSTEMS } from './filesystem/index.js';

/** Short implementation names users type, per component path of the kernel ADL. */
export const IMPLEMENTATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  scheduler: SCHEDULERS,
  allocator: ALLOCATORS,
  filesystem: FILESYSTEMS,
  process: Object.freeze({ 'process-manager': 'components.process.ProcessManager' }),
  syscall: Object.freeze({ 'syscall-layer': 'components.syscall.SyscallLayer' }),
});

/** The content class named by `impl` for the family at `path` (a short name or a full class name), or undefined. */
export function implementationClass(path: string, impl: string): string | undefined {
  const family = IMPLEMENTATIONS[path];
  if (!family) return undefined;
  return family[impl] ?? (Object.values(family).includes(impl) ? impl : undefined);
}
