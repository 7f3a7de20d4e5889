import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateOutputs } from '../ir/evaluate.js';
import { tensor } from '../ir/tensor.js';
import { compile } from '../pipeline.js';
import { loadCompiledModel } from '../load-compiled.js';
import { compileAndLoad } from '../testing/compile-model.js';
import { finiteDifferenceGradients, flatGradients, relativeError } from '../testing/gradient-check.js';
import { buildModel } from '../testing/model-builder.js';
import { randomData, randomModel, seededUniform } from '../testing/random-models.js';
import type { CompiledModel } from '@nnc/model';
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

  it('cuts a long k into pieces without changing a bit (inner 4097 and 5120: with and without a short last piece)', () => {
    for (const inputs of [4097, 5120]) {
      const ir = buildModel({ sizes: [inputs, 6, 2, 1], activations: ['relu', 'tanh', 'sigmoid'], init: { kind: 'normal', scale: 0.05 } });
      const source = emitTypeScript(compile(ir).schedule);
      // The first layer's W X runs in pieces, k0 .. k1, through the partial sums.
      expect(source).toMatch(new RegExp(`for \\(let k0 = 0; k0 < ${inputs}; k0 \\+= \\d+\\)`));
      expect(source).toContain('partial[o]');
      const model = loadCompiledModel(source).createModel();
      const m = 7;
      const { X, Y } = randomData(ir, m, 11);
      const expected = evaluateOutputs(compile(ir).graphs['add-optimizer'], m, stateLeaves(ir, model, X, Y, m));
      // The interpreter adds each dot product's terms in increasing k from 0, as every block does.
      expect(Array.from(model.forward(X, m))).toEqual(Array.from(expected.get('A3')!.data));
      expect(Array.from(model.gradients(X, Y, m).dW[0])).toEqual(Array.from(expected.get('dW1')!.data));
    }
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

/** The private per-batch-size caches of a generated model (not part of its API). */
interface Caches {
  readonly workspaces: { readonly size: number };
  readonly batches: { readonly size: number };
  workspace(m: number): object;
}

describe('generated TypeScript memory', () => {
  it('keeps workspaces for at most 4 batch sizes, dropping the least recently used', () => {
    const ir = buildModel({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' });
    const { model } = compileAndLoad(ir);
    const caches = model as unknown as Caches;
    for (let m = 1; m <= 40; m++) model.forward(new Float64Array(2 * m), m);
    expect(caches.workspaces.size).toBe(4);
    const w40 = caches.workspace(40);
    const w37 = caches.workspace(37);
    model.forward(new Float64Array(2 * 5), 5); // evicts 38, the least recently used
    expect(caches.workspace(40)).toBe(w40);
    expect(caches.workspace(37)).toBe(w37);
    expect(caches.workspaces.size).toBe(4);
    // Still correct after evictions: the same outputs as a fresh model.
    const X = Float64Array.from({ length: 2 * 38 }, (_, i) => Math.sin(i));
    expect(model.forward(X, 38)).toEqual(compileAndLoad(ir).model.forward(X, 38));
  });

  it('allocates no workspace or batch copy after the first epoch of mini-batch training', () => {
    const ir = buildModel({
      sizes: [2, 3, 1],
      activations: ['tanh', 'sigmoid'],
      loss: 'binary_cross_entropy',
      training: { batchSize: 3, iterations: 30, reportEvery: 5, shuffleSeed: 4 },
    });
    const { model } = compileAndLoad(ir);
    const caches = model as unknown as Caches;
    const { X, Y } = randomData(ir, 8, 9);
    model.train(X, Y, 8, { iterations: 3 }); // one epoch: batches of 3, 3 and 2
    const kept = [3, 2, 8].map((m) => caches.workspace(m));
    model.train(X, Y, 8);
    [3, 2, 8].forEach((m, i) => expect(caches.workspace(m)).toBe(kept[i]));
    expect([caches.workspaces.size, caches.batches.size]).toEqual([3, 2]);
  });
});

describe('generated TypeScript input checks', () => {
  const ir = buildModel({ sizes: [3, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' });
  const loaded = loadCompiledModel(compileAndLoad(ir).source);
  const fromRows = loaded.exports.fromRows as (rows: unknown[]) => Float64Array;
  const message = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('fromRows transposes rows of n_x numbers and names a ragged row or a non-number', () => {
    expect(Array.from(fromRows([[1, 2, 3], [4, 5, 6]]))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(message(() => fromRows([[1, 2, 3], [4, 5]]))).toBe('row 1 must be an array of 3 numbers, got an array of 2');
    expect(message(() => fromRows([[1, 2]]))).toBe('row 0 must be an array of 3 numbers, got an array of 2');
    expect(message(() => fromRows([[1, 2, 3], [4, '5', 6]]))).toBe('row 1 entry 1 must be a finite number, got the string "5"');
    expect(message(() => fromRows([[1, 2, Number.NaN]]))).toBe('row 0 entry 2 must be a finite number, got NaN');
    expect(message(() => fromRows([[1, 2, 3], null]))).toBe('row 1 must be an array of 3 numbers, got null');
  });

  it('setParameters and setOptimizerState name the row and column of a bad value', () => {
    const model = loaded.createModel();
    const good = model.getParameters();
    const ragged = [{ W: [good[0].W[0], [1, 2]], b: good[0].b }, good[1]];
    expect(message(() => model.setParameters(ragged))).toBe('layers[0].W row 1 must be an array of 3 numbers, got an array of 2');
    const text = [{ W: [good[0].W[0], [1, 'x', 2]], b: good[0].b }, good[1]] as unknown as typeof good;
    expect(message(() => model.setParameters(text))).toBe('layers[0].W row 1 entry 1 must be a finite number, got the string "x"');
    const nanBias = [good[0], { W: good[1].W, b: [Number.NaN] }];
    expect(message(() => model.setParameters(nanBias))).toBe('layers[1].b entry 0 must be a finite number, got NaN');
    expect(model.getParameters()[1].b).toEqual(good[1].b);
  });
});

describe('generated TypeScript layout', () => {
  it('prints the same update expression for every layer (constants and scalars on the right)', () => {
    const ir = buildModel({
      sizes: [3, 5, 4, 2],
      activations: ['relu', 'tanh', 'softmax'],
      loss: 'categorical_cross_entropy',
      optimizer: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    });
    const source = emitTypeScript(compile(ir).schedule, { nncVersion: '0.0.0-test' });
    const lines = source.split('\n').map((line) => line.trim());
    // Layer l's lines with its index replaced by L and the element indexing dropped.
    const layer = (l: number, prefix: string) =>
      lines
        .filter((line) => line.startsWith(`const ${prefix}`) && new RegExp(`^const [vs]?[Wb]${l}Value = `).test(line))
        .map((line) => line.replace(new RegExp(`\\b([vsd]?[Wb])${l}(?=Value\\b|\\[)`, 'g'), '$1L').replace(/\[[^\]]*\]/g, '[]'));
    for (const prefix of ['', 'v', 's']) {
      for (const kind of ['W', 'b']) {
        const printed = [1, 2, 3].map((l) => layer(l, prefix).filter((line) => line.startsWith(`const ${prefix}${kind}L`)));
        expect(printed[0]).toHaveLength(1);
        expect(printed[1]).toEqual(printed[0]);
        expect(printed[2]).toEqual(printed[0]);
      }
    }
    expect(lines).toContain('const vW2Value = vW2[i * 5 + j] * 0.9 + dW2[i * 5 + j] * 0.09999999999999998;');
  });
});
