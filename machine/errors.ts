// Error classes of the machine. Each message says what went wrong, where, and what was expected.

/** A programming error of the machine's user: bad configuration, double mapping, bad frame number. */
export class MachineConfigError extends Error {
  override name = 'MachineConfigError';
}

/** An ELF file that the loader refuses; `offset` is the file offset involved when there is one. */
export class ElfError extends Error {
  override name = 'ElfError';
  constructor(
    message: string,
    readonly file: string,
    readonly offset?: number,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Loading a valid ELF failed because the frame source ran out of frames. */
export class OutOfFramesError extends Error {
  override name = 'OutOfFramesError';
}
