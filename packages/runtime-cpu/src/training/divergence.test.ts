import { describe, expect, it } from 'vitest';
import { divergence } from './divergence.js';

describe('divergence', () => {
  const initial = { iteration: 0, cost: 0.693 };
  it('accepts costs up to the factor times the first cost', () => {
    expect(divergence(6.9, 100, initial, 10)).toBeNull();
    expect(divergence(0.1, 100, initial, 10)).toBeNull();
  });
  it('names the iteration when the cost grows or is not finite', () => {
    expect(divergence(7, 100, initial, 10)).toBe(
      'training diverged at iteration 100: the cost grew to 7.000000 (it was 0.693000 at iteration 0); try a smaller learning rate',
    );
    expect(divergence(Infinity, 3, initial, 10)).toBe(
      'training diverged at iteration 3: the cost became Infinity (it was 0.693000 at iteration 0); try a smaller learning rate',
    );
    expect(divergence(NaN, 0, { iteration: 0, cost: NaN }, 10)).toBe(
      'the cost is NaN at iteration 0, before any step: check the data for missing, infinite or huge values',
    );
  });
});
