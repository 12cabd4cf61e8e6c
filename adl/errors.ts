// Positioned diagnostics of the ADL tool chain. Every problem found in an ADL file is an
// AdlDiagnostic naming file:line:column (1-based) and saying what was expected; a failed
// load, resolve or build throws one AdlError carrying all diagnostics of the run.
// A diagnostic is an error unless its severity is 'warning': warnings say what Tessera
// ignored (elements of another ADL dialect, ProActive membranes) and never fail a load.

/** A place in an ADL file; line and column are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** What kind of problem a diagnostic reports; tests and tools can switch on it. */
export type AdlErrorKind =
  | 'xml-syntax'
  | 'unknown-element'
  | 'unknown-attribute'
  | 'missing-attribute'
  | 'bad-value'
  | 'unexpected-text'
  | 'duplicate'
  | 'missing-definition'
  | 'definition-name'
  | 'extends-cycle'
  | 'component-cycle'
  | 'missing-argument'
  | 'unknown-argument'
  | 'bad-call'
  | 'unknown-component'
  | 'unknown-interface'
  | 'role-mismatch'
  | 'signature-mismatch'
  | 'contingency-mismatch'
  | 'already-bound'
  | 'unbound-interface'
  | 'incomplete-interface'
  | 'shared-component'
  | 'io'
  | 'dialect'
  | 'build';

export interface AdlDiagnostic {
  kind: AdlErrorKind;
  pos: SourcePos;
  message: string;
  /** Absent for errors. */
  severity?: 'warning';
}

export function isWarning(d: AdlDiagnostic): boolean {
  return d.severity === 'warning';
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

export function formatDiagnostic(d: AdlDiagnostic): string {
  return `${formatPos(d.pos)}: ${isWarning(d) ? 'warning: ' : ''}${d.message}`;
}

/** Sorts diagnostics by file, line, column; keeps the order of equal positions. */
export function sortDiagnostics(ds: readonly AdlDiagnostic[]): AdlDiagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (a.d.pos.file < b.d.pos.file ? -1 : a.d.pos.file > b.d.pos.file ? 1 : 0) ||
        a.d.pos.line - b.d.pos.line ||
        a.d.pos.column - b.d.pos.column ||
        a.i - b.i,
    )
    .map((x) => x.d);
}

/** Thrown when an ADL file (or a build from it) fails; carries every diagnostic found. */
export class AdlError extends Error {
  override readonly name = 'AdlError';
  /** The errors, sorted by position. */
  readonly diagnostics: readonly AdlDiagnostic[];
  /** Warnings found in the same run (context; they alone never make an AdlError). */
  readonly warnings: readonly AdlDiagnostic[];

  constructor(diagnostics: readonly AdlDiagnostic[]) {
    const sorted = dedupe(sortDiagnostics(diagnostics));
    const errors = sorted.filter((d) => !isWarning(d));
    super(errors.map(formatDiagnostic).join('\n'));
    this.diagnostics = errors;
    this.warnings = sorted.filter(isWarning);
  }
}

/** Drops diagnostics that format the same (one file reached twice reports once). */
export function dedupe(ds: AdlDiagnostic[]): AdlDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = formatDiagnostic(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Collects diagnostics during one run. */
export class Diagnostics {
  readonly list: AdlDiagnostic[] = [];

  add(kind: AdlErrorKind, pos: SourcePos, message: string): void {
    this.list.push({ kind, pos, message });
  }

  warn(kind: AdlErrorKind, pos: SourcePos, message: string): void {
    this.list.push({ kind, pos, message, severity: 'warning' });
  }

  get errors(): AdlDiagnostic[] {
    return this.list.filter((d) => !isWarning(d));
  }

  get size(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new AdlError(this.list);
  }
}
