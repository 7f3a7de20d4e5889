import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(notNpy.ok === false && notNpy.errors[0]).toMatch(/not an \.npy file \(it does not start with/);
  });

  // Issue 12, finding 7: a header with shape (2, -50) gave a stack trace.
  it('checks the header as a whole: shape, and the values it promises', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-npy-'));
    const npy = (name: string, header: string, data: Uint8Array) => {
      const text = `${header.padEnd(117, ' ')}\n`;
      const path = join(dir, name);
      writeFileSync(path, Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), Buffer.from(text, 'latin1'), data]));
      return path;
    };
    const negative = npy('negative.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2, -50), }", new Uint8Array(0));
    expect(loadNpy(negative, null)).toEqual({ ok: false, errors: [`${negative}: the .npy header has shape (2, -50); sizes must be whole numbers of at least 0`] });
    const short = npy('short.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new Uint8Array(8 * 5));
    expect(loadNpy(short, null)).toEqual({ ok: false, errors: [`${short}: the file holds 5 values, its header promises 6 (shape (2, 3))`] });
    const huge = npy('huge.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", new Uint8Array(8));
    expect(loadNpy(huge, null)).toEqual({ ok: false, errors: [`${huge}: the file holds 1 values, its header promises 9.9999999998e+21 (shape (99999999999, 99999999999))`] });
    const object = npy('object.npy', "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(16));
    expect(loadNpy(object, null)).toEqual({ ok: false, errors: [`${object}: unsupported dtype |O`] });
    const good = npy('good.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new Uint8Array(new Float64Array(X).buffer));
    expect(loadNpy(good, null).ok && Array.from((loadNpy(good, null) as { dataset: { X: Float64Array } }).dataset.X)).toEqual(X);
  });
});
