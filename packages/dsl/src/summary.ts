/**
 * What a model costs, for `nnc check`: shapes and parameter counts per layer, memory, and the
 * floating-point operations of one training iteration.
 *
 * With n_l the units of layer l (n_0 the input size), L layers, m the examples in one iteration
 * (the batch size, or every example for full batch) and P the parameter count:
 *
 *   forward, per layer:   2 n_l n_{l-1} m   (Z = W A[l-1], one multiply and one add per term)
 *                       +   n_l m           (+ b)
 *                       +   n_l m           (A = g(Z), counted as one operation per element)
 *   cost:                 3 n_L m           (loss terms and their sum)
 *   backward, per layer:  4 n_l n_{l-1} m   (dW = dZ A[l-1]^T and dA[l-1] = W^T dZ: twice the forward matmul)
 *                       + 2 n_l m           (dZ = dA * g'(Z))
 *                       +   n_l m           (db = row sums of dZ)
 *                       +   n_l (n_{l-1}+1) (the 1/m scaling of dW and db)
 *   L2, if lambda > 0:    2 per weight      (lambda/m * W added to dW)
 *   update:               k per parameter,  k = 2 gradient descent, 5 momentum, 10 adam
 *
 * Memory: parameters, gradients and optimizer state (momentum 1, adam 2 copies of the
 * parameters) at P scalars each; activations are the values kept for the backward pass,
 * X = A[0] plus Z[l] and A[l] for every layer: (n_0 + 2 sum n_l) m scalars.
 */
import { layerSizes, parameterCount, type ModelIR } from '@nnc/model/ir';

export interface LayerSummary {
  readonly index: number;
  readonly units: number;
  readonly activation: string;
  readonly weightShape: readonly [number, number];
  readonly biasShape: readonly [number, 1];
  readonly parameters: number;
}

export interface ModelSummary {
  readonly layers: readonly LayerSummary[];
  readonly parameters: number;
  readonly bytesPerScalar: 4 | 8;
  /** The examples given, and how many of them one iteration processes. */
  readonly examples: number;
  readonly examplesPerIteration: number;
  readonly parameterBytes: number;
  readonly gradientBytes: number;
  readonly optimizerStateBytes: number;
  readonly activationBytes: number;
  readonly flopsPerIteration: { readonly forward: number; readonly backward: number; readonly update: number; readonly total: number };
}

const UPDATE_FLOPS_PER_PARAMETER = { gradient_descent: 2, momentum: 5, adam: 10 } as const;
const OPTIMIZER_STATE_COPIES = { gradient_descent: 0, momentum: 1, adam: 2 } as const;

export function summarize(model: ModelIR, examples: number): ModelSummary {
  const n = layerSizes(model);
  const m = model.training.batchSize === null ? examples : Math.min(model.training.batchSize, examples);
  const bytesPerScalar = model.precision === 'f32' ? 4 : 8;
  const parameters = parameterCount(model);

  const layers = model.layers.map((layer, i): LayerSummary => {
    const fanIn = n[i];
    return {
      index: layer.index,
      units: layer.units,
      activation: layer.activation.kind === 'leaky_relu' ? `leaky_relu(${layer.activation.slope})` : layer.activation.kind,
      weightShape: [layer.units, fanIn],
      biasShape: [layer.units, 1],
      parameters: layer.units * (fanIn + 1),
    };
  });

  let forward = 0;
  let backward = 0;
  let weights = 0;
  for (let l = 1; l < n.length; l++) {
    forward += 2 * n[l] * n[l - 1] * m + 2 * n[l] * m;
    backward += 4 * n[l] * n[l - 1] * m + 3 * n[l] * m + n[l] * (n[l - 1] + 1);
    weights += n[l] * n[l - 1];
  }
  forward += 3 * n[n.length - 1] * m;
  if (model.l2 > 0) backward += 2 * weights;
  const update = UPDATE_FLOPS_PER_PARAMETER[model.optimizer.kind] * parameters;

  const activationScalars = (n[0] + 2 * n.slice(1).reduce((sum, units) => sum + units, 0)) * m;
  return {
    layers,
    parameters,
    bytesPerScalar,
    examples,
    examplesPerIteration: m,
    parameterBytes: parameters * bytesPerScalar,
    gradientBytes: parameters * bytesPerScalar,
    optimizerStateBytes: OPTIMIZER_STATE_COPIES[model.optimizer.kind] * parameters * bytesPerScalar,
    activationBytes: activationScalars * bytesPerScalar,
    flopsPerIteration: { forward, backward, update, total: forward + backward + update },
  };
}
