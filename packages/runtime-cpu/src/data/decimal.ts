/**
 * Numbers in data files are decimal only: an optional sign, digits with an optional point, an
 * optional exponent (`-1.5`, `.5`, `2e-3`). JavaScript's Number() also reads `0x10`, `0b101`,
 * `0o17`, `Infinity` and the empty string (as 0), which in a data set are typos, not numbers.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Why `text` is not a usable number, or null when it is one. */
export type DecimalProblem = 'not a number' | 'out of range';

/** The value of a decimal number, or what is wrong with it (a number beyond ±1.8e308 is 'out of range'). */
export function parseDecimal(text: string): number | DecimalProblem {
  if (!DECIMAL.test(text)) return 'not a number';
  const value = Number(text);
  return Number.isFinite(value) ? value : 'out of range';
}

/** The message part for a cell that is not a number: "is 'abc', expected a number". */
export function describeBadNumber(text: string, problem: DecimalProblem): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  if (problem === 'out of range') return `is '${shown}', beyond the range of float64 numbers (about ±1.8e308)`;
  // `0x10`, `0b101`, `Infinity`: numbers to JavaScript, not in a data file.
  const lenient = text.trim() !== '' && !Number.isNaN(Number(text));
  return lenient ? `is '${shown}', expected a decimal number (no hexadecimal, binary, octal or Infinity)` : `is '${shown}', expected a number`;
}
