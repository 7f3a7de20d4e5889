/**
 * Turns raw label values (one per example, as text) into Y according to the loss:
 *   binary_cross_entropy       0 or 1 -> Y (1, m)
 *   categorical_cross_entropy  class values -> one-hot Y (classes, m); classes sorted (numerically
 *                              when all are numbers) unless a class list is given
 *   mean_squared_error         numbers -> Y (1, m)
 * Labels are taken one at a time (LabelEncoder), so that a loader checks each where it reads it
 * and keeps one number per example, not its text.
 */
import type { LossKind } from '@nnc/model';
import { describeBadNumber, parseDecimal } from './decimal.js';
import { GrowingArray } from './growing-array.js';

export interface EncodedLabels {
  readonly Y: Float64Array;
  readonly ny: number;
  readonly classes: string[] | null;
}

/** The canonical text of a label: decimal numbers as JavaScript prints them ("1.0" and "1" are one class). */
export function canonicalLabel(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const trimmed = value.trim();
  const number = parseDecimal(trimmed);
  return typeof number === 'number' ? String(number) : trimmed;
}

/** Collects the labels of a data set one by one and encodes them for the loss. */
export class LabelEncoder {
  private readonly numbers = new GrowingArray(Float64Array);
  private readonly ids = new GrowingArray(Int32Array);
  private readonly seen = new Map<string, number>();
  private readonly distinct: string[] = [];

  constructor(
    private readonly loss: LossKind,
    private readonly labelName: string,
    private readonly givenClasses?: readonly string[],
  ) {
    givenClasses?.forEach((name) => this.classId(name));
  }

  get count(): number {
    return this.loss === 'categorical_cross_entropy' ? this.ids.length : this.numbers.length;
  }

  /** Adds the next example's label (raw text); the problem with it (without the place), or null. */
  add(raw: string): string | null {
    const encoded = this.encode(raw);
    if (typeof encoded === 'string') return encoded;
    if (this.loss === 'categorical_cross_entropy') this.ids.push(encoded);
    else this.numbers.push(encoded);
    return null;
  }

  /** Checks a label without keeping it (a class is still recorded): for a first pass over a big file. */
  check(raw: string): string | null {
    const encoded = this.encode(raw);
    return typeof encoded === 'string' ? encoded : null;
  }

  /** The class list: the one given, else every class seen, sorted; null unless categorical. */
  classes(): string[] | null {
    if (this.loss !== 'categorical_cross_entropy') return null;
    return this.givenClasses ? [...this.givenClasses] : sortClasses([...this.distinct]);
  }

  /** The label's number (its class id for categorical labels), or the problem with it. */
  private encode(raw: string): number | string {
    const value = canonicalLabel(raw);
    const shown = `label '${this.labelName}' is '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
    if (this.loss === 'categorical_cross_entropy') {
      if (this.givenClasses && !this.seen.has(value)) return `${shown}, not one of the classes ${this.givenClasses.join(', ')}`;
      return this.classId(value);
    }
    const number = value === '' ? 'not a number' : parseDecimal(value);
    if (this.loss === 'binary_cross_entropy' && number !== 0 && number !== 1) return `${shown}; binary cross-entropy needs 0 or 1`;
    if (typeof number !== 'number') return `label '${this.labelName}' ${describeBadNumber(value, number)}`;
    return number;
  }

  /** Y for the labels added (all of them valid). */
  finish(): EncodedLabels {
    const classes = this.classes();
    if (classes === null) return { Y: this.numbers.toArray(), ny: 1, classes: null };
    const row = this.distinct.map((name) => classes.indexOf(name));
    const m = this.ids.length;
    const Y = new Float64Array(classes.length * m);
    const ids = this.ids.view();
    for (let j = 0; j < m; j++) Y[row[ids[j]] * m + j] = 1;
    return { Y, ny: classes.length, classes };
  }

  private classId(name: string): number {
    let id = this.seen.get(name);
    if (id === undefined) {
      id = this.distinct.length;
      this.seen.set(name, id);
      this.distinct.push(name);
    }
    return id;
  }
}

/**
 * `where(j)` names the place of example j in the source (e.g. "data.csv:12"), for messages.
 * Returns the encoded labels, or the list of problems.
 */
export function encodeLabels(
  values: readonly string[],
  loss: LossKind,
  labelName: string,
  where: (example: number) => string,
  givenClasses?: readonly string[],
): EncodedLabels | string[] {
  const encoder = new LabelEncoder(loss, labelName, givenClasses);
  const errors: string[] = [];
  values.forEach((value, j) => {
    const problem = encoder.add(value);
    if (problem !== null) errors.push(`${where(j)}: ${problem}`);
  });
  return errors.length > 0 ? errors : encoder.finish();
}

/** Class names in order: numerically when all are decimal numbers, else as strings. */
export function sortClasses(classes: string[]): string[] {
  const numeric = classes.every((c) => typeof parseDecimal(c) === 'number');
  return numeric ? classes.sort((a, b) => Number(a) - Number(b)) : classes.sort();
}
