/**
 * The argument checks of the model API (issue 12, finding 11), run against any backend: NaN,
 * Infinity and strings in X; labels out of the loss's range; counts that are not integers; and
 * setParameters / setOptimizerState that must change nothing when any part is invalid (before,
 * layer 1 was written before layer 2 failed, and a step of "abc" hung training).
 */
import { describe, expect, it } from 'vitest';
import type { CompiledModel, CompiledModelAsync, FloatArray } from '@nnc/compiler';
import type { LayerParameters, OptimizerState, ParametersFile } from '@nnc/dsl/ir';

type AnyModel = CompiledModel | CompiledModelAsync;

/** The message of the RangeError that `run` throws or rejects with ('accepted' when it does not). */
async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    return (error as Error).message;
  }
  return 'accepted';
}

export interface ApiCheckSetup {
  /** A fresh planar model (2 -> 4 tanh -> 1 sigmoid, binary cross-entropy) with Adam. */
  readonly planarAdam: () => Promise<AnyModel>;
  /** The backend's array type. */
  readonly array: (values: ArrayLike<number>) => FloatArray;
}

export function describeApiChecks(backend: string, setup: ApiCheckSetup): void {
  const X = () => setup.array([0.5, -1, 2, 0.25, 1, -0.5]); // 2 features x 3 examples
  const Y = () => setup.array([0, 1, 1]);

  describe(`${backend}: the model API checks its arguments`, () => {
    it('refuses NaN, Infinity and non-numbers in X, naming the row and example', async () => {
      const model = await setup.planarAdam();
      const bad = (index: number, value: unknown) => {
        const values: unknown[] = Array.from(X());
        values[index] = value;
        return values as unknown as FloatArray;
      };
      expect(await refusal(() => model.forward(bad(4, Number.NaN), 3))).toBe('X row 1, example 1 is NaN; X must hold finite numbers');
      expect(await refusal(() => model.cost(bad(2, Infinity), Y(), 3))).toBe('X row 0, example 2 is Infinity; X must hold finite numbers');
      expect(await refusal(() => model.train(bad(0, 'x'), Y(), 3))).toBe('X row 0, example 0 is the string "x"; X must hold finite numbers');
      expect(await refusal(() => model.forward(X(), 2.5))).toBe('m must be an integer of at least 1, got 2.5');
    });

    it('finds a bad value anywhere in a long array of the backend type (2 x 1001 examples)', async () => {
      const model = await setup.planarAdam();
      const m = 1001;
      const long = (index: number, value: number) => {
        const values = Array.from({ length: 2 * m }, (_, k) => (k % 7) - 3.5);
        values[index] = value;
        return setup.array(values);
      };
      expect(await refusal(() => model.forward(long(m + 500, -Infinity), m))).toBe('X row 1, example 500 is -Infinity; X must hold finite numbers');
      expect(await refusal(() => model.forward(long(2 * m - 1, Number.NaN), m))).toBe('X row 1, example 1000 is NaN; X must hold finite numbers');
      expect(await refusal(() => model.forward(long(1, Infinity), m))).toBe('X row 0, example 1 is Infinity; X must hold finite numbers');
      expect(await model.forward(long(3, -0), m)).toHaveLength(m);
    });

    it('refuses labels outside [0, 1] for binary cross-entropy', async () => {
      const model = await setup.planarAdam();
      for (const label of [2, -5]) {
        expect(await refusal(() => model.step(X(), setup.array([0, label, 1]), 3))).toBe(
          `Y row 0, example 1 is ${label}; binary_cross_entropy needs labels between 0 and 1`,
        );
      }
      expect(await refusal(() => model.gradients(X(), setup.array([0, 1, Number.NaN]), 3))).toBe('Y row 0, example 2 is NaN; Y must hold finite numbers');
    });

    it('takes whole numbers of iterations and a positive report interval only', async () => {
      const model = await setup.planarAdam();
      const before = await model.getParameters();
      for (const iterations of [Number.NaN, -3, 2.5]) {
        expect(await refusal(() => model.train(X(), Y(), 3, { iterations }))).toBe(`iterations must be an integer of at least 0, got ${iterations}`);
      }
      for (const reportEvery of [0, Number.NaN]) {
        expect(await refusal(() => model.train(X(), Y(), 3, { iterations: 3, reportEvery }))).toBe(
          `reportEvery must be an integer of at least 1, got ${reportEvery}`,
        );
      }
      expect(await model.getParameters()).toEqual(before);
      expect((await model.getOptimizerState()).step).toBe(0);
      expect((await model.train(X(), Y(), 3, { iterations: 0 })).iterations).toBe(0);
    });

    it('setParameters writes nothing when any layer is invalid', async () => {
      const model = await setup.planarAdam();
      const before = await model.getParameters();
      const changedFirst: LayerParameters = { W: before[0].W.map((row) => row.map((w) => w + 1)), b: before[0].b };
      const badSecond: LayerParameters = { W: before[1].W, b: [Number.NaN] };
      expect(await refusal(() => model.setParameters([changedFirst, badSecond]))).toBe('layers[1].b entry 0 must be a finite number, got NaN');
      expect(await model.getParameters()).toEqual(before);
    });

    it('setOptimizerState refuses a step that is not a whole number, and bad or missing moments, writing nothing', async () => {
      const model = await setup.planarAdam();
      await model.step(X(), Y(), 3);
      const good = await model.getOptimizerState();
      const state = (change: Partial<OptimizerState> | ((slots: Record<string, unknown>) => void)): OptimizerState => {
        if (typeof change !== 'function') return { ...good, ...change } as OptimizerState;
        const slots: Record<string, unknown> = JSON.parse(JSON.stringify(good.slots)) as Record<string, unknown>;
        change(slots);
        return { step: good.step, slots } as OptimizerState;
      };
      const cases: [OptimizerState, string][] = [
        [state({ step: 'abc' as unknown as number }), 'the optimizer state step must be an integer of at least 0, got the string "abc"'],
        [state({ step: '10' as unknown as number }), 'the optimizer state step must be an integer of at least 0, got the string "10"'],
        [state({ step: 1e20 }), 'the optimizer state step must be an integer of at least 0, got 100000000000000000000'],
        [state({ step: -5 }), 'the optimizer state step must be an integer of at least 0, got -5'],
        [state({ step: 1.5 }), 'the optimizer state step must be an integer of at least 0, got 1.5'],
        [state((slots) => delete slots.sb2), "the optimizer state lacks slot 'sb2'"],
        [state((slots) => (slots.vW3 = [[1]])), "the optimizer state has a slot 'vW3' that this optimizer does not use (it uses sW1, sW2, sb1, sb2, vW1, vW2, vb1, vb2)"],
        [state((slots) => ((slots.sW1 as number[][])[2][1] = -1)), 'slot sW1 row 2 entry 1 is -1; it must not be negative'],
        [state((slots) => (slots.vW1 = [[1, 2]])), 'slot vW1 must be 4 rows of 2 numbers, got an array of 1'],
      ];
      const stateBefore = await model.getOptimizerState();
      for (const [bad, message] of cases) {
        // Moments of layer 1 changed too: none of it may be written.
        const changed = { ...bad, slots: { ...bad.slots, vb1: (good.slots.vb1 as number[]).map((v) => v + 1) } };
        expect.soft(await refusal(() => model.setOptimizerState(changed))).toBe(message);
      }
      expect(await model.getOptimizerState()).toEqual(stateBefore);
    });

    it('loadWeights checks a whole weights file first and changes nothing when any part is wrong', async () => {
      const trained = await setup.planarAdam();
      await trained.step(X(), Y(), 3);
      const file: ParametersFile = {
        format: 'nnc-parameters',
        version: 1,
        model: trained.meta.name,
        sourceSha256: trained.meta.sourceSha256,
        layers: await trained.getParameters(),
        standardization: { mean: [1, -0.5], std: [2, 0.25] },
        training: { iterations: 1, cost: 0.5 },
        optimizerState: await trained.getOptimizerState(),
        labels: { name: 'y', classes: ['red', 'blue'] },
        features: ['x1', 'x2'],
      };
      const iris = { W: Array.from({ length: 8 }, () => [0, 0, 0, 0]), b: Array(8).fill(0) };
      const cases: [unknown, string][] = [
        ['{}', 'the weights must be a parameters file (an object with "format": "nnc-parameters", as nnc train --save writes it), got the string "{}"'],
        [{ ...file, format: 'keras' }, 'the weights\' "format" must be "nnc-parameters", got the string "keras"'],
        [{ ...file, version: 2 }, 'the weights\' "version" must be 1, got 2'],
        [{ ...file, model: 'iris', layers: [iris, { W: [[0]], b: [0] }] }, "these weights are for model 'iris', not 'planar' (2-4-1): layers[0].W must be 4 rows of 2 numbers, got an array of 8"],
        [{ ...file, standardization: { mean: [0, 0], std: [1, 0] } }, 'standardization.std entry 1 is 0; it must be positive'],
        [{ ...file, standardization: { mean: [0], std: [1, 1] } }, 'standardization.mean must be an array of 2 numbers, got an array of 1'],
        [{ ...file, optimizerState: { step: 1, slots: {} } }, "the optimizer state lacks slot 'vW1'"],
        [{ ...file, labels: { name: 'y', classes: ['a', 'b', 'c'] } }, 'labels.classes must be an array of 1 names, got an array of 3'],
        [{ ...file, labels: { name: 'y', classes: ['a', 'a'] } }, "labels.classes names 'a' twice"],
        [{ ...file, features: ['x1'] }, 'features must be an array of 2 names, got an array of 1'],
      ];
      const model = await setup.planarAdam();
      const before = { layers: await model.getParameters(), state: await model.getOptimizerState(), A: Array.from(await model.forward(X(), 3)) };
      for (const [bad, message] of cases) expect.soft(await refusal(() => model.loadWeights(bad as ParametersFile))).toBe(message);
      expect(await model.getParameters()).toEqual(before.layers);
      expect(await model.getOptimizerState()).toEqual(before.state);
      // Nor was a standardisation or a class list kept: forward and predict are as before.
      expect(Array.from(await model.forward(X(), 3))).toEqual(before.A);
      expect((await model.predict(X(), 3)).classes).toEqual(before.A.map((p) => (p > 0.5 ? '1' : '0')));

      await model.loadWeights(file);
      expect(await model.getParameters()).toEqual(file.layers);
      expect(await model.getOptimizerState()).toEqual(file.optimizerState);
      // Raw features in, standardised inside: the same as the trained model on (x - mean) / std.
      const raw = Array.from(X());
      const standardized = setup.array(raw.map((x, k) => (x - file.standardization!.mean[Math.floor(k / 3)]) / file.standardization!.std[Math.floor(k / 3)]));
      const want = Array.from(await trained.forward(standardized, 3));
      const prediction = await model.predict(X(), 3);
      Array.from(prediction.probabilities).forEach((p, j) => expect(Math.abs(p - want[j])).toBeLessThanOrEqual(1e-6));
      expect(prediction.classes).toEqual(want.map((p) => (p > 0.5 ? 'blue' : 'red')));
      const cost = await model.cost(X(), Y(), 3);
      expect(Math.abs(cost - (await trained.cost(standardized, Y(), 3)))).toBeLessThanOrEqual(1e-6);
    });
  });
}
