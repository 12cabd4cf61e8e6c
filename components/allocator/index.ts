// The allocator family: importing this module registers every implementation's content class.
import { SIGNATURE as SIG, ATTRIBUTES_SIGNATURE as ATTRS, INTERFACE_NAME as ITF } from './signature.js';
import { ALLOCATOR_STATE_VERSION as VERSION, AllocatorStateSchema as SCHEMA, validateAllocatorState as validate } from './state.js';
export { Bitmap } from './Bitmap.js';
export { Buddy } from './Buddy.js';
export { FreeList } from './FreeList.js';
export { AllocatorBase } from './base.js';
export { SIGNATURE, ATTRIBUTES_SIGNATURE, INTERFACE_NAME, FREE, RESERVED, MAX_FRAMES, OWNER_MAX } from './signature.js';
export type { FrameAllocator, FrameSource, AllocatorStats, AllocatorSnapshot } from './signature.js';
export {
  ALLOCATOR_STATE_VERSION,
  AllocatorStateSchema,
  validateAllocatorState,
  encodeOwners,
  decodeOwners,
  parseReservedSpec,
  type AllocatorState,
  type ReservedRun,
  type AllocatedRun,
} from './state.js';
export { AllocatorError, AllocatorStateError, AllocatorAttributeError } from './errors.js';

/** Short names users type (REPL, CLI, scripts) → content class names. */
export const ALLOCATORS: Readonly<Record<string, string>> = Object.freeze({
  bitmap: 'components.allocator.Bitmap',
  buddy: 'components.allocator.Buddy',
  'free-list': 'components.allocator.FreeList',
});

/** Everything a generic tool (reconfiguration engine, CLI, kernel builder) needs about the family. */
export const ALLOCATOR_FAMILY = Object.freeze({
  family: 'allocator',
  interface: ITF,
  signature: SIG.name,
  attributesSignature: ATTRS.name,
  implementations: ALLOCATORS,
  stateVersion: VERSION,
  /** Fast structural + invariant check (what importState runs); throws AllocatorStateError. */
  validateState: validate,
  /** The same rules as a zod schema (documentation, tools). */
  stateSchema: SCHEMA,
});
