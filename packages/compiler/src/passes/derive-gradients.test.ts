import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateOutputs } from '../ir/evaluate.js';
import { tensor, type Tensor } from '../ir/tensor.js';
import { assertValidGraph } from '../ir/verify.js';
import { relativeError } from '../testing/gradient-check.js';
import { leafValues } from '../testing/graph-values.js';
import { buildModel } from '../testing/model-builder.js';
import { randomData, randomModel } from '../testing/random-models.js';
import { deriveGradients } from './derive-gradients.js';
import { lowerModel } from './lower-model.js';
import { simplify } from './simplify.js';

describe('deriveGradients', () => {
  it('matches central finite differences of the IR cost for random models (before and after simplify)', () => {
    fc.assert(
      fc.property(randomModel(), fc.integer({ min: 1, max: 5 }), (model, m) => {
        const { X, Y } = randomData(model, m, 11);
        const forward = assertValidGraph(lowerModel(model), 'lower-model');
        const derived = assertValidGraph(deriveGradients(forward), 'derive-gradients');
        const leaves = leafValues(model, X, Y, m, 5);
        const cost = (values: Map<string, Tensor>) => evaluateOutputs(forward, m, values).get('J')!.data[0];
        const params = derived.outputs.filter((o) => o.role === 'gradient').map((o) => o.target!);
        const h = 1e-6;
        const numeric: number[] = [];
        for (const name of params) {
          const value = leaves.get(name)!;
          value.data.forEach((_, k) => {
            const shifted = (delta: number) => {
              const data = value.data.slice();
              data[k] += delta;
              return cost(new Map(leaves).set(name, tensor(value.rows, value.cols, data)));
            };
            numeric.push((shifted(h) - shifted(-h)) / (2 * h));
          });
        }
        for (const graph of [derived, assertValidGraph(simplify(derived), 'simplify')]) {
          const outputs = evaluateOutputs(graph, m, leaves);
          const analytic = params.flatMap((name) => Array.from(outputs.get(`d${name}`)!.data));
          expect(relativeError(analytic, numeric)).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('gives the hand-computed gradients of a one-unit logistic regression', () => {
    // J = bce(sigmoid(w x + b), y) for x = [1, 2] (m = 2), y = [1, 0], w = 0.5, b = 0:
    // z = [0.5, 1], a = sigmoid(z) = [0.6224593312, 0.7310585786], dz = a - y,
    // dw = (dz . x) / 2, db = sum(dz) / 2, J = -(log a1 + log(1 - a2)) / 2 (values from Python).
    const model = buildModel({ sizes: [1, 1], activations: ['sigmoid'], loss: 'binary_cross_entropy' });
    const graph = simplify(deriveGradients(lowerModel(model)));
    const leaves = new Map([
      ['X', tensor(1, 2, [1, 2])],
      ['Y', tensor(1, 2, [1, 0])],
      ['W1', tensor(1, 1, [0.5])],
      ['b1', tensor(1, 1, [0])],
    ]);
    const out = evaluateOutputs(graph, 2, leaves);
    expect(out.get('dW1')!.data[0]).toBeCloseTo(0.5422882442, 9);
    expect(out.get('db1')!.data[0]).toBeCloseTo(0.1767589549, 9);
    expect(out.get('J')!.data[0]).toBeCloseTo(0.8936693358, 9);
  });
});
