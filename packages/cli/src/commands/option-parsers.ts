import { InvalidArgumentError } from 'commander';

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError(`expected a positive integer, got '${text}'`);
  return value;
}

export function parseFraction(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value < 1)) throw new InvalidArgumentError(`expected a fraction between 0 and 1, got '${text}'`);
  return value;
}
