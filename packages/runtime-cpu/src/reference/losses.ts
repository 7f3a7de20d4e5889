/**
 * The loss of the output layer: its cost and dA[L], the derivative of the summed per-example
 * losses with respect to A[L] (the 1/m is applied later, in dW and db, as in the course).
 *
 *   binary_cross_entropy       l = -(y log a + (1 - y) log(1 - a))      dl/da = -(y / a - (1 - y) / (1 - a))
 *   categorical_cross_entropy  l = -sum_k y_k log a_k                   dl/da_k = -y_k / a_k
 *   mean_squared_error         l = (1/2) sum_k (a_k - y_k)^2            dl/da_k = a_k - y_k
 *
 * The reference does NOT use the simplification dZ[L] = A - Y: it applies the chain rule
 * through g' like any other layer, so that the compiler's simplification is checked against it.
 * Numerical care (no shortcut through the derivative):
 *   - with a sigmoid output, log a and log(1 - a) come from the logits: log a = -softplus(-z),
 *     log(1 - a) = -softplus(z), and 1 - a in dl/da is sigmoid(-z), so saturated outputs stay
 *     finite up to |z| ~ 700;
 *   - with a softmax output, log a_k = z_k - logsumexp(z) (log-softmax);
 *   - a term whose label coefficient is exactly 0 (y = 0 or 1 - y = 0) is left out of dl/da, its
 *     derivative being 0, so 0 / 0 never arises.
 * Other pairings (e.g. tanh with cross-entropy) use log a directly.
 */
import type { Activation, LossKind } from '@nnc/model';
import { sigmoid } from './activations.js';

/** log(1 + e^t) without overflow. */
function softplus(t: number): number {
  return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
}

/** Sum over all examples of the per-example loss (not yet divided by m). */
export function lossSum(
  loss: LossKind,
  activation: Activation,
  Z: Float64Array,
  A: Float64Array,
  Y: Float64Array,
  rows: number,
  m: number,
): number {
  let total = 0;
  switch (loss) {
    case 'binary_cross_entropy':
      for (let i = 0; i < A.length; i++) {
        const [logA, logOneMinusA] =
          activation.kind === 'sigmoid' ? [-softplus(-Z[i]), -softplus(Z[i])] : [Math.log(A[i]), Math.log(1 - A[i])];
        total -= Y[i] * logA + (1 - Y[i]) * logOneMinusA;
      }
      return total;
    case 'categorical_cross_entropy':
      for (let j = 0; j < m; j++) {
        const logSumExp = activation.kind === 'softmax' ? columnLogSumExp(Z, rows, m, j) : 0;
        for (let k = 0; k < rows; k++) {
          const at = k * m + j;
          const logA = activation.kind === 'softmax' ? Z[at] - logSumExp : Math.log(A[at]);
          if (Y[at] !== 0) total -= Y[at] * logA;
        }
      }
      return total;
    case 'mean_squared_error':
      for (let i = 0; i < A.length; i++) total += 0.5 * (A[i] - Y[i]) ** 2;
      return total;
  }
}

/** dA[L] = d(lossSum)/dA[L]. */
export function lossGradient(loss: LossKind, activation: Activation, Z: Float64Array, A: Float64Array, Y: Float64Array): Float64Array {
  const dA = new Float64Array(A.length);
  switch (loss) {
    case 'binary_cross_entropy':
      for (let i = 0; i < A.length; i++) {
        const oneMinusA = activation.kind === 'sigmoid' ? sigmoid(-Z[i]) : 1 - A[i];
        const fromY = Y[i] === 0 ? 0 : Y[i] / A[i];
        const fromOneMinusY = Y[i] === 1 ? 0 : (1 - Y[i]) / oneMinusA;
        dA[i] = -(fromY - fromOneMinusY);
      }
      return dA;
    case 'categorical_cross_entropy':
      for (let i = 0; i < A.length; i++) dA[i] = Y[i] === 0 ? 0 : -Y[i] / A[i];
      return dA;
    case 'mean_squared_error':
      for (let i = 0; i < A.length; i++) dA[i] = A[i] - Y[i];
      return dA;
  }
}

function columnLogSumExp(Z: Float64Array, rows: number, m: number, j: number): number {
  let max = -Infinity;
  for (let k = 0; k < rows; k++) max = Math.max(max, Z[k * m + j]);
  let sum = 0;
  for (let k = 0; k < rows; k++) sum += Math.exp(Z[k * m + j] - max);
  return max + Math.log(sum);
}
