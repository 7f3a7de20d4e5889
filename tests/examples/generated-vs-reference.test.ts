/**
 * Every examples/*.nn, compiled by every CPU target — TypeScript (compile -> emitTypeScript ->
 * loadCompiledModel) and WebAssembly (emitWasmModule -> loadWasmModule, SIMD kernels, fused
 * multiply-add where the engine has it) — agrees with the reference interpreter on seeded random
 * data.
 *
 * f64 (each model with its precision forced to 'f64'): initial parameters bit-identical; forward,
 * cost, gradients, the parameters after 3 optimizer steps and, for mini-batch models, the costs
 * reported by a few iterations of `train` (shuffled batches) within 1e-12 relative, or 1e-12
 * absolute for values near 0. Both sides compute the same formulas in float64 and only sum in
 * different orders (fused kernels vs. layer-by-layer loops), so they differ by a few ulps.
 *
 * As written (f32 models in f32): the generated module keeps parameters, activations and
 * gradients in Float32Array, the reference keeps float64. Initial parameters are the reference's
 * rounded to the nearest float32 (bit-identical after Math.fround). Every stored value then carries
 * a relative rounding error of at most u = 2^-24 ~ 6e-8 per operation; a dot product of length n
 * accumulates at most ~n*u relative to sum |w_i x_i| (typically sqrt(n)*u), and 3 layers plus the
 * backward pass and 3 steps chain a few such products. We therefore compare normwise,
 * max |got - want| <= F32_TOLERANCE * max |want| over each array, with F32_TOLERANCE = 1e-5
 * (~170 u): the longest f32 dot product in the examples is 30 (breast-cancer), n*u = 1.8e-6 per
 * layer in the worst case, so a handful of layers stays below 1e-5, while a wrong formula gives
 * errors of order 1e-1. (A backend that silently computed in f64 would pass the tolerance, so the
 * Float32Array output and the f32-rounded initial parameters are asserted separately.) Measured:
 * about 1e-7 (~2 u), printed by the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, emitTypeScript, loadCompiledModel, type CompiledModel, type FloatArray } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
import { parseModel } from '@nnc/dsl';
import type { LayerParameters, ModelIR } from '@nnc/dsl/ir';
import { createReferenceModel } from '@nnc/runtime-cpu';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const F64_TOLERANCE = 1e-12;
const F32_TOLERANCE = 1e-5;

function exampleModel(file: string): ModelIR {
  const { model, diagnostics } = parseModel(readFileSync(new URL(file, EXAMPLES), 'utf8'), `examples/${file}`);
  if (!model || diagnostics.length > 0) throw new Error(`examples/${file} does not parse: ${diagnostics.map((d) => d.message).join('; ')}`);
  return model;
}

const TARGETS = ['ts', 'wasm'] as const;
type Target = (typeof TARGETS)[number];

async function compileTo(model: ModelIR, target: Target): Promise<CompiledModel> {
  const schedule = compile(model).schedule;
  if (target === 'ts') return loadCompiledModel(emitTypeScript(schedule)).createModel();
  return (await loadWasmModule(await emitWasmModule(schedule))).createModel();
}

/** A deterministic uniform stream on [0, 1) (a 32-bit LCG; reproducible, not numpy-equal). */
function uniformStream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** X (n_x, m) uniform in [-2, 2); Y fitting the loss: 0/1 labels, one-hot columns or targets. */
function randomData(model: ModelIR, m: number, seed: number): { X: Float64Array; Y: Float64Array } {
  const next = uniformStream(seed);
  const ny = model.layers[model.layers.length - 1].units;
  const X = Float64Array.from({ length: model.inputSize * m }, () => 4 * next() - 2);
  const Y = new Float64Array(ny * m);
  for (let j = 0; j < m; j++) {
    if (model.loss === 'categorical_cross_entropy') Y[Math.floor(next() * ny) * m + j] = 1;
    else for (let i = 0; i < ny; i++) Y[i * m + j] = model.loss === 'binary_cross_entropy' ? (next() < 0.5 ? 0 : 1) : 2 * next() - 1;
  }
  return { X, Y };
}

const flatten = (layers: readonly LayerParameters[]): number[] => layers.flatMap((l) => [...l.W.flat(), ...l.b]);
const flattenGradients = (g: { dW: FloatArray[]; db: FloatArray[] }): number[] => [...g.dW, ...g.db].flatMap((a) => Array.from(a));

/** Elementwise: the largest |got - want| / max(|want|, 1) (relative, or absolute near 0). */
function elementwiseError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let k = 0; k < got.length; k++) {
    const error = Math.abs(got[k] - want[k]) / Math.max(Math.abs(want[k]), 1);
    worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
  }
  return worst;
}

/** Normwise: max |got - want| / max |want|. */
function normwiseError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let difference = 0;
  let scale = 0;
  for (let k = 0; k < got.length; k++) {
    const d = Math.abs(got[k] - want[k]);
    difference = Number.isNaN(d) ? Infinity : Math.max(difference, d);
    scale = Math.max(scale, Math.abs(want[k]));
  }
  return difference / scale;
}

const batchSizeOf = (model: ModelIR) => model.training.batchSize;

const files = readdirSync(EXAMPLES)
  .filter((file) => file.endsWith('.nn'))
  .sort();

describe('the examples folder', () => {
  it('holds the example models (none skipped)', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });
});

const cases = files.flatMap((file) => TARGETS.map((target) => [file, target] as const));

describe.each(cases)('examples/%s: the generated %s target vs the reference interpreter', (file, target) => {
  const written = exampleModel(file);
  const m = written.inputSize > 1000 ? 4 : 7;
  const { X, Y } = randomData(written, m, 17);

  it('in f64: bit-identical initial parameters, forward/cost/gradients/3 steps within 1e-12', async () => {
    const model: ModelIR = { ...written, precision: 'f64' };
    const generated = await compileTo(model, target);
    const reference = createReferenceModel(model);
    expect(generated.meta.precision).toBe('f64');
    const initial = flatten(generated.getParameters());
    const referenceInitial = flatten(reference.getParameters());
    expect(initial.length).toBe(referenceInitial.length);
    expect(initial.every((v, k) => Object.is(v, referenceInitial[k]))).toBe(true);

    const errors = {
      forward: elementwiseError(generated.forward(X, m), reference.forward(X, m)),
      cost: elementwiseError([generated.cost(X, Y, m)], [reference.cost(X, Y, m)]),
      gradients: elementwiseError(flattenGradients(generated.gradients(X, Y, m)), flattenGradients(reference.gradients(X, Y, m))),
      stepCosts: 0,
      parameters: 0,
    };
    const stepCosts: [number[], number[]] = [[], []];
    for (let s = 0; s < 3; s++) {
      stepCosts[0].push(generated.step(X, Y, m));
      stepCosts[1].push(reference.step(X, Y, m));
    }
    errors.stepCosts = elementwiseError(stepCosts[0], stepCosts[1]);
    errors.parameters = elementwiseError(flatten(generated.getParameters()), flatten(reference.getParameters()));
    // The steps changed the parameters: the comparison after them is not the initial one again.
    expect(elementwiseError(flatten(reference.getParameters()), initial)).toBeGreaterThan(1e-9);
    console.log(`${file} ${target} f64 (m=${m}): ${Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
    for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThanOrEqual(F64_TOLERANCE);
  });

  it(`in f64: train (${batchSizeOf(written) === null ? 'full batch' : 'mini-batches'}) reports the same costs within 1e-12`, async () => {
    const model: ModelIR = { ...written, precision: 'f64' };
    const batch = batchSizeOf(model);
    // Mini-batches: three batches per epoch, the last one short.
    const mTrain = batch === null ? m : 2 * batch + 5;
    const data = randomData(model, mTrain, 23);
    const generated = await compileTo(model, target);
    const reference = createReferenceModel(model);
    const options = { iterations: 7, reportEvery: 2 };
    const got = generated.train(data.X, data.Y, mTrain, options);
    const want = reference.train(data.X, data.Y, mTrain, options);
    expect(got.iterations).toBe(7);
    expect(got.costs.map((e) => e.iteration)).toEqual([0, 2, 4, 6]);
    expect(got.costs.map((e) => e.iteration)).toEqual(want.costs.map((e) => e.iteration));
    const costError = elementwiseError([...got.costs.map((e) => e.cost), got.finalCost], [...want.costs.map((e) => e.cost), want.finalCost]);
    const parameterError = elementwiseError(flatten(generated.getParameters()), flatten(reference.getParameters()));
    console.log(`${file} ${target} f64 train (m=${mTrain}, batch ${batch ?? 'full'}): costs ${costError.toExponential(2)}, parameters ${parameterError.toExponential(2)}`);
    expect(costError).toBeLessThanOrEqual(F64_TOLERANCE);
    expect(parameterError).toBeLessThanOrEqual(F64_TOLERANCE);
    // Shuffled batches differ from one another: the reported costs are not all equal.
    expect(new Set(want.costs.map((e) => e.cost)).size).toBe(want.costs.length);
  });

  it(`as written (${written.precision}): within the rounding of its precision`, async () => {
    const generated = await compileTo(written, target);
    const reference = createReferenceModel(written);
    expect(generated.meta.precision).toBe(written.precision);
    const tolerance = written.precision === 'f32' ? F32_TOLERANCE : F64_TOLERANCE;
    const round = written.precision === 'f32' ? Math.fround : (v: number) => v;
    const initial = flatten(generated.getParameters());
    const referenceInitial = flatten(reference.getParameters());
    expect(initial.length).toBe(referenceInitial.length);
    expect(initial.every((v, k) => Object.is(v, round(referenceInitial[k])))).toBe(true);
    if (written.precision === 'f32') expect(generated.forward(X, m)).toBeInstanceOf(Float32Array);
    const errors = {
      forward: normwiseError(generated.forward(X, m), reference.forward(X, m)),
      cost: normwiseError([generated.cost(X, Y, m)], [reference.cost(X, Y, m)]),
      gradients: normwiseError(flattenGradients(generated.gradients(X, Y, m)), flattenGradients(reference.gradients(X, Y, m))),
      parameters: 0,
    };
    for (let s = 0; s < 3; s++) {
      generated.step(X, Y, m);
      reference.step(X, Y, m);
    }
    errors.parameters = normwiseError(flatten(generated.getParameters()), flatten(reference.getParameters()));
    console.log(`${file} ${target} as written ${written.precision}: ${Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
    for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThanOrEqual(tolerance);
  });
});
