// Whole-number command-line values, read strictly (decimal digits only) and checked against the app's ranges.
import { PARAMS } from '../../src/config/params';
import { validateConfig } from '../../src/config/schema';

/** A whole number in decimal digits (no 1e9, 0x10, 1.0, +5 or spaces) within [min, max]. */
export function parseWholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`${flag} must be a whole number from ${min} to ${max} written in decimal digits, got "${text}"`);
  }
  return n;
}

/** --iterations: decimal digits, then the config schema's own range for `iterations`. */
export function parseIterations(text: string): number {
  const spec = PARAMS.iterations;
  const n = parseWholeNumber('--iterations', text, spec.min, spec.max);
  const { issues } = validateConfig({ iterations: n });
  if (issues.length > 0) throw new Error(`--iterations ${text}: ${issues[0].message}`);
  return n;
}
