import { describe, expect, it } from 'vitest';
import { differences, F32_TOLERANCE_PER_STEP, F64_TOLERANCE } from './parity.js';

describe('parity differences', () => {
  it('per W and b: the largest absolute difference, relative to the largest entry of the layer', () => {
    const want = { layers: [{ W: [[2, -4], [1, 0.5]], b: [0.001, 0] }], cost: 0.5 };
    const got = { layers: [{ W: [[2, -4.0004], [1, 0.5]], b: [0.0012, 0] }], cost: 0.5001 };
    const rows = differences(want, got);
    expect(rows.map((row) => row.name)).toEqual(['W1', 'b1', 'cost']);
    // the layer's largest entry is |-4|: W1 4e-4 / 4 = 1e-4; b1 2e-4 / 4 = 5e-5 (not 2e-4 / 1e-3); the cost 1e-4 / 0.5
    expect(rows[0].absolute).toBeCloseTo(4e-4, 15);
    expect(rows[0].relative).toBeCloseTo(1e-4, 15);
    expect(rows[1].relative).toBeCloseTo(5e-5, 15);
    expect(rows[2].relative).toBeCloseTo(2e-4, 12);
  });

  it('counts NaN as an infinite difference and equal tensors as 0', () => {
    const want = { layers: [{ W: [[1]], b: [0] }], cost: 1 };
    const rows = differences(want, { layers: [{ W: [[NaN]], b: [0] }], cost: 1 });
    expect(rows.map((row) => row.relative)).toEqual([Infinity, 0, 0]);
  });

  it('states its tolerances: 1e-10 in f64, 1e-5 a step in f32', () => {
    expect([F64_TOLERANCE, F32_TOLERANCE_PER_STEP]).toEqual([1e-10, 1e-5]);
  });
});
