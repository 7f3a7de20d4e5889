/** Leaf values for evaluating compiled graphs of a model in tests. */
import type { ModelIR } from '@nnc/dsl/ir';
import { layerSizes } from '@nnc/dsl/ir';
import { tensor, type Tensor } from '../ir/tensor.js';
import { seededUniform } from './random-models.js';

/** X, Y, W[l], b[l] (random, biases nonzero), optimizer slots (zero) and Adam corrections. */
export function leafValues(model: ModelIR, X: Float64Array, Y: Float64Array, m: number, seed = 1): Map<string, Tensor> {
  const sizes = layerSizes(model);
  const next = seededUniform(seed);
  const leaves = new Map<string, Tensor>([
    ['X', tensor(sizes[0], m, X)],
    ['Y', tensor(sizes[sizes.length - 1], m, Y)],
    ['bias_correction1', tensor(1, 1, [10])],
    ['bias_correction2', tensor(1, 1, [1000])],
  ]);
  for (let l = 1; l < sizes.length; l++) {
    const W = tensor(sizes[l], sizes[l - 1], Array.from({ length: sizes[l] * sizes[l - 1] }, () => next() - 0.5));
    const b = tensor(sizes[l], 1, Array.from({ length: sizes[l] }, () => 0.2 * (next() - 0.5)));
    leaves.set(`W${l}`, W);
    leaves.set(`b${l}`, b);
    for (const slot of ['v', 's']) {
      leaves.set(`${slot}W${l}`, tensor(W.rows, W.cols, W.data.map(() => next() * 0.01)));
      leaves.set(`${slot}b${l}`, tensor(b.rows, b.cols, b.data.map(() => next() * 0.01)));
    }
  }
  return leaves;
}
