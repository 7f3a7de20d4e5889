/**
 * Turns raw label values (one per example, as text) into Y according to the loss:
 *   binary_cross_entropy       0 or 1 -> Y (1, m)
 *   categorical_cross_entropy  class values -> one-hot Y (classes, m); classes sorted (numerically
 *                              when all are numbers) unless a class list is given
 *   mean_squared_error         numbers -> Y (1, m)
 */
import type { LossKind } from '@nnc/dsl/ir';

export interface EncodedLabels {
  readonly Y: Float64Array;
  readonly ny: number;
  readonly classes: string[] | null;
}

/** The canonical text of a label: numbers as JavaScript prints them ("1.0" and "1" are one class). */
export function canonicalLabel(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const trimmed = value.trim();
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number) ? String(number) : trimmed;
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
  const m = values.length;
  const errors: string[] = [];
  if (loss === 'categorical_cross_entropy') {
    const classes = givenClasses ? [...givenClasses] : sortClasses([...new Set(values)]);
    const index = new Map(classes.map((c, k) => [c, k]));
    const Y = new Float64Array(classes.length * m);
    values.forEach((value, j) => {
      const k = index.get(value);
      if (k === undefined) errors.push(`${where(j)}: label '${labelName}' is '${value}', not one of the classes ${classes.join(', ')}`);
      else Y[k * m + j] = 1;
    });
    return errors.length > 0 ? errors : { Y, ny: classes.length, classes };
  }
  const Y = new Float64Array(m);
  values.forEach((value, j) => {
    const number = value === '' ? NaN : Number(value);
    if (loss === 'binary_cross_entropy' && number !== 0 && number !== 1) {
      errors.push(`${where(j)}: label '${labelName}' is '${value}'; binary cross-entropy needs 0 or 1`);
    } else if (!Number.isFinite(number)) {
      errors.push(`${where(j)}: label '${labelName}' is '${value}', expected a number`);
    }
    Y[j] = number;
  });
  return errors.length > 0 ? errors : { Y, ny: 1, classes: null };
}

function sortClasses(classes: string[]): string[] {
  const numeric = classes.every((c) => c !== '' && Number.isFinite(Number(c)));
  return numeric ? classes.sort((a, b) => Number(a) - Number(b)) : classes.sort();
}
