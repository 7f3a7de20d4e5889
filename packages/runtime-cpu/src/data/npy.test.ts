import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNpy } from './npy.js';

// Fixtures written by numpy 2.4: X = [[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]] (n_x = 2, m = 3).
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const X = [1.5, -2.0, 3.25, 0.5, 4.0, -1.0];

describe('loadNpy', () => {
  it('reads float64 C-order X with int64 1-D labels', () => {
    const result = loadNpy(fixture('x-f8-c.npy'), fixture('y-1d-i8.npy'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect([result.dataset.nx, result.dataset.m, result.dataset.ny]).toEqual([2, 3, 1]);
    expect(Array.from(result.dataset.X)).toEqual(X);
    expect(Array.from(result.dataset.Y)).toEqual([0, 1, 1]);
  });

  it('reads float32 Fortran-order X and 2-D (1, m) labels', () => {
    const result = loadNpy(fixture('x-f4-fortran.npy'), fixture('y-2d-f8.npy'));
    expect(result.ok && Array.from(result.dataset.X)).toEqual(X);
    expect(result.ok && Array.from(result.dataset.Y)).toEqual([1, 0, 1]);
  });

  it('reads examples along rows, integer features, boolean labels', () => {
    const result = loadNpy(fixture('x-rows-i4.npy'), fixture('y-bool.npy'), { examplesAlong: 'rows' });
    expect(result.ok && Array.from(result.dataset.X)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(result.ok && Array.from(result.dataset.Y)).toEqual([1, 0, 1]);
  });

  it('one-hot encodes string classes and keeps one-hot rows', () => {
    const strings = loadNpy(fixture('x-f8-c.npy'), fixture('y-classes-u.npy'), { loss: 'categorical_cross_entropy' });
    expect(strings.ok && [strings.dataset.classes, Array.from(strings.dataset.Y)]).toEqual([['cat', 'dog'], [1, 0, 1, 0, 1, 0]]);
    const onehot = loadNpy(fixture('x-rows-i4.npy'), fixture('y-onehot-rows.npy'), { examplesAlong: 'rows', loss: 'categorical_cross_entropy' });
    expect(onehot.ok && [onehot.dataset.ny, Array.from(onehot.dataset.Y)]).toEqual([3, [1, 0, 0, 0, 0, 1, 0, 1, 0]]);
  });

  it('explains what it cannot read', () => {
    expect(loadNpy(fixture('x-big-endian.npy'), null)).toEqual({
      ok: false,
      errors: [`${fixture('x-big-endian.npy')}: big-endian arrays are not supported (save with a little-endian dtype)`],
    });
    expect(loadNpy(fixture('x-3d.npy'), null)).toEqual({ ok: false, errors: [`${fixture('x-3d.npy')}: expected a 1-D or 2-D array, found shape (2, 2, 2)`] });
    expect(loadNpy(fixture('x-f8-c.npy'), fixture('y-1d-i8.npy'), { examplesAlong: 'rows' })).toEqual({
      ok: false,
      errors: [`${fixture('y-1d-i8.npy')}: 3 examples, but ${fixture('x-f8-c.npy')} has 2`],
    });
    const notNpy = loadNpy(fixture('../csv.ts'), null);
    expect(notNpy.ok === false && notNpy.errors[0]).toMatch(/not a readable \.npy file/);
  });
});
