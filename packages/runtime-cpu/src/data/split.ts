/**
 * A seeded train/holdout split: `np.random.seed(seed); p = np.random.permutation(m)`; the first
 * round(m * fraction) examples of p are held out, the rest train, both in the order of p.
 */
import { NumpyRandom } from '@nnc/model';
import { selectColumns } from '../reference/batches.js';
import type { Dataset } from './dataset.js';

export interface HoldoutSplit {
  readonly train: Dataset;
  readonly holdout: Dataset;
}

export function splitHoldout(dataset: Dataset, fraction: number, seed: number): HoldoutSplit {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`holdout fraction must be between 0 and 1, got ${fraction}`);
  const order = new NumpyRandom(seed).permutation(dataset.m);
  const held = Math.round(dataset.m * fraction);
  return { holdout: subset(dataset, order.subarray(0, held)), train: subset(dataset, order.subarray(held)) };
}

/** The examples `columns` of a data set, in that order. */
export function subset(dataset: Dataset, columns: Int32Array): Dataset {
  return {
    ...dataset,
    X: selectColumns(dataset.X, dataset.nx, dataset.m, columns),
    Y: selectColumns(dataset.Y, dataset.ny, dataset.m, columns),
    m: columns.length,
  };
}
