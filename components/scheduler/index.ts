// The scheduler family: importing this module registers every implementation's content class.
import { SIGNATURE as SIG, ATTRIBUTES_SIGNATURE as ATTRS, INTERFACE_NAME as ITF } from './signature.js';
import { SCHEDULER_STATE_VERSION as VERSION, SchedulerStateSchema as SCHEMA, validateSchedulerState as validate } from './state.js';
export { RoundRobin } from './RoundRobin.js';
export { Priority } from './Priority.js';
export { Mlfq } from './Mlfq.js';
export { Stride, STRIDE1 } from './Stride.js';
export { Fair } from './Fair.js';
export { SchedulerBase } from './base.js';
export { SIGNATURE, ATTRIBUTES_SIGNATURE, INTERFACE_NAME } from './signature.js';
export type { Scheduler, SchedulerSnapshot, SchedulerProcessView } from './signature.js';
export {
  SCHEDULER_STATE_VERSION,
  SchedulerStateSchema,
  SchedulerStateV1Schema,
  validateSchedulerState,
  validateSchedulerStateV1,
  upgradeSchedulerState,
  readSchedulerState,
  rowsOf,
  emptySchedulerState,
  queueKeys,
  type SchedulerState,
  type SchedulerStateV1,
  type SchedulerProcessState,
  type SchedulerHints,
  type ProcessState,
} from './state.js';
export { SchedulerError, SchedulerStateError, SchedulerAttributeError } from './errors.js';
export { weightOf, NICE_MIN, NICE_MAX, NICE_0_WEIGHT } from './weights.js';

/** Short names users type (REPL, CLI, scripts) → content class names. */
export const SCHEDULERS: Readonly<Record<string, string>> = Object.freeze({
  'round-robin': 'components.scheduler.RoundRobin',
  priority: 'components.scheduler.Priority',
  mlfq: 'components.scheduler.Mlfq',
  stride: 'components.scheduler.Stride',
  fair: 'components.scheduler.Fair',
});

/** Everything a generic tool (reconfiguration engine, CLI, kernel builder) needs about the family. */
export const SCHEDULER_FAMILY = Object.freeze({
  family: 'scheduler',
  interface: ITF,
  signature: SIG.name,
  attributesSignature: ATTRS.name,
  implementations: SCHEDULERS,
  stateVersion: VERSION,
  /** Fast structural + invariant check (what importState runs); throws SchedulerStateError. */
  validateState: validate,
  /** The same rules as a zod schema, the schema of record (documentation, tools; much slower than validateState). */
  stateSchema: SCHEMA,
});
