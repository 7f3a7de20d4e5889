/**
 * fast-check arbitraries for small random models covering every activation, loss, optimizer,
 * L2 and batching, and deterministic data for them.
 */
import fc from 'fast-check';
import type { ModelIR, Optimizer } from '@nnc/dsl/ir';
import { buildModel } from './model-builder.js';

const HIDDEN = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear'] as const;

const optimizers: fc.Arbitrary<Optimizer> = fc.oneof(
  fc.constant<Optimizer>({ kind: 'gradient_descent', learningRate: 0.3 }),
  fc.constant<Optimizer>({ kind: 'momentum', learningRate: 0.2, beta: 0.9 }),
  fc.constant<Optimizer>({ kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
);

export interface RandomModelOptions {
  readonly precision?: 'f32' | 'f64';
}

export function randomModel(options: RandomModelOptions = {}): fc.Arbitrary<ModelIR> {
  return fc
    .record({
      inputSize: fc.integer({ min: 1, max: 4 }),
      hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 5 }), activation: fc.constantFrom(...HIDDEN) }), { maxLength: 2 }),
      output: fc.constantFrom('bce', 'cce', 'mse'),
      classes: fc.integer({ min: 2, max: 4 }),
      regressionOutputs: fc.integer({ min: 1, max: 2 }),
      l2: fc.constantFrom(0, 0, 0.3),
      optimizer: optimizers,
      batchSize: fc.constantFrom(null, 3),
      seed: fc.integer({ min: 0, max: 1000 }),
    })
    .map((r) => {
      const [units, activation, loss] =
        r.output === 'bce'
          ? ([1, 'sigmoid', 'binary_cross_entropy'] as const)
          : r.output === 'cce'
            ? ([r.classes, 'softmax', 'categorical_cross_entropy'] as const)
            : ([r.regressionOutputs, 'linear', 'mean_squared_error'] as const);
      return buildModel({
        name: 'random',
        sizes: [r.inputSize, ...r.hidden.map((h) => h.units), units],
        activations: [...r.hidden.map((h) => h.activation), activation],
        loss,
        init: { kind: 'normal', scale: 0.5 },
        seed: r.seed,
        optimizer: r.optimizer,
        l2: r.l2,
        training: { batchSize: r.batchSize, iterations: 4, reportEvery: 1, shuffleSeed: 3 },
        precision: options.precision ?? 'f64',
      });
    });
}

/** A small deterministic generator (xorshift) so that test data needs no seed plumbing. */
export function seededUniform(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** X (n_x, m) in [-2, 2) and labels Y fitting the model's loss (0/1, one-hot, or real targets). */
export function randomData(model: ModelIR, m: number, seed: number): { X: Float64Array; Y: Float64Array } {
  const next = seededUniform(seed);
  const nx = model.inputSize;
  const ny = model.layers[model.layers.length - 1].units;
  const X = Float64Array.from({ length: nx * m }, () => 4 * next() - 2);
  const Y = new Float64Array(ny * m);
  for (let j = 0; j < m; j++) {
    if (model.loss === 'categorical_cross_entropy') Y[Math.floor(next() * ny) * m + j] = 1;
    else for (let i = 0; i < ny; i++) Y[i * m + j] = model.loss === 'binary_cross_entropy' ? (next() < 0.5 ? 0 : 1) : 2 * next() - 1;
  }
  return { X, Y };
}
