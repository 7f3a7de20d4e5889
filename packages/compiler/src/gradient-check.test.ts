import { describe, expect, it } from 'vitest';
import { checkGradients } from './gradient-check.js';
import type { CompiledModel } from '@nnc/model';
import { buildModel, compileAndLoad, randomData } from './testing/index.js';

const model = buildModel({ sizes: [3, 5, 2], activations: ['tanh', 'softmax'], loss: 'categorical_cross_entropy', init: { kind: 'normal', scale: 0.5 } });
const { X, Y } = randomData(model, 6, 3);

describe('checkGradients', () => {
  it('finds the generated backward pass right, tensor by tensor', () => {
    const result = checkGradients(compileAndLoad(model).model, X, Y, 6);
    expect(result.tensors.map((t) => [t.name, t.checked, t.total])).toEqual([
      ['W1', 15, 15],
      ['b1', 5, 5],
      ['W2', 10, 10],
      ['b2', 2, 2],
    ]);
    expect(result.relativeError).toBeLessThan(1e-8);
  });

  it('catches a backward pass that is off by 1% in one tensor', () => {
    const real = compileAndLoad(model).model;
    const wrong: CompiledModel = Object.assign(Object.create(real) as CompiledModel, {
      gradients: (x: Float64Array, y: Float64Array, m: number) => {
        const g = real.gradients(x, y, m);
        g.dW[1].forEach((v, k) => (g.dW[1][k] = v * 1.01));
        return g;
      },
    });
    const result = checkGradients(wrong, X, Y, 6);
    const errors = Object.fromEntries(result.tensors.map((t) => [t.name, t.relativeError]));
    expect(errors.W2).toBeGreaterThan(4e-3);
    expect(errors.W1).toBeLessThan(1e-8);
    expect(result.relativeError).toBeGreaterThan(1e-3);
  });

  it('samples at most maxPerTensor evenly spaced entries of a large tensor', () => {
    const result = checkGradients(compileAndLoad(model).model, X, Y, 6, { maxPerTensor: 4 });
    expect(result.tensors.map((t) => t.checked)).toEqual([4, 4, 4, 2]);
    expect(result.relativeError).toBeLessThan(1e-8);
  });
});
