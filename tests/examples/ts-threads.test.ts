/**
 * The TypeScript target's threads: `createModelAsync({ threads })` splits the large products by
 * output columns across worker threads, whose program is the kernels' own source text. Every
 * output element is summed by one thread in the same order as on one thread, so a threaded model
 * must compute the same bits as createModel()'s (one thread) on every method: that is what these
 * tests assert, on models whose products split (W1 X with k in pieces, dW1 = dZ1 X^T over 300
 * columns, mini-batches), with X changed in place between steps (the pool copies X to shared
 * memory on each call) and with train's onReport calling another method on other data of the
 * same size (which must not overwrite the X train is using).
 */
import { describe, expect, it } from 'vitest';
import { compile, emitTypeScript, loadCompiledModel, type CompiledModel, type FloatArray, type LoadedTypeScriptModule, type ThreadedCompiledModel } from '@nnc/compiler';
import { buildModel, randomData } from '@nnc/compiler/testing';
import type { LayerParameters, ModelIR } from '@nnc/dsl/ir';
import { expectThreadsInEsm, THREAD_FLAGS } from '../support/threads-in-esm.js';

function tsModule(model: ModelIR): LoadedTypeScriptModule {
  return loadCompiledModel(emitTypeScript(compile(model).schedule));
}

const flatten = (layers: readonly LayerParameters[]): number[] => layers.flatMap((l) => [...l.W.flat(), ...l.b]);
const gradients = (g: { dW: FloatArray[]; db: FloatArray[] }): number[] => [...g.dW, ...g.db].flatMap((a) => Array.from(a));

describe('the TypeScript target with threads', () => {
  it.each([
    ['f32, Float32Array X', [300, 64, 1], ['relu', 'sigmoid'], 'f32', true, null],
    ['f32, Float64Array X', [300, 64, 1], ['relu', 'sigmoid'], 'f32', false, null],
    ['f64, k in pieces (5000 inputs)', [5000, 20, 7, 1], ['relu', 'relu', 'sigmoid'], 'f64', false, null],
    ['f64, mini-batches of 256', [300, 16, 3], ['tanh', 'softmax'], 'f64', false, 256],
  ] as const)('computes the same bits on two threads as on one (%s)', async (_, sizes, activations, precision, f32Input, batchSize) => {
    const model = buildModel({
      name: 'threads',
      sizes,
      activations,
      loss: activations[activations.length - 1] === 'softmax' ? 'categorical_cross_entropy' : 'binary_cross_entropy',
      init: { kind: 'he' },
      precision,
      training: batchSize === null ? {} : { batchSize, shuffleSeed: 3 },
    });
    const module = tsModule(model);
    const m = 1001;
    const data = randomData(model, m, 3);
    const X = f32Input ? Float32Array.from(data.X) : data.X;
    const Y = f32Input ? Float32Array.from(data.Y) : data.Y;
    const single = module.createModel() as ThreadedCompiledModel;
    const threaded = await module.createModelAsync({ threads: 2 });
    try {
      expect(threaded.target).toBe('TypeScript loops, 2 threads');
      expect(single.target).toBe('TypeScript loops, 1 thread');
      const a = single.train(X, Y, m, { iterations: 5, reportEvery: 1 });
      const b = threaded.train(X, Y, m, { iterations: 5, reportEvery: 1 });
      expect(b.costs).toEqual(a.costs);
      expect(b.finalCost).toBe(a.finalCost);
      expect(flatten(threaded.getParameters())).toEqual(flatten(single.getParameters()));
      expect(Array.from(threaded.forward(X, m))).toEqual(Array.from(single.forward(X, m)));
      expect(gradients(threaded.gradients(X, Y, m))).toEqual(gradients(single.gradients(X, Y, m)));
      // X changed in place between steps: each step must see the new values.
      const X2 = X.slice();
      for (let step = 0; step < 3; step++) {
        for (let k = 0; k < X2.length; k++) X2[k] = X[(k * 7 + step) % X.length];
        expect(threaded.step(X2, Y, m)).toBe(single.step(X2, Y, m));
      }
      expect(flatten(threaded.getParameters())).toEqual(flatten(single.getParameters()));
      // A batch size whose products are too small to split, then the first again.
      expect(Array.from(threaded.forward(X.subarray(0, sizes[0] * 5), 5))).toEqual(Array.from(single.forward(X.subarray(0, sizes[0] * 5), 5)));
      expect(threaded.cost(X, Y, m)).toBe(single.cost(X, Y, m));
    } finally {
      threaded.dispose();
    }
  }, 120_000);

  it('keeps the X train is using when its onReport calls another method on other data of the same size', async () => {
    const model = buildModel({ name: 'report', sizes: [300, 64, 1], activations: ['relu', 'sigmoid'], init: { kind: 'he' } });
    const module = tsModule(model);
    const m = 1001;
    const { X, Y } = randomData(model, m, 4);
    const other = randomData(model, m, 5);
    const run = (target: CompiledModel) => {
      const predictions: number[] = [];
      const result = target.train(X, Y, m, {
        iterations: 6,
        reportEvery: 2,
        onReport: () => {
          predictions.push(target.forward(other.X, m)[0]);
        },
      });
      return { costs: result.costs, predictions, parameters: flatten(target.getParameters()) };
    };
    const threaded = await module.createModelAsync({ threads: 2 });
    try {
      expect(threaded.target).toMatch(/2 threads$/);
      expect(run(threaded)).toEqual(run(module.createModel()));
    } finally {
      threaded.dispose();
    }
  }, 60_000);

  it('refuses a thread count that is not a positive integer, and runs on one thread after dispose()', async () => {
    const model = buildModel({ name: 'options', sizes: [300, 64, 1], activations: ['relu', 'sigmoid'] });
    const module = tsModule(model);
    await expect(module.createModelAsync({ threads: 0 })).rejects.toThrow('threads must be a positive integer, got 0');
    await expect(module.createModelAsync({ threads: 1.5 })).rejects.toThrow('threads must be a positive integer, got 1.5');
    expect((await module.createModelAsync({ threads: 1 })).target).toBe('TypeScript loops, 1 thread');
    const m = 1001;
    const { X, Y } = randomData(model, m, 6);
    const threaded = await module.createModelAsync({ threads: 2 });
    threaded.dispose();
    expect(threaded.cost(X, Y, m)).toBe(module.createModel().cost(X, Y, m));
  }, 60_000);

  // The workers' program is the kernels' source text: it must run whatever module system the parent uses.
  it.each(THREAD_FLAGS)('starts its threads in a program Node runs as an ES module (node %j --input-type=module -e), or runs on one', (flags, threads) => {
    expectThreadsInEsm(
      ["import { emitTypeScript, loadCompiledModel } from '@nnc/compiler';", 'const module = loadCompiledModel(emitTypeScript(compile(model).schedule)).exports;'],
      flags,
      threads,
    );
  }, 90_000);
});
