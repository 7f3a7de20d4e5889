import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { fromRows, toRows } from './from-rows.js';
import { splitHoldout } from './split.js';
import { applyStandardization, fitStandardization } from './standardization.js';

describe('fromRows / toRows', () => {
  it('transposes examples-per-row into the (n, m) layout and back', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(Array.from(fromRows(rows))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(toRows(fromRows(rows), 2)).toEqual(rows);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1 has 1 numbers, row 0 has 2/);
  });
});

describe('standardization', () => {
  // numpy: X.mean(axis=1), X.std(axis=1) (population), std 0 -> 1
  const X = new Float64Array([1, 2, 4, 7, 3, 3, 3, 3, -1.5, 0.25, 10, 2]);
  it('fits mean and population std per feature', () => {
    expect(fitStandardization(X, 4)).toEqual({ mean: [3.5, 3, 2.6875], std: [2.29128784747792, 1, 4.399485055094517] });
  });
  it('treats a column with only a rounding-level spread as constant', () => {
    // 0.1 repeated has mean 0.10000000000000002 and a computed std of 1.4e-17, not 0
    const constant = new Float64Array([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const fitted = fitStandardization(constant, 7);
    expect(fitted.std).toEqual([1]);
    expect(Math.abs(applyStandardization(new Float64Array([0.2]), 1, fitted)[0] - 0.1)).toBeLessThan(1e-15);
    // a feature on a tiny scale is not constant
    expect(fitStandardization(new Float64Array([1e-14, 2e-14, 3e-14]), 3).std[0]).toBeCloseTo(8.16496580927726e-15, 28);
  });
  it('applies (x - mean) / std', () => {
    const expected = [
      -1.091089451179962, -0.6546536707079772, 0.2182178902359924, 1.5275252316519468, 0, 0, 0, 0, -0.9518159392656551,
      -0.5540421139009037, 1.6621263417027112, -0.15626828853615232,
    ];
    const out = applyStandardization(X, 4, fitStandardization(X, 4));
    expected.forEach((value, i) => expect(Math.abs(out[i] - value)).toBeLessThan(1e-15));
  });
});

describe('splitHoldout', () => {
  it('holds out the first round(m * fraction) examples of np.random.permutation(m)', () => {
    const m = 10;
    const dataset: Dataset = {
      X: Float64Array.from({ length: 2 * m }, (_, i) => i),
      Y: Float64Array.from({ length: m }, (_, i) => i % 2),
      m,
      nx: 2,
      ny: 1,
      featureNames: ['a', 'b'],
      labelName: 'y',
      classes: null,
    };
    // np.random.seed(4); np.random.permutation(10) = [3, 8, 4, 9, 2, 6, 0, 1, 5, 7]
    const { train, holdout } = splitHoldout(dataset, 0.3, 4);
    expect([holdout.m, train.m]).toEqual([3, 7]);
    expect(Array.from(holdout.X)).toEqual([3, 8, 4, 13, 18, 14]);
    expect(Array.from(holdout.Y)).toEqual([1, 0, 0]);
    expect(Array.from(train.X.subarray(0, 7))).toEqual([9, 2, 6, 0, 1, 5, 7]);
    expect(() => splitHoldout(dataset, 1, 0)).toThrow(/between 0 and 1/);
  });
});
