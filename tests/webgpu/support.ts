/**
 * Shared pieces of the WebGPU agreement tests: the device (CI: required; elsewhere: skip with a
 * message), example models, seeded random models and data, and the f32 tolerance check.
 */
import { NNC_VERSION } from '@nnc/model';
import { readFileSync } from 'node:fs';
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import { buildModel } from '@nnc/compiler/testing';
import { parseModel } from '@nnc/dsl';
import type { LayerParameters, ModelIR } from '@nnc/dsl/ir';
import type { ActivationKind, LossKind, Optimizer } from '@nnc/dsl/ir';

export const EXAMPLES = new URL('../../examples/', import.meta.url);

export function exampleModel(name: string): ModelIR {
  const { model, diagnostics } = parseModel(readFileSync(new URL(name, EXAMPLES), 'utf8'), `examples/${name}`);
  if (model === undefined || model === null || diagnostics.length > 0) throw new Error(`examples/${name} does not parse`);
  return model;
}

export function planOf(model: ModelIR) {
  return compileWebGpuPlan(model, { nncVersion: NNC_VERSION });
}

/** A deterministic uniform stream on [0, 1) (tests need reproducible, not numpy-equal, data). */
export function uniformStream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** X (n_x, m) in [-2, 2) and labels that fit the loss: 0/1, one-hot columns, or real targets. */
export function randomData(model: ModelIR, m: number, seed: number): { X: Float32Array; Y: Float32Array } {
  const next = uniformStream(seed);
  const nx = model.inputSize;
  const ny = model.layers[model.layers.length - 1].units;
  const X = Float32Array.from({ length: nx * m }, () => 4 * next() - 2);
  const Y = new Float32Array(ny * m);
  for (let j = 0; j < m; j++) {
    if (model.loss === 'categorical_cross_entropy') Y[Math.floor(next() * ny) * m + j] = 1;
    else for (let i = 0; i < ny; i++) Y[i * m + j] = model.loss === 'binary_cross_entropy' ? (next() < 0.5 ? 0 : 1) : 2 * next() - 1;
  }
  return { X, Y };
}

const HIDDEN: readonly ActivationKind[] = ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'linear'];
const OUTPUTS: readonly { activation: ActivationKind; loss: LossKind; minUnits: number }[] = [
  { activation: 'sigmoid', loss: 'binary_cross_entropy', minUnits: 1 },
  { activation: 'softmax', loss: 'categorical_cross_entropy', minUnits: 2 },
  { activation: 'linear', loss: 'mean_squared_error', minUnits: 1 },
];

/** A random small network: 1-3 hidden layers, any output/loss pair, any optimizer, L2 or not. */
export function randomModel(seed: number): ModelIR {
  const next = uniformStream(seed * 7919 + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const hidden = 1 + Math.floor(next() * 3);
  const output = pick(OUTPUTS);
  const optimizers: Optimizer[] = [
    { kind: 'gradient_descent', learningRate: 0.5 },
    { kind: 'momentum', learningRate: 0.1, beta: 0.9 },
    { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ];
  // The draws stay in the order the model was always built in: input size, then each layer's
  // units before its activation.
  const inputSize = 1 + Math.floor(next() * 5);
  const layers = [
    ...Array.from({ length: hidden }, () => ({ units: 1 + Math.floor(next() * 6), activation: pick(HIDDEN) })),
    { units: output.minUnits + Math.floor(next() * 3), activation: output.activation },
  ];
  return buildModel({
    name: `random_${seed}`,
    sizes: [inputSize, ...layers.map((layer) => layer.units)],
    activations: layers.map((layer) => layer.activation),
    loss: output.loss,
    init: { kind: 'normal', scale: 0.5 },
    seed,
    optimizer: pick(optimizers),
    l2: next() < 0.5 ? 0 : 0.3,
    precision: 'f32',
  });
}

/** Parameters rounded to f32, so that both backends start from exactly the same numbers. */
export function roundParameters(layers: readonly LayerParameters[]): LayerParameters[] {
  return layers.map((l) => ({ W: l.W.map((row) => row.map(Math.fround)), b: l.b.map(Math.fround) }));
}

/** Every element within 1e-5 relative or 1e-6 absolute; returns the worst offender, if any. */
export function worstMismatch(got: ArrayLike<number>, want: ArrayLike<number>, rel = 1e-5, abs = 1e-6): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  let worst: string | null = null;
  let worstExcess = 0;
  for (let k = 0; k < got.length; k++) {
    const diff = Math.abs(got[k] - want[k]);
    const allowed = Math.max(abs, rel * Math.abs(want[k]));
    if (!(diff <= allowed) && (worst === null || diff / allowed > worstExcess)) {
      worstExcess = diff / allowed;
      worst = `element ${k}: got ${got[k]}, want ${want[k]} (diff ${diff.toExponential(2)})`;
    }
  }
  return worst;
}

export function flatten(layers: readonly LayerParameters[]): number[] {
  return layers.flatMap((l) => [...l.W.flat(), ...l.b]);
}
