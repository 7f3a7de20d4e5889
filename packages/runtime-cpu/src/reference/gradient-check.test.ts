import type { ActivationKind, LossKind } from '@nnc/model';
import { NumpyRandom } from '@nnc/model';
import { buildModel } from '@nnc/compiler/testing';
import { describe, expect, it } from 'vitest';
import { createReferenceModel } from './reference-model.js';

// Central differences in f64 against the reference's analytic backward pass, for every activation
// in the hidden layers and every output/loss pairing, with and without L2.
const HIDDEN: ActivationKind[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'];
const OUTPUTS: { activation: ActivationKind; loss: LossKind; units: number }[] = [
  { activation: 'sigmoid', loss: 'binary_cross_entropy', units: 1 },
  { activation: 'sigmoid', loss: 'binary_cross_entropy', units: 2 },
  { activation: 'softmax', loss: 'categorical_cross_entropy', units: 3 },
  { activation: 'linear', loss: 'mean_squared_error', units: 2 },
  { activation: 'tanh', loss: 'mean_squared_error', units: 1 },
  { activation: 'sigmoid', loss: 'mean_squared_error', units: 1 },
  { activation: 'relu', loss: 'mean_squared_error', units: 1 },
  { activation: 'leaky_relu', loss: 'mean_squared_error', units: 1 },
  { activation: 'softmax', loss: 'mean_squared_error', units: 3 },
];

function labels(loss: LossKind, units: number, m: number, random: NumpyRandom): Float64Array {
  const Y = new Float64Array(units * m);
  for (let j = 0; j < m; j++) {
    if (loss === 'categorical_cross_entropy') Y[(j % units) * m + j] = 1;
    for (let k = 0; k < units; k++) {
      if (loss === 'binary_cross_entropy') Y[k * m + j] = random.randomSample() < 0.5 ? 0 : 1;
      if (loss === 'mean_squared_error') Y[k * m + j] = random.randn();
    }
  }
  return Y;
}

/** ||analytic - numeric|| / (||analytic|| + ||numeric||) over all parameters (the course's gradient check). */
function relativeError(hidden: ActivationKind, output: (typeof OUTPUTS)[number], l2: number): number {
  const activation = hidden === 'leaky_relu' ? { kind: 'leaky_relu' as const, slope: 0.2 } : hidden;
  const model = createReferenceModel(
    buildModel({
      sizes: [3, 4, 3, output.units],
      activations: [activation, activation, output.activation],
      loss: output.loss,
      init: { kind: 'normal', scale: 0.8 },
      seed: 11,
      l2,
    }),
  );
  const m = 5;
  const random = new NumpyRandom(5);
  const X = random.randnMatrix(3, m);
  const Y = labels(output.loss, output.units, m, random);
  // Random biases too, so that no unit sits at a kink or a symmetric point.
  const start = model.getParameters().map((layer) => ({ W: layer.W, b: layer.b.map(() => random.randn() * 0.5) }));
  model.setParameters(start);
  const analytic = model.gradients(X, Y, m);
  const epsilon = 1e-6;
  let [difference, sizeA, sizeN] = [0, 0, 0];
  const perturbed = (layer: number, kind: 'W' | 'b', r: number, c: number, delta: number): number => {
    const params = structuredClone(start);
    if (kind === 'W') params[layer].W[r][c] += delta;
    else params[layer].b[r] += delta;
    model.setParameters(params);
    return model.cost(X, Y, m);
  };
  start.forEach((layer, l) => {
    const cols = layer.W[0].length;
    layer.W.forEach((row, r) =>
      row.forEach((_, c) => {
        const numeric = (perturbed(l, 'W', r, c, epsilon) - perturbed(l, 'W', r, c, -epsilon)) / (2 * epsilon);
        const exact = analytic.dW[l][r * cols + c];
        [difference, sizeA, sizeN] = [difference + (exact - numeric) ** 2, sizeA + exact ** 2, sizeN + numeric ** 2];
      }),
    );
    layer.b.forEach((_, r) => {
      const numeric = (perturbed(l, 'b', r, 0, epsilon) - perturbed(l, 'b', r, 0, -epsilon)) / (2 * epsilon);
      const exact = analytic.db[l][r];
      [difference, sizeA, sizeN] = [difference + (exact - numeric) ** 2, sizeA + exact ** 2, sizeN + numeric ** 2];
    });
  });
  return Math.sqrt(difference) / (Math.sqrt(sizeA) + Math.sqrt(sizeN));
}

describe('reference backward pass against central differences', () => {
  for (const output of OUTPUTS) {
    for (const l2 of [0, 0.3]) {
      it(`hidden activations x ${output.activation} output with ${output.loss} (${output.units} units), l2 ${l2}`, () => {
        for (const hidden of HIDDEN) {
          const error = relativeError(hidden, output, l2);
          expect(error, `hidden ${hidden}`).toBeLessThan(1e-7);
        }
      });
    }
  }
});
