// Attribute values arrive from ADL as strings (or numbers from code); parsed and range-checked here.
import { FsConfigError } from './errors.js';

export function parseIntAttribute(name: string, value: string | number | undefined, dflt: number, min: number, max: number): number {
  if (value === undefined || value === null || value === '') return dflt;
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new FsConfigError(`filesystem attribute ${name}=${JSON.stringify(value)}: expected an integer between ${min} and ${max}`);
  }
  return n;
}
