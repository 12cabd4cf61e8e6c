// Errors of the allocator family. Out of memory is NOT an error (alloc returns -1, which the
// process manager turns into ENOMEM). `AllocatorError`: a caller broke the contract (double
// free, frame out of range, bad owner). `AllocatorStateError`: importState refused a state;
// the allocator is left unchanged so the reconfiguration engine can roll back.

export class AllocatorError extends Error {
  override name = 'AllocatorError';
}

export class AllocatorStateError extends Error {
  override name = 'AllocatorStateError';
}

export class AllocatorAttributeError extends Error {
  override name = 'AllocatorAttributeError';
}
