// Attribute parsing for scheduler content classes. Attributes arrive from ADL as strings
// (numbers when a test or script passes them directly); a bad value is a configuration error
// that names the component, the attribute and what was expected.
import { SchedulerAttributeError } from './errors.js';

/** A positive integer attribute (cycles, levels); `fallback` when the ADL leaves it out. */
export function intAttribute(
  component: string,
  name: string,
  value: string | number | undefined,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
    throw new SchedulerAttributeError(`${component}: attribute '${name}' must be an integer ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Default base time slice in emulated cycles (instructions). */
export const DEFAULT_QUANTUM = 10_000;
