// Errors of the reconfiguration engine. Each says what was asked, where, and what was expected; a
// failed swap is not an exception (the engine rolls back and returns a record), these are for requests
// the engine refuses before touching anything, and for script syntax.

/**
 * The step of a reconfiguration at which something failed (also the record's phase names). 'probation'
 * is after the commit: a successor's first calls (reconfig/probation.ts).
 */
export type ReconfigStep = 'plan' | 'create' | 'stop' | 'export' | 'validate' | 'import' | 'apply' | 'start' | 'release' | 'retire' | 'probation';

export class ReconfigurationError extends Error {
  override name = 'ReconfigurationError';
  constructor(readonly step: ReconfigStep, message: string) {
    super(message);
  }
}

/** The target cannot be reconfigured: reconfiguration 'none' in its ADL, a composite, or no state transfer. */
export class NotReconfigurableError extends ReconfigurationError {
  override name = 'NotReconfigurableError';
  constructor(message: string) {
    super('plan', message);
  }
}

/** A script that does not parse, or names something that does not exist: `line:column: message`. */
export class ScriptError extends Error {
  override name = 'ScriptError';
  constructor(readonly line: number, readonly column: number, readonly detail: string) {
    super(`${line}:${column}: ${detail}`);
  }
}
