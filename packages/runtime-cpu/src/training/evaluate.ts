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
import type { LossKind } from '@nnc/model';

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
  const accumulator = new EvaluationAccumulator(loss, predictions.length / m);
  accumulator.add(predictions, Y, m);
  return accumulator.result();
}

/** The same metrics over data seen in blocks (a streamed data set): add each block, then read the result. */
export class EvaluationAccumulator {
  private total = 0;
  private examples = 0;
  private entries = 0;
  private readonly confusion: number[][] | null;

  constructor(
    private readonly loss: LossKind,
    /** Outputs per example. */
    private readonly n: number,
  ) {
    const classes = loss === 'binary_cross_entropy' ? 2 : loss === 'categorical_cross_entropy' ? n : 0;
    this.confusion = classes === 0 ? null : Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  }

  /** Predictions A[L] and labels Y of m more examples, both (n, m) row-major. */
  add(predictions: ArrayLike<number>, Y: ArrayLike<number>, m: number): void {
    const clip = (a: number): number => Math.min(Math.max(a, CLIP), 1 - CLIP);
    const { n } = this;
    this.examples += m;
    this.entries += predictions.length;
    switch (this.loss) {
      case 'binary_cross_entropy': {
        const confusion = this.confusion as number[][];
        for (let i = 0; i < predictions.length; i++) {
          const [a, y] = [clip(predictions[i]), Y[i]];
          this.total -= y * Math.log(a) + (1 - y) * Math.log(1 - a);
          confusion[y > 0.5 ? 1 : 0][predictions[i] > 0.5 ? 1 : 0]++;
        }
        return;
      }
      case 'categorical_cross_entropy': {
        const confusion = this.confusion as number[][];
        for (let j = 0; j < m; j++) {
          let [predicted, actual] = [0, 0];
          for (let k = 0; k < n; k++) {
            const at = k * m + j;
            if (Y[at] !== 0) this.total -= Y[at] * Math.log(clip(predictions[at]));
            if (predictions[at] > predictions[predicted * m + j]) predicted = k;
            if (Y[at] > Y[actual * m + j]) actual = k;
          }
          confusion[actual][predicted]++;
        }
        return;
      }
      case 'mean_squared_error':
        for (let i = 0; i < predictions.length; i++) this.total += (predictions[i] - Y[i]) ** 2;
        return;
    }
  }

  result(): Evaluation {
    const m = this.examples;
    if (this.confusion === null) {
      return { cost: this.total / (2 * m), accuracy: null, confusion: null, rmse: Math.sqrt(this.total / this.entries) };
    }
    const confusion = this.confusion.map((row) => [...row]);
    const correct = confusion.reduce((sum, row, k) => sum + row[k], 0);
    // Binary: every output is a label; categorical: every example is one.
    const labels = this.loss === 'binary_cross_entropy' ? this.entries : m;
    return { cost: this.total / m, accuracy: correct / labels, confusion, rmse: null };
  }
}
