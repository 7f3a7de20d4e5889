// Shapes, memory and FLOPs, against numbers worked out by hand from the formulas in summary.ts.
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '@nnc/model/ir';
import { parseModel } from './parse-model.js';
import { summarize } from './summary.js';

function model(text: string): ModelIR {
  const parsed = parseModel(text, 's.nn');
  if (!parsed.model) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.model;
}

describe('summarize', () => {
  it('the flower network 2-4-1 on 1000 examples, f64, gradient descent', () => {
    const summary = summarize(
      model(`model planar { input 2 dense 4 tanh dense 1 sigmoid loss binary_cross_entropy
        optimizer gradient_descent(learning_rate: 1.2) }`),
      1000,
    );
    expect(summary.layers).toEqual([
      { index: 1, units: 4, activation: 'tanh', weightShape: [4, 2], biasShape: [4, 1], parameters: 12 },
      { index: 2, units: 1, activation: 'sigmoid', weightShape: [1, 4], biasShape: [1, 1], parameters: 5 },
    ]);
    expect(summary.parameters).toBe(17);
    expect(summary.bytesPerScalar).toBe(8);
    expect(summary.examplesPerIteration).toBe(1000);
    expect(summary.parameterBytes).toBe(136);
    expect(summary.gradientBytes).toBe(136);
    expect(summary.optimizerStateBytes).toBe(0);
    // X, Z1, A1, Z2, A2: (2 + 2*(4+1)) * 1000 numbers of 8 bytes
    expect(summary.activationBytes).toBe(96_000);
    // forward: (2*4*2 + 2*4)*1000 + (2*1*4 + 2*1)*1000 + 3*1*1000
    // backward: (4*4*2 + 3*4)*1000 + 4*3 + (4*1*4 + 3*1)*1000 + 1*5; update 2*17
    expect(summary.flopsPerIteration).toEqual({ forward: 37_000, backward: 63_017, update: 34, total: 100_051 });
  });

  it('8-16-8-1 with batches of 64, momentum, L2 and f32', () => {
    const summary = summarize(
      model(`model r { input 8 dense 16 relu dense 8 relu dense 1 linear loss mean_squared_error
        optimizer momentum(learning_rate: 0.01) regularization l2(0.1) train iterations 10 batch 64 precision f32 }`),
      1000,
    );
    expect(summary.parameters).toBe(289);
    expect(summary.examplesPerIteration).toBe(64);
    expect(summary.parameterBytes).toBe(289 * 4);
    expect(summary.optimizerStateBytes).toBe(289 * 4);
    expect(summary.activationBytes).toBe((8 + 2 * 25) * 64 * 4);
    // backward includes 2 per weight for L2 (264 weights); update 5 per parameter for momentum
    expect(summary.flopsPerIteration).toEqual({ forward: 37_184, backward: 73_201, update: 1_445, total: 111_830 });
  });

  it('adam keeps two state copies; a batch larger than the data set is the data set', () => {
    const summary = summarize(
      model(`model a { input 3 dense 2 softmax loss categorical_cross_entropy
        optimizer adam(learning_rate: 0.01) train epochs 2 batch 500 }`),
      100,
    );
    expect(summary.optimizerStateBytes).toBe(2 * 8 * 8);
    expect(summary.examplesPerIteration).toBe(100);
    expect(summary.flopsPerIteration.update).toBe(80);
  });
});
