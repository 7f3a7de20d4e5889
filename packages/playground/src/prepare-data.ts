/**
 * A loaded data set made ready to train, the way `nnc train --holdout f [--standardize]` does it:
 * the seeded split (split seed 0), the standardisation fitted on the training part only, then
 * applied to both; and for two-feature data the grid the decision boundary is drawn from.
 */
import type { Standardization } from '@nnc/dsl';
import { applyStandardization, fitStandardization, splitHoldout, type Dataset } from '@nnc/runtime-cpu';

export interface Examples {
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly m: number;
}

/** Points on a G x G grid over the (raw) feature ranges, and the same points as the model sees them. */
export interface BoundaryGrid {
  readonly size: number;
  readonly x1: readonly [number, number];
  readonly x2: readonly [number, number];
  /** Model input (2, size^2), row j of the grid first, standardised like the training data. */
  readonly X: Float64Array;
}

export interface PreparedData {
  readonly train: Examples;
  readonly heldOut: Examples | null;
  readonly standardization: Standardization | null;
  /** The raw training points, for plotting (two-feature data only). */
  readonly points: Examples | null;
  readonly grid: BoundaryGrid | null;
}

export const GRID_SIZE = 64;
export const SPLIT_SEED = 0;

export function prepareData(dataset: Dataset, holdout: number, standardize: boolean): PreparedData {
  const split = holdout > 0 ? splitHoldout(dataset, holdout, SPLIT_SEED) : { train: dataset, holdout: null };
  if (split.train.m === 0 || (split.holdout !== null && split.holdout.m === 0)) {
    throw new Error(`a holdout of ${holdout} leaves ${split.train.m} examples for training and ${split.holdout?.m ?? 0} held out; both need at least one`);
  }
  const standardization = standardize ? fitStandardization(split.train.X, split.train.m) : null;
  const scaled = (d: Dataset): Examples => ({ X: standardization ? applyStandardization(d.X, d.m, standardization) : d.X, Y: d.Y, m: d.m });
  const twoFeatures = dataset.nx === 2;
  return {
    train: scaled(split.train),
    heldOut: split.holdout && scaled(split.holdout),
    standardization,
    points: twoFeatures ? { X: split.train.X, Y: split.train.Y, m: split.train.m } : null,
    grid: twoFeatures ? boundaryGrid(dataset, standardization) : null,
  };
}

function range(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const pad = 0.05 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

function boundaryGrid(dataset: Dataset, standardization: Standardization | null): BoundaryGrid {
  const { m } = dataset;
  const x1 = range(dataset.X.subarray(0, m));
  const x2 = range(dataset.X.subarray(m, 2 * m));
  const n = GRID_SIZE * GRID_SIZE;
  const X = new Float64Array(2 * n);
  for (let row = 0; row < GRID_SIZE; row++) {
    for (let col = 0; col < GRID_SIZE; col++) {
      const j = row * GRID_SIZE + col;
      X[j] = x1[0] + ((col + 0.5) / GRID_SIZE) * (x1[1] - x1[0]);
      X[n + j] = x2[1] - ((row + 0.5) / GRID_SIZE) * (x2[1] - x2[0]);
    }
  }
  return { size: GRID_SIZE, x1, x2, X: standardization ? applyStandardization(X, n, standardization) : X };
}
