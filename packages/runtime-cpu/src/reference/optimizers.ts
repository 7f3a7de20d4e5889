/**
 * The update rules of model-ir.ts, applied to one parameter array at a time (t is the 1-based
 * number of the step being taken):
 *   gradient_descent: W -= lr * dW
 *   momentum:         v = beta v + (1 - beta) dW;  W -= lr * v
 *   adam:             v = beta1 v + (1 - beta1) dW;  s = beta2 s + (1 - beta2) dW^2;
 *                     W -= lr * (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon)
 * The moment buffers are named like the parameters file's optimizer state: v (first moment) and
 * s (second moment), e.g. vW1, vb1, sW1, sb1.
 */
import type { Optimizer } from '@nnc/model';

export type MomentKind = 'v' | 's';

/** Which moment buffers the optimizer keeps for every parameter. */
export function momentKinds(optimizer: Optimizer): MomentKind[] {
  switch (optimizer.kind) {
    case 'gradient_descent':
      return [];
    case 'momentum':
      return ['v'];
    case 'adam':
      return ['v', 's'];
  }
}

export interface Moments {
  readonly v?: Float64Array;
  readonly s?: Float64Array;
}

/** Updates `parameter` (and the moments) in place with the gradient `grad` at step t. */
export function applyUpdate(optimizer: Optimizer, parameter: Float64Array, grad: Float64Array, moments: Moments, t: number): void {
  const lr = optimizer.learningRate;
  switch (optimizer.kind) {
    case 'gradient_descent':
      for (let i = 0; i < parameter.length; i++) parameter[i] -= lr * grad[i];
      return;
    case 'momentum': {
      const v = required(moments.v, 'v');
      const beta = optimizer.beta;
      for (let i = 0; i < parameter.length; i++) {
        v[i] = beta * v[i] + (1 - beta) * grad[i];
        parameter[i] -= lr * v[i];
      }
      return;
    }
    case 'adam': {
      const v = required(moments.v, 'v');
      const s = required(moments.s, 's');
      const { beta1, beta2, epsilon } = optimizer;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      for (let i = 0; i < parameter.length; i++) {
        v[i] = beta1 * v[i] + (1 - beta1) * grad[i];
        s[i] = beta2 * s[i] + (1 - beta2) * (grad[i] * grad[i]);
        parameter[i] -= (lr * (v[i] / correction1)) / (Math.sqrt(s[i] / correction2) + epsilon);
      }
      return;
    }
  }
}

function required(buffer: Float64Array | undefined, name: MomentKind): Float64Array {
  if (buffer === undefined) throw new Error(`optimizer moment '${name}' is missing`);
  return buffer;
}
