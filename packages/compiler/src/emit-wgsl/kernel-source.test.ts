// dispatchGrid: workgroup counts above the device's per-dimension limit fold into z.
import { describe, expect, it } from 'vitest';
import { type DispatchAxis, dispatchGrid } from './kernel-source.js';

const SIZES = { TILE: 16, WG: 256 };
const ONE: DispatchAxis = { dim: 1, factor: 1, per: 1 };
/** A map over (4, m): ceil(4 m / 256) groups. */
const MAP: readonly [DispatchAxis, DispatchAxis] = [{ dim: 'm', factor: 4, per: 'WG' }, ONE];

describe('dispatchGrid', () => {
  it('keeps a grid within the limit as it is', () => {
    expect(dispatchGrid(MAP, 200_000, SIZES, 65_535)).toEqual([3125, 1, 1]);
    expect(dispatchGrid([{ dim: 'm', factor: 1, per: 1 }, ONE], 65_535, SIZES, 65_535)).toEqual([65_535, 1, 1]);
  });

  it('folds the 150000 groups of 600k examples into 50000 x 1 x 3', () => {
    expect(dispatchGrid([{ dim: 'm', factor: 1, per: 'WG' }, ONE], 600_000 * 64, SIZES, 65_535)).toEqual([50_000, 1, 3]);
    expect(dispatchGrid([{ dim: 'm', factor: 1, per: 1 }, ONE], 65_536, SIZES, 65_535)).toEqual([32_768, 1, 2]);
  });

  it('covers every group with fewer than z spares', () => {
    for (const [m, limit] of [[1000, 40], [12_345, 200], [99, 98]] as const) {
      const [x, y, z] = dispatchGrid([{ dim: 'm', factor: 1, per: 1 }, ONE], m, SIZES, limit);
      expect(x).toBeLessThanOrEqual(limit);
      expect(x * y * z).toBeGreaterThanOrEqual(m);
      expect(x * z - m).toBeLessThan(z);
    }
  });

  it('leaves an empty grid empty and refuses a y count above the limit', () => {
    expect(dispatchGrid(MAP, 0, SIZES, 65_535)).toEqual([0, 1, 1]);
    expect(() => dispatchGrid([ONE, { dim: 100, factor: 1, per: 1 }], 5, SIZES, 64)).toThrow(
      "batch size m = 5 needs a 1 x 100 grid of workgroups, beyond this device's maxComputeWorkgroupsPerDimension (64)",
    );
  });
});
