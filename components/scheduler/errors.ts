// Errors of the scheduler family. `SchedulerError`: a caller broke the protocol (unknown pid,
// duplicate admit, wrong state). `SchedulerStateError`: importState refused a state it cannot
// represent; the scheduler is left unchanged so the reconfiguration engine can roll back.

export class SchedulerError extends Error {
  override name = 'SchedulerError';
}

export class SchedulerStateError extends Error {
  override name = 'SchedulerStateError';
}

export class SchedulerAttributeError extends Error {
  override name = 'SchedulerAttributeError';
}
