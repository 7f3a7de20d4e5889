import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateOutputs } from '../ir/evaluate.js';
import { tensor } from '../ir/tensor.js';
import { compile } from '../pipeline.js';
import { compileAndLoad } from '../testing/compile-model.js';
import { finiteDifferenceGradients, flatGradients, relativeError } from '../testing/gradient-check.js';
import { buildModel } from '../testing/model-builder.js';
import { randomData, randomModel, seededUniform } from '../testing/random-models.js';
import type { CompiledModel } from '../model-api.js';
import type { ModelIR } from '@nnc/dsl/ir';
import { emitTypeScript } from './emit-typescript.js';

/** Leaves for the IR interpreter from a compiled model's current state. */
function stateLeaves(ir: ModelIR, model: CompiledModel, X: Float64Array, Y: Float64Array, m: number) {
  const leaves = new Map([
    ['X', tensor(ir.inputSize, m, X)],
    ['Y', tensor(ir.layers[ir.layers.length - 1].units, m, Y)],
  ]);
  model.getParameters().forEach((layer, i) => {
    leaves.set(`W${i + 1}`, tensor(layer.W.length, layer.W[0].length, layer.W.flat()));
    leaves.set(`b${i + 1}`, tensor(layer.b.length, 1, layer.b));
  });
  const state = model.getOptimizerState();
  for (const [name, value] of Object.entries(state.slots)) {
    const rows = value.length;
    const flat = (value as (number | number[])[]).flat();
    leaves.set(name, tensor(rows, flat.length / rows, flat));
  }
  if (ir.optimizer.kind === 'adam') {
    const t = state.step + 1;
    leaves.set('bias_correction1', tensor(1, 1, [1 / (1 - ir.optimizer.beta1 ** t)]));
    leaves.set('bias_correction2', tensor(1, 1, [1 / (1 - ir.optimizer.beta2 ** t)]));
  }
  return leaves;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    // A diverging run (large learning rate on random data) must diverge identically.
    if (!Number.isFinite(expected[i])) expect(actual[i]).toBe(expected[i]);
    else expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i])));
  }
}

describe('generated TypeScript', () => {
  it('has gradients equal to central finite differences of its cost (random f64 models, after 2 steps)', () => {
    fc.assert(
      fc.property(randomModel(), fc.integer({ min: 1, max: 6 }), (ir, m) => {
        const { model } = compileAndLoad(ir);
        const { X, Y } = randomData(ir, m, 3);
        // Nonzero biases, so that no ReLU input sits exactly on the kink at 0 (where the
        // derivative is a convention, 0, and a central difference sees 1/2).
        const next = seededUniform(m);
        model.setParameters(model.getParameters().map((l) => ({ W: l.W, b: l.b.map(() => next() - 0.5) })));
        model.step(X, Y, m);
        model.step(X, Y, m);
        const error = relativeError(flatGradients(model, X, Y, m), finiteDifferenceGradients(model, X, Y, m));
        expect(error).toBeLessThan(1e-7);
      }),
      { numRuns: 40 },
    );
  });

  it('agrees with the IR interpreter on forward, cost, gradients and each optimizer step (1e-12)', () => {
    fc.assert(
      fc.property(randomModel(), fc.integer({ min: 1, max: 6 }), (ir, m) => {
        const { model } = compileAndLoad(ir);
        const graph = compile(ir).graphs['add-optimizer'];
        const { X, Y } = randomData(ir, m, 5);
        for (let step = 0; step < 3; step++) {
          const expected = evaluateOutputs(graph, m, stateLeaves(ir, model, X, Y, m));
          const L = ir.layers.length;
          expectClose(model.forward(X, m), expected.get(`A${L}`)!.data, 1e-12);
          expectClose([model.cost(X, Y, m)], expected.get('J')!.data, 1e-12);
          const { dW, db } = model.gradients(X, Y, m);
          dW.forEach((g, l) => expectClose(g, expected.get(`dW${l + 1}`)!.data, 1e-12));
          db.forEach((g, l) => expectClose(g, expected.get(`db${l + 1}`)!.data, 1e-12));
          model.step(X, Y, m);
          model.getParameters().forEach((layer, l) => {
            expectClose(layer.W.flat(), expected.get(`W${l + 1}_next`)!.data, 1e-12);
            expectClose(layer.b, expected.get(`b${l + 1}_next`)!.data, 1e-12);
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives finite f32 costs when outputs saturate', () => {
    for (const [activation, loss, units] of [
      ['sigmoid', 'binary_cross_entropy', 1],
      ['softmax', 'categorical_cross_entropy', 3],
    ] as const) {
      const ir = buildModel({ sizes: [2, 3, units], activations: ['tanh', activation], loss, precision: 'f32' });
      const { model } = compileAndLoad(ir);
      const layers = model.getParameters();
      model.setParameters(layers.map((l) => ({ W: l.W.map((row) => row.map((w) => (w > 0 ? 1e4 : -1e4))), b: l.b })));
      const m = 4;
      const X = Float32Array.from([1, -1, 2, -2, 0.5, 3, -3, 1]);
      const Y = new Float32Array(units * m);
      for (let j = 0; j < m; j++) Y[((j + 1) % units) * m + j] = units === 1 ? j % 2 : 1;
      const A = model.forward(X, m);
      expect(A).toBeInstanceOf(Float32Array);
      const cost = model.cost(X, Y, m);
      expect(Number.isFinite(cost)).toBe(true);
      expect(cost).toBeGreaterThan(100);
      expect(model.step(X, Y, m)).toBe(cost);
      expect(model.getParameters().flatMap((l) => [...l.W.flat(), ...l.b]).every(Number.isFinite)).toBe(true);
    }
  });

  it('is byte-stable and standalone', () => {
    const spec = { sizes: [3, 4, 2], activations: ['relu', 'linear'], loss: 'mean_squared_error', l2: 0.2 } as const;
    const first = emitTypeScript(compile(buildModel(spec)).schedule, { nncVersion: '1.2.3' });
    const second = emitTypeScript(compile(buildModel(spec)).schedule, { nncVersion: '1.2.3' });
    expect(second).toBe(first);
    expect(first.split('\n')[0]).toMatch(/^\/\/ Generated by nnc 1\.2\.3 from model\.nn \(sha256 [0-9a-f]{64}\)\. Do not edit\.$/);
    expect(first).not.toMatch(/^import /m);
  });

  it('trains with seeded mini-batches and stops when onReport returns false', () => {
    const ir = buildModel({
      sizes: [2, 3, 1],
      activations: ['tanh', 'sigmoid'],
      loss: 'binary_cross_entropy',
      training: { batchSize: 3, iterations: 20, reportEvery: 5, shuffleSeed: 4 },
    });
    const { model } = compileAndLoad(ir);
    const { X, Y } = randomData(ir, 8, 9);
    const events: number[] = [];
    const result = model.train(X, Y, 8, { onReport: (e) => (events.push(e.iteration), e.iteration < 10) });
    expect(events).toEqual([0, 5, 10]);
    expect(result.iterations).toBe(10);
    expect(model.getOptimizerState().step).toBe(10);
    expect(result.finalCost).toBeCloseTo(model.cost(X, Y, 8), 15);
  });
});
