/**
 * A loaded data set in the course's layout: X is (n_x, m) with one example per column, stored
 * row-major (feature i of example j at X[i * m + j]); Y is (n_y, m) the same way.
 */
import type { LossKind } from '@nnc/dsl/ir';

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

/**
 * Checks the feature count as soon as a loader knows it (from a CSV header, the first JSON row,
 * a .npy shape), before any row or label is read: a message when the data cannot fit (e.g. the
 * model takes another number of inputs), so that this, not the labels, is the first thing said.
 */
export interface FeatureCheck {
  readonly checkFeatures?: (nx: number, featureNames: readonly string[]) => string | null;
}

/** At most this many problems are listed in all, and at most PER_KIND of one kind; the rest are counted. */
export const MAX_REPORTED_ERRORS = 20;
export const PER_KIND = 3;

export function capErrors(errors: string[]): string[] {
  const problems = new Problems();
  for (const error of errors) problems.add(error);
  return problems.list();
}

/**
 * What makes two problems the same kind: the message with its place (`file:12:`, `row 12`),
 * numbers and quoted values blanked, so that "data.csv:4: label 'y' is 'versicolor'; ..." and
 * "data.csv:9: label 'y' is 'virginica'; ..." are one kind.
 */
export function problemKind(problem: string): string {
  return problem.replace(/'[^']*'/g, "''").replace(/\d+(\.\d+)?/g, '#');
}

/**
 * Problems collected while reading: a few examples of each kind (PER_KIND, MAX_REPORTED_ERRORS
 * in all) in the order found, then, per kind with more, how many more there are.
 */
export class Problems {
  private readonly kinds = new Map<string, { last: string; count: number; shown: number }>();
  private readonly shown: string[] = [];
  private count = 0;

  add(problem: string): void {
    const key = problemKind(problem);
    const kind = this.kinds.get(key) ?? { last: problem, count: 0, shown: 0 };
    this.kinds.set(key, kind);
    kind.count++;
    this.count++;
    if (kind.shown < PER_KIND && this.shown.length < MAX_REPORTED_ERRORS) {
      this.shown.push(problem);
      kind.shown++;
      kind.last = problem;
    }
  }

  get size(): number {
    return this.count;
  }

  list(): string[] {
    const lines = [...this.shown];
    let unlisted = 0;
    for (const kind of this.kinds.values()) {
      const more = kind.count - kind.shown;
      if (kind.shown === 0) unlisted += kind.count;
      else if (more > 0) lines.push(`... and ${more} more like '${withoutPlace(kind.last)}' (${kind.count} in all)`);
    }
    if (unlisted > 0) lines.push(`... and ${unlisted} more problems of other kinds`);
    return lines;
  }
}

/** A problem without the place it starts with (`data.csv:12: `, `data.json: row 12: `). */
function withoutPlace(problem: string): string {
  const match = /^.*?(?::\d+| row \d+| example \d+):? /.exec(problem);
  return match === null ? problem : problem.slice(match[0].length);
}
