/**
 * The WebAssembly target against the reference interpreter, on shapes that reach every path of
 * its kernels: 8-column vector blocks, single vectors and leftover columns (m = 1, 3, 8, 9, 17),
 * k cut into pieces (300 inputs), column panels and dot products cut into pieces over m
 * (m = 1001 in f64, 1700 in f32), rows not a multiple of 4 (7 and 3 units); every activation,
 * loss and optimizer on random models; the course's gradient check; and threads: a product
 * split across two threads gives bit-identical results to one thread (each output column is
 * computed by one thread with the same code).
 *
 * f64: within 1e-12 of the reference (the kernels add in a different order and may fuse
 * multiply-adds; measured ~1e-15). f32: normwise within 2e-5 (sums of 300 terms in f32:
 * n * u = 1.8e-5 in the worst case, measured ~1e-6).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGradients, compile, type CompiledModel, type FloatArray } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule, type LoadedWasmModule } from '@nnc/compiler/emit-wasm';
import { buildModel, randomData, randomModel } from '@nnc/compiler/testing';
import type { LayerParameters, ModelIR } from '@nnc/dsl/ir';
import { parseModel } from '@nnc/dsl';
import { readFileSync } from 'node:fs';
import { createReferenceModel, loadCsv } from '@nnc/runtime-cpu';
import { expectThreadsInEsm, THREAD_FLAGS } from '../support/threads-in-esm.js';

async function wasmModule(model: ModelIR): Promise<LoadedWasmModule> {
  return loadWasmModule(await emitWasmModule(compile(model).schedule));
}

const flatten = (layers: readonly LayerParameters[]): number[] => layers.flatMap((l) => [...l.W.flat(), ...l.b]);
const gradients = (g: { dW: FloatArray[]; db: FloatArray[] }): number[] => [...g.dW, ...g.db].flatMap((a) => Array.from(a));

/** Elementwise |got - want| / max(|want|, 1). */
function elementwise(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let k = 0; k < got.length; k++) {
    const e = Math.abs(got[k] - want[k]) / Math.max(Math.abs(want[k]), 1);
    worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
  }
  return worst;
}

/** Normwise max |got - want| / max |want|. */
function normwise(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let d = 0;
  let s = 0;
  for (let k = 0; k < got.length; k++) {
    const e = Math.abs(got[k] - want[k]);
    d = Number.isNaN(e) ? Infinity : Math.max(d, e);
    s = Math.max(s, Math.abs(want[k]));
  }
  return d / s;
}

/** forward, cost, gradients, then 3 steps; the largest error of each. */
function compare(got: CompiledModel, want: CompiledModel, X: FloatArray, Y: FloatArray, m: number, error: typeof elementwise) {
  const errors = {
    forward: error(got.forward(X, m), want.forward(X, m)),
    cost: error([got.cost(X, Y, m)], [want.cost(X, Y, m)]),
    gradients: error(gradients(got.gradients(X, Y, m)), gradients(want.gradients(X, Y, m))),
    steps: 0,
    parameters: 0,
  };
  const costs: [number[], number[]] = [[], []];
  for (let s = 0; s < 3; s++) {
    costs[0].push(got.step(X, Y, m));
    costs[1].push(want.step(X, Y, m));
  }
  errors.steps = error(costs[0], costs[1]);
  errors.parameters = error(flatten(got.getParameters()), flatten(want.getParameters()));
  return errors;
}

const DEEP = (precision: 'f32' | 'f64') =>
  buildModel({
    name: 'kernels',
    sizes: [300, 7, 3],
    activations: ['relu', 'softmax'],
    init: { kind: 'he' },
    optimizer: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    l2: 0.1,
    precision,
  });
const BINARY = (precision: 'f32' | 'f64') =>
  buildModel({ name: 'binary', sizes: [300, 20, 1], activations: ['tanh', 'sigmoid'], init: { kind: 'xavier' }, precision });

describe('the WebAssembly target: every kernel path', () => {
  for (const [name, spec] of [['300-7-3 relu softmax, Adam, L2', DEEP], ['300-20-1 tanh sigmoid', BINARY]] as const) {
    it(`${name} in f64 agrees with the reference within 1e-12 for m = 1, 3, 8, 9, 17, 1001`, async () => {
      const model = spec('f64');
      const module = await wasmModule(model);
      for (const m of [1, 3, 8, 9, 17, 1001]) {
        const { X, Y } = randomData(model, m, m);
        const errors = compare(module.createModel(), createReferenceModel(model), X, Y, m, elementwise);
        console.log(`wasm f64 ${name} m=${m}: ${Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
        for (const [what, e] of Object.entries(errors)) expect(e, `m=${m} ${what}`).toBeLessThanOrEqual(1e-12);
      }
    });

    it(`${name} in f32 agrees with the reference normwise within 2e-5 for m = 5, 1700`, async () => {
      const model = spec('f32');
      const module = await wasmModule(model);
      for (const m of [5, 1700]) {
        const { X, Y } = randomData(model, m, m);
        const generated = module.createModel();
        expect(generated.forward(X, m)).toBeInstanceOf(Float32Array);
        const errors = compare(generated, createReferenceModel(model), X, Y, m, normwise);
        console.log(`wasm f32 ${name} m=${m}: ${Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
        for (const [what, e] of Object.entries(errors)) expect(e, `m=${m} ${what}`).toBeLessThanOrEqual(2e-5);
      }
    });
  }

  it('passes the course gradient check (f64, below 2e-7)', async () => {
    const model = BINARY('f64');
    const { X, Y } = randomData(model, 9, 5);
    const check = checkGradients((await wasmModule(model)).createModel(), X, Y, 9, { maxPerTensor: 40 });
    expect(check.relativeError).toBeLessThan(2e-7);
    for (const t of check.tensors) expect(t.relativeError, t.name).toBeLessThan(2e-7);
  });
});

describe('the WebAssembly target on the flower', () => {
  it('reports the reference costs within 1e-12 relative through 7500 iterations (f64, lr 1.2)', async () => {
    // Beyond about 7500 iterations this run is chaotic (the cost rises again after 7000): there,
    // rounding-level differences between any two implementations grow, so the check stops at 7500.
    const root = new URL('../../examples/', import.meta.url);
    const { model } = parseModel(readFileSync(new URL('planar.nn', root), 'utf8'), 'examples/planar.nn');
    if (model === null) throw new Error('examples/planar.nn does not parse');
    const loaded = loadCsv(new URL('data/planar_flower.csv', root).pathname, { label: 'y' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { X, Y, m } = loaded.dataset;
    const options = { iterations: 7500, reportEvery: 500 };
    const got = (await wasmModule(model)).createModel().train(X, Y, m, options);
    const want = createReferenceModel(model).train(X, Y, m, options);
    const error = elementwise([...got.costs.map((c) => c.cost), got.finalCost], [...want.costs.map((c) => c.cost), want.finalCost]);
    console.log(`wasm flower 7500 iterations: largest relative cost difference ${error.toExponential(2)}`);
    expect(got.costs.map((c) => c.iteration)).toEqual(want.costs.map((c) => c.iteration));
    expect(error).toBeLessThanOrEqual(1e-12);
    expect(want.costs[2].cost.toFixed(6)).toBe('0.288083');
  });
});

describe('the WebAssembly target on random models', () => {
  it('agrees with the reference interpreter (every activation, loss, optimizer, L2, mini-batches)', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel(), fc.integer({ min: 1, max: 11 }), async (model, m) => {
        const { X, Y } = randomData(model, m, 13);
        const tolerance = model.optimizer.kind === 'adam' ? 1e-9 : 1e-12;
        const errors = compare((await wasmModule(model)).createModel(), createReferenceModel(model), X, Y, m, elementwise);
        for (const [what, e] of Object.entries(errors)) expect(e, what).toBeLessThanOrEqual(tolerance);
        const trained = [(await wasmModule(model)).createModel(), createReferenceModel(model)].map((net) => net.train(X, Y, m, { iterations: 5, reportEvery: 2 }));
        expect(elementwise(trained[0].costs.map((c) => c.cost), trained[1].costs.map((c) => c.cost))).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 25 },
    );
  });
});

describe('the WebAssembly target with threads', () => {
  it.each(THREAD_FLAGS)('starts its threads in a program Node runs as an ES module (node %j --input-type=module -e), or runs on one', (flags, threads) => {
    expectThreadsInEsm(
      [
        "import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';",
        'const module = await loadWasmModule(await emitWasmModule(compile(model).schedule));',
      ],
      flags,
      threads,
    );
  }, 90_000);

  // [5000, 2, 1]: a first layer of two rows, whose W X streams X row by row (ir/blocking.ts STREAMED_ROWS).
  it.each([
    [[300, 64, 1], ['relu', 'sigmoid']],
    [[5000, 2, 1], ['tanh', 'sigmoid']],
  ] as const)('splits the large products of %j across two threads with results bit-identical to one thread', async (sizes, activations) => {
    const model = buildModel({ name: 'threads', sizes, activations, init: { kind: 'he' }, precision: 'f32' });
    const module = await wasmModule(model);
    const m = 1001;
    const { X, Y } = randomData(model, m, 3);
    const single = module.createModel();
    const threaded = await module.createModelAsync({ threads: 2 });
    try {
      expect(threaded.target).toMatch(/2 threads$/);
      expect(single.target).toMatch(/1 thread$/);
      const a = single.train(X, Y, m, { iterations: 4, reportEvery: 1 });
      const b = threaded.train(X, Y, m, { iterations: 4, reportEvery: 1 });
      expect(b.costs).toEqual(a.costs);
      expect(flatten(threaded.getParameters())).toEqual(flatten(single.getParameters()));
      expect(Array.from(threaded.forward(X, m))).toEqual(Array.from(single.forward(X, m)));
    } finally {
      threaded.dispose();
    }
  });
});
