import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';

describe('evaluate', () => {
  it('binary: threshold 0.5, accuracy, confusion [actual][predicted], cross-entropy', () => {
    const A = [0.9, 0.2, 0.6, 0.5, 0.1];
    const Y = [1, 0, 0, 1, 0];
    const result = evaluate(A, Y, 5, 'binary_cross_entropy');
    // predicted [1, 0, 1, 0, 0]: TN 2 (examples 2, 5), FP 1 (3), FN 1 (4), TP 1 (1)
    expect(result.confusion).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(result.accuracy).toBe(0.6);
    const cost = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.5) + Math.log(0.9)) / 5;
    expect(result.cost).toBeCloseTo(cost, 15);
    expect(result.rmse).toBeNull();
  });

  it('binary: a saturated wrong prediction gives a large finite cost', () => {
    expect(evaluate([1], [0], 1, 'binary_cross_entropy').cost).toBeCloseTo(-Math.log(1e-15), 1);
  });

  it('softmax: argmax per column', () => {
    // 3 classes x 4 examples, rows are classes
    const A = [0.7, 0.1, 0.2, 0.3, 0.2, 0.8, 0.3, 0.3, 0.1, 0.1, 0.5, 0.4];
    const Y = [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0];
    const result = evaluate(A, Y, 4, 'categorical_cross_entropy');
    // predicted [0, 1, 2, 2]; actual [0, 1, 2, 1]
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(result.accuracy).toBe(0.75);
    expect(result.cost).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.5) + Math.log(0.3)) / 4, 15);
  });

  it('regression: RMSE and half mean squared error', () => {
    const result = evaluate([1, 2, 3, 4], [1, 1, 5, 4], 4, 'mean_squared_error');
    expect(result.rmse).toBe(Math.sqrt(5 / 4));
    expect(result.cost).toBe(5 / 8);
    expect([result.accuracy, result.confusion]).toEqual([null, null]);
  });
});
