// Attribute parsing for allocator content classes: values arrive from ADL as strings (numbers
// when a test passes them directly); a bad value names the component, the attribute and what
// was expected.
import { AllocatorAttributeError } from './errors.js';
import { MAX_FRAMES } from './signature.js';

export function intAttribute(component: string, name: string, value: string | number | undefined, fallback: number, min: number, max = MAX_FRAMES): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new AllocatorAttributeError(`${component}: attribute '${name}' must be an integer in ${min}..${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}
