/**
 * Metrics of predictions A[L] (n, m) against labels Y (n, m), both row-major as in model-api.ts.
 *   binary_cross_entropy       threshold 0.5 (a > 0.5 is class 1, a tie counts as 0), 2 x 2
 *                              confusion matrix [actual][predicted]; with n > 1 outputs every
 *                              output is an independent binary label
 *   categorical_cross_entropy  argmax per column (first maximum wins), n x n confusion matrix
 *   mean_squared_error         RMSE over all entries
 * The cost is the data part of the model's cost, computed from the predictions (probabilities
 * clipped to [1e-15, 1 - 1e-15] so that a saturated output gives a large finite cost); a model's
 * own `cost()` computes it from the logits and adds the L2 term.
 */
import type { LossKind } from '@nnc/dsl/ir';

export interface Evaluation {
  readonly cost: number;
  /** Share of correct labels (classifiers), null for regression. */
  readonly accuracy: number | null;
  /** confusion[actual][predicted] (classifiers), null for regression. */
  readonly confusion: number[][] | null;
  /** Root mean squared error (regression), null for classifiers. */
  readonly rmse: number | null;
}

const CLIP = 1e-15;

export function evaluate(predictions: ArrayLike<number>, Y: ArrayLike<number>, m: number, loss: LossKind): Evaluation {
  if (predictions.length !== Y.length) {
    throw new Error(`predictions hold ${predictions.length} numbers but the labels hold ${Y.length}`);
  }
  const n = predictions.length / m;
  const clip = (a: number): number => Math.min(Math.max(a, CLIP), 1 - CLIP);
  switch (loss) {
    case 'binary_cross_entropy': {
      let total = 0;
      const confusion = [
        [0, 0],
        [0, 0],
      ];
      for (let i = 0; i < predictions.length; i++) {
        const [a, y] = [clip(predictions[i]), Y[i]];
        total -= y * Math.log(a) + (1 - y) * Math.log(1 - a);
        confusion[y > 0.5 ? 1 : 0][predictions[i] > 0.5 ? 1 : 0]++;
      }
      const correct = confusion[0][0] + confusion[1][1];
      return { cost: total / m, accuracy: correct / predictions.length, confusion, rmse: null };
    }
    case 'categorical_cross_entropy': {
      let total = 0;
      const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      for (let j = 0; j < m; j++) {
        let [predicted, actual] = [0, 0];
        for (let k = 0; k < n; k++) {
          const at = k * m + j;
          if (Y[at] !== 0) total -= Y[at] * Math.log(clip(predictions[at]));
          if (predictions[at] > predictions[predicted * m + j]) predicted = k;
          if (Y[at] > Y[actual * m + j]) actual = k;
        }
        confusion[actual][predicted]++;
      }
      const correct = confusion.reduce((sum, row, k) => sum + row[k], 0);
      return { cost: total / m, accuracy: correct / m, confusion, rmse: null };
    }
    case 'mean_squared_error': {
      let squares = 0;
      for (let i = 0; i < predictions.length; i++) squares += (predictions[i] - Y[i]) ** 2;
      return { cost: squares / (2 * m), accuracy: null, confusion: null, rmse: Math.sqrt(squares / predictions.length) };
    }
  }
}
