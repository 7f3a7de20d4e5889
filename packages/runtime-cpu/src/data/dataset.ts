/**
 * A loaded data set in the course's layout: X is (n_x, m) with one example per column, stored
 * row-major (feature i of example j at X[i * m + j]); Y is (n_y, m) the same way.
 */
import type { LossKind } from '@nnc/model';

export interface Dataset {
  readonly X: Float64Array;
  /** (ny, m); empty (ny = 0) when the data has no labels (prediction input). */
  readonly Y: Float64Array;
  readonly m: number;
  readonly nx: number;
  readonly ny: number;
  readonly featureNames: string[];
  /** Whether featureNames are the file's own (a CSV header, JSON keys), not made up (x1, x2 ...). */
  readonly namedFeatures?: boolean;
  /** The label column, or null when there are no labels. */
  readonly labelName: string | null;
  /** For one-hot labels: row k of Y is class classes[k]; null otherwise. */
  readonly classes: string[] | null;
}

/** User errors are values: every problem found, each naming the file and where in it. */
export type LoadResult = { readonly ok: true; readonly dataset: Dataset } | { readonly ok: false; readonly errors: string[] };

export interface LabelOptions {
  /**
   * How labels become Y: binary_cross_entropy needs 0/1 labels (Y is 1 x m), categorical
   * cross-entropy one-hot encodes class values (Y is classes x m), mean_squared_error keeps the
   * numbers. Default: binary_cross_entropy.
   */
  readonly loss?: LossKind;
  /** The class list for one-hot labels (e.g. the one saved at training); default: sorted distinct values. */
  readonly classes?: readonly string[];
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_REPORTED_ERRORS = 20;

export function capErrors(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), `... and ${errors.length - MAX_REPORTED_ERRORS} more problems`];
}

/** Problems collected while reading: the first MAX_REPORTED_ERRORS kept, the rest only counted. */
export class Problems {
  private readonly kept: string[] = [];
  private count = 0;

  add(problem: string): void {
    if (this.kept.length < MAX_REPORTED_ERRORS) this.kept.push(problem);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  list(): string[] {
    const more = this.count - this.kept.length;
    return more > 0 ? [...this.kept, `... and ${more} more problems`] : [...this.kept];
  }
}
