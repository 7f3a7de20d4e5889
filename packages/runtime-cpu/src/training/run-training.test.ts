import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledModel, CompiledModelAsync, FloatArray, TrainOptions, TrainResult } from '@nnc/compiler';
import { NumpyRandom } from '@nnc/compiler';
import { buildModel } from '@nnc/compiler/testing';
import type { LayerParameters, OptimizerState } from '@nnc/dsl/ir';
import { describe, expect, it } from 'vitest';
import { createReferenceModel } from '../reference/reference-model.js';
import { parseParametersFile } from './parameters-file.js';
import { runTraining } from './run-training.js';

const tempPath = (name: string): string => join(mkdtempSync(join(tmpdir(), 'nnc-train-')), name);

function classifier(batchSize: number | null = null) {
  return createReferenceModel(
    buildModel({
      sizes: [2, 3, 1],
      activations: ['tanh', 'sigmoid'],
      init: { kind: 'normal', scale: 0.5 },
      seed: 3,
      optimizer: { kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      training: { batchSize },
    }),
  );
}

const data = (() => {
  const random = new NumpyRandom(8);
  const m = 20;
  const X = random.randnMatrix(2, m);
  const Y = Float64Array.from({ length: m }, (_, j) => (X[j] * X[m + j] > 0 ? 1 : 0));
  return { X, Y, m };
})();

/** The model's methods bound to it, so that a test can replace one. */
function asSync(model: CompiledModel): CompiledModel {
  return {
    meta: model.meta,
    initialize: (seed?: number) => model.initialize(seed),
    getParameters: () => model.getParameters(),
    setParameters: (layers: readonly LayerParameters[]) => model.setParameters(layers),
    getOptimizerState: () => model.getOptimizerState(),
    setOptimizerState: (state: OptimizerState) => model.setOptimizerState(state),
    forward: (X: FloatArray, m: number) => model.forward(X, m),
    cost: (X: FloatArray, Y: FloatArray, m: number) => model.cost(X, Y, m),
    gradients: (X: FloatArray, Y: FloatArray, m: number) => model.gradients(X, Y, m),
    step: (X: FloatArray, Y: FloatArray, m: number) => model.step(X, Y, m),
    train: (X: FloatArray, Y: FloatArray, m: number, options?: TrainOptions) => model.train(X, Y, m, options),
  };
}

/** The reference model behind the WebGPU wrapper's asynchronous API. */
function asAsync(model: CompiledModel): CompiledModelAsync {
  return {
    meta: model.meta,
    initialize: async (seed?: number) => model.initialize(seed),
    getParameters: async () => model.getParameters(),
    setParameters: async (layers: readonly LayerParameters[]) => model.setParameters(layers),
    getOptimizerState: async () => model.getOptimizerState(),
    setOptimizerState: async (state: OptimizerState) => model.setOptimizerState(state),
    forward: async (X: FloatArray, m: number) => model.forward(X, m),
    cost: async (X: FloatArray, Y: FloatArray, m: number) => model.cost(X, Y, m),
    gradients: async (X: FloatArray, Y: FloatArray, m: number) => model.gradients(X, Y, m),
    step: async (X: FloatArray, Y: FloatArray, m: number) => model.step(X, Y, m),
    train: async (X: FloatArray, Y: FloatArray, m: number, options?: TrainOptions): Promise<TrainResult> => model.train(X, Y, m, options),
    dispose: () => undefined,
  };
}

/**
 * What runTraining should report, computed the slow, obvious way: one step at a time, with the
 * cost of the whole training set at every k-th step (with mini-batches, not the batch's cost).
 */
function expectedRun(model: CompiledModel, iterations: number, reportEvery: number) {
  const start = model.getOptimizerState().step;
  const costs = [];
  for (let t = start; t < start + iterations; t++) {
    if (t % reportEvery === 0) costs.push({ iteration: t, cost: model.cost(data.X, data.Y, data.m) });
    model.train(data.X, data.Y, data.m, { iterations: 1 });
  }
  return { costs, finalCost: model.cost(data.X, data.Y, data.m) };
}

describe('runTraining', () => {
  it('ticks for a progress bar without moving or losing a report', async () => {
    const expected = expectedRun(classifier(6), 25, 10);
    const ticks: number[] = [];
    const outcome = await runTraining({
      model: classifier(6),
      ...data,
      iterations: 25,
      reportEvery: 10,
      tickEvery: 3,
      onTick: (iteration) => void ticks.push(iteration),
    });
    expect(outcome.costs).toEqual(expected.costs);
    expect(outcome.finalCost).toBe(expected.finalCost);
    expect(ticks).toEqual([3, 6, 9, 10, 12, 15, 18, 20, 21, 24, 25]);
  });

  it('reports the training-set cost every k iterations and trains as one uninterrupted run', async () => {
    const direct = classifier(6);
    const expected = expectedRun(direct, 25, 5);
    // With batches of 6 the reported (whole-set) costs are not the costs of the batches.
    const batchCosts = classifier(6).train(data.X, data.Y, data.m, { iterations: 25, reportEvery: 5 }).costs;
    expect(batchCosts.map((event) => event.cost)).not.toEqual(expected.costs.map((event) => event.cost));
    const model = classifier(6);
    const seen: number[] = [];
    const outcome = await runTraining({ model, ...data, iterations: 25, reportEvery: 5, onProgress: (event) => void seen.push(event.iteration) });
    expect(outcome.status).toBe('completed');
    expect(outcome.message).toBeNull();
    expect(seen).toEqual([0, 5, 10, 15, 20]);
    expect(outcome.costs).toEqual(expected.costs);
    expect(outcome.iterations).toBe(25);
    expect(outcome.finalCost).toBe(expected.finalCost);
    expect(model.getParameters()).toEqual(direct.getParameters());
  });

  it('checkpoints atomically; a checkpoint resumes exactly (mini-batches, Adam), also through the async API', async () => {
    const path = tempPath('checkpoint.json');
    const interrupted = classifier(6);
    const first = await runTraining({ model: asAsync(interrupted), ...data, iterations: 14, reportEvery: 4, checkpoint: { path, every: 10 } });
    expect(first.checkpoint).toEqual({ path, iteration: 14, cost: first.finalCost });
    expect(first.costs.map((event) => event.iteration)).toEqual([0, 4, 8, 12]);

    const read = parseParametersFile(readFileSync(path, 'utf8'), path, [2, 3, 1]);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    expect(read.parameters.training).toEqual({ iterations: 14, cost: first.finalCost });
    expect(read.parameters.optimizerState?.step).toBe(14);
    const resumed = classifier(6);
    resumed.setParameters(read.parameters.layers);
    resumed.setOptimizerState(read.parameters.optimizerState as OptimizerState);
    const second = await runTraining({ model: resumed, ...data, iterations: 16, reportEvery: 4, checkpoint: { path, every: 10 } });
    expect(second.costs.map((event) => event.iteration)).toEqual([16, 20, 24, 28]);

    const straight = classifier(6);
    const whole = expectedRun(straight, 30, 4);
    expect(resumed.getParameters()).toEqual(straight.getParameters());
    expect(second.finalCost).toBe(whole.finalCost);
    expect(second.costs).toEqual(whole.costs.filter((event) => event.iteration >= 16));
  });

  it('stops at a step boundary when asked (a signal), checkpointing that step, and waits for async reports', async () => {
    const path = tempPath('stopped.json');
    const model = classifier(6);
    const order: string[] = [];
    let ask = false;
    const outcome = await runTraining({
      model,
      ...data,
      iterations: 1000,
      reportEvery: 4,
      checkpoint: { path, every: 500 },
      onProgress: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        order.push(`report ${event.iteration}`);
        if (event.iteration === 8) ask = true;
      },
      onTick: (iteration) => order.push(`tick ${iteration}`),
      tickEvery: 4,
      shouldStop: () => ask,
    });
    expect(outcome.status).toBe('stopped');
    expect(outcome.message).toBeNull();
    // asked during the report at 8, seen at the end of that chunk: training stops at 8
    expect(outcome.iterations).toBe(8);
    expect(order.slice(-2)).toEqual(['tick 8', 'report 8']);
    expect(outcome.checkpoint).toEqual({ path, iteration: 8, cost: outcome.finalCost });
    const read = parseParametersFile(readFileSync(path, 'utf8'), path, [2, 3, 1]);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    expect(read.parameters.optimizerState?.step).toBe(8);
    // and it is the state of 8 uninterrupted steps
    const straight = classifier(6);
    expectedRun(straight, 8, 4);
    expect(read.parameters.layers).toEqual(straight.getParameters());
  });

  it('stops a diverging run, names the iteration and suggests a smaller learning rate', async () => {
    const model = createReferenceModel(
      buildModel({
        sizes: [2, 1],
        activations: ['linear'],
        init: { kind: 'normal', scale: 1 },
        optimizer: { kind: 'gradient_descent', learningRate: 5 },
      }),
    );
    const Y = Float64Array.from({ length: data.m }, (_, j) => data.X[j] - data.X[data.m + j]);
    const outcome = await runTraining({ model, X: data.X, Y, m: data.m, iterations: 1000, reportEvery: 1 });
    expect(outcome.status).toBe('diverged');
    expect(outcome.message).toMatch(/^training diverged at iteration \d+: the cost grew to .* \(it was .* at iteration 0\); try a smaller learning rate$/);
    const at = Number(/iteration (\d+)/.exec(outcome.message ?? '')?.[1]);
    expect(outcome.iterations).toBe(at);
    expect(outcome.costs[outcome.costs.length - 1].cost).toBeGreaterThan(10 * outcome.costs[0].cost);
    expect(outcome.costs[outcome.costs.length - 2].cost).toBeLessThanOrEqual(10 * outcome.costs[0].cost);
  });

  it('judges growth on whole-set costs, not on a noisy batch cost (batch costs only for NaN)', async () => {
    // A scripted model whose batches cost 0.01 each while the training set's cost stays at 1:
    // mini-batches of one example on noisy data look like this (an easy example costs little).
    let t = 0;
    const model: CompiledModel = {
      meta: classifier().meta,
      initialize: () => void (t = 0),
      getParameters: () => [],
      setParameters: () => undefined,
      getOptimizerState: () => ({ step: t, slots: {} }),
      setOptimizerState: (state) => void (t = state.step),
      forward: () => new Float64Array(1),
      gradients: () => ({ dW: [], db: [] }),
      step: () => 1,
      cost: () => 1,
      train: (_X, _Y, _m, options = {}) => {
        const costs = [];
        let taken = 0;
        for (let i = 0; i < (options.iterations ?? 0); i++) {
          if (i % (options.reportEvery ?? 1) === 0) {
            const event = { iteration: i, cost: 0.01 };
            costs.push(event);
            if (options.onReport?.(event) === false) break;
          }
          t++;
          taken++;
        }
        return { costs, iterations: taken, finalCost: 1 };
      },
    };
    const outcome = await runTraining({ model, ...data, iterations: 20, reportEvery: 5 });
    expect(outcome.status).toBe('completed');
    expect(outcome.costs).toEqual([0, 5, 10, 15].map((iteration) => ({ iteration, cost: 1 })));
  });

  it('never overwrites a good checkpoint with a diverged one', async () => {
    // A scripted model: cost 1 / (1 + t) until step 13, then NaN; the parameter W records t.
    let t = 0;
    const costAt = (step: number): number => (step >= 13 ? NaN : 1 / (1 + step));
    const model: CompiledModel = {
      meta: { name: 'scripted', nncVersion: 'test', sourceSha256: '0'.repeat(64), sizes: [1, 1], activations: ['linear'], loss: 'mean_squared_error', precision: 'f64' },
      initialize: () => void (t = 0),
      getParameters: () => [{ W: [[t]], b: [0] }],
      setParameters: () => undefined,
      getOptimizerState: () => ({ step: t, slots: {} }),
      setOptimizerState: (state) => void (t = state.step),
      forward: () => new Float64Array(1),
      cost: () => costAt(t),
      gradients: () => ({ dW: [new Float64Array(1)], db: [new Float64Array(1)] }),
      step: () => costAt(t++),
      train: (_X, _Y, _m, options = {}) => {
        const costs = [];
        let taken = 0;
        for (let i = 0; i < (options.iterations ?? 0); i++) {
          if (i % (options.reportEvery ?? 1) === 0) {
            const event = { iteration: i, cost: costAt(t) };
            costs.push(event);
            if (options.onReport?.(event) === false) break;
          }
          t++;
          taken++;
        }
        return { costs, iterations: taken, finalCost: costAt(t) };
      },
    };
    const path = tempPath('good.json');
    const outcome = await runTraining({ model, X: new Float64Array(1), Y: new Float64Array(1), m: 1, iterations: 30, reportEvery: 4, checkpoint: { path, every: 5 } });
    expect(outcome.status).toBe('diverged');
    // Checks run every gcd(4, 5) = 1 step: the NaN is caught at step 13, the last good save was at 10.
    expect(outcome.message).toBe('training diverged at iteration 13: the cost became NaN (it was 1.000000 at iteration 0); try a smaller learning rate');
    expect(outcome.iterations).toBe(13);
    expect(outcome.checkpoint).toEqual({ path, iteration: 10, cost: 1 / 11 });
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { layers: LayerParameters[]; training: unknown };
    expect(saved.layers[0].W).toEqual([[10]]);
    expect(saved.training).toEqual({ iterations: 10, cost: 1 / 11 });
  });

  // Issue 12, finding 5: a ReLU layer turns NaN weights into 0 activations, so the cost stayed
  // finite and `--save` wrote 32 nulls. Here the wrapped model's W1 turns NaN after step 7.
  it('stops when a parameter becomes non-finite although the cost stays finite, and keeps the last good checkpoint', async () => {
    const inner = classifier();
    const model: CompiledModel = {
      ...asSync(inner),
      getParameters: () => {
        const layers = inner.getParameters();
        if (inner.getOptimizerState().step >= 7) layers[0].W[1][0] = Number.NaN;
        return layers;
      },
    };
    const path = tempPath('finite.json');
    const outcome = await runTraining({ model, ...data, iterations: 20, reportEvery: 5, checkpoint: { path, every: 5 } });
    expect(outcome.status).toBe('diverged');
    expect(outcome.message).toBe('training diverged at iteration 10: layers[0].W[1][0] is NaN; try a smaller learning rate');
    expect(outcome.checkpoint?.iteration).toBe(5);
    const saved = parseParametersFile(readFileSync(path, 'utf8'), path, [2, 3, 1]);
    expect(saved.ok && saved.parameters.training?.iterations).toBe(5);
  });
});
