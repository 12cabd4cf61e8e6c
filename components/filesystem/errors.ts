// Error classes of the filesystem family.

/** Thrown inside an operation to abort it (undoing its block changes) and return -errno. */
export class FsErrno extends Error {
  override name = 'FsErrno';
  constructor(
    readonly errno: number,
    message = `errno ${errno}`,
  ) {
    super(message);
  }
}

/** A bad attribute value or constructor argument (from ADL or a test). */
export class FsConfigError extends Error {
  override name = 'FsConfigError';
}

/** importState refused a state: says which field and what was expected, so the engine can roll back. */
export class FsStateError extends Error {
  override name = 'FsStateError';
}
