import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCsv, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads features in the (n_x, m) layout and the label column as Y', () => {
    const result = parseCsv('a,y,b\n1,0,2\n3,1,4.5\n\n-1e-3,1,0\n', 'd.csv', { label: 'y' });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const { X, Y, m, nx, ny, featureNames, labelName, classes } = result.dataset;
    expect([m, nx, ny, labelName, classes]).toEqual([3, 2, 1, 'y', null]);
    expect(featureNames).toEqual(['a', 'b']);
    expect(Array.from(X)).toEqual([1, 3, -0.001, 2, 4.5, 0]);
    expect(Array.from(Y)).toEqual([0, 1, 1]);
  });

  it('uses the last column as the label by default, and none when label is null', () => {
    const text = 'x1,x2,target\r\n1,2,1\r\n3,4,0\r\n';
    const labelled = parseCsv(text, 'd.csv');
    expect(labelled.ok && [labelled.dataset.labelName, Array.from(labelled.dataset.Y)]).toEqual(['target', [1, 0]]);
    const unlabelled = parseCsv(text, 'd.csv', { label: null, features: ['x2', 'x1'] });
    expect(unlabelled.ok && [unlabelled.dataset.ny, Array.from(unlabelled.dataset.X)]).toEqual([0, [2, 4, 1, 3]]);
  });

  it('names file, line and column for every bad cell and ragged row', () => {
    const result = parseCsv('x1,x2,y\n1,2,0\n1,abc,1\n\n4,5\n7,,1\n', 'data.csv', { label: 'y' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        "data.csv:3: column 'x2' is 'abc', expected a number",
        'data.csv:5: expected 3 cells (x1, x2, y), found 2',
        "data.csv:6: column 'x2' is '', expected a number",
      ]);
    }
  });

  it('gives a few examples of a repeated problem, then the count, and checks the feature count before any row', () => {
    const rows = Array.from({ length: 40 }, (_, j) => `${j},${j % 2 ? 'virginica' : 'versicolor'}`).join('\n');
    const result = parseCsv(`x,species\n${rows}\n`, 's.csv');
    expect(result).toEqual({
      ok: false,
      errors: [
        "s.csv:2: label 'species' is 'versicolor'; binary cross-entropy needs 0 or 1",
        "s.csv:3: label 'species' is 'virginica'; binary cross-entropy needs 0 or 1",
        "s.csv:4: label 'species' is 'versicolor'; binary cross-entropy needs 0 or 1",
        "... and 37 more like 'label 'species' is 'versicolor'; binary cross-entropy needs 0 or 1' (40 in all)",
      ],
    });
    const checkFeatures = (nx: number, names: readonly string[]) => (nx === 2 ? null : `s.csv has ${nx} features (${names.join(', ')}), model 'm' takes 2`);
    expect(parseCsv(`x,species\n${rows}\n`, 's.csv', { checkFeatures })).toEqual({ ok: false, errors: ["s.csv has 1 features (x), model 'm' takes 2"] });
  });

  it('lists the columns when the label column is missing', () => {
    const result = parseCsv('x1,x2,y\n1,2,0\n', 'data.csv', { label: 'label' });
    expect(result).toEqual({ ok: false, errors: ["data.csv:1: no label column 'label'; the columns are x1, x2, y"] });
  });

  it('checks binary labels and one-hot encodes classes', () => {
    const bad = parseCsv('x,y\n1,0\n2,2\n', 'b.csv');
    expect(bad).toEqual({ ok: false, errors: ["b.csv:3: label 'y' is '2'; binary cross-entropy needs 0 or 1"] });
    const classes = parseCsv('x,species\n1,setosa\n2,virginica\n3,setosa\n4,versicolor\n', 'c.csv', { loss: 'categorical_cross_entropy' });
    if (!classes.ok) throw new Error(classes.errors.join('\n'));
    expect(classes.dataset.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(classes.dataset.ny).toBe(3);
    // rows are classes, columns examples
    expect(Array.from(classes.dataset.Y)).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    const numeric = parseCsv('x,digit\n1,10\n2,2.0\n3,9\n', 'n.csv', { loss: 'categorical_cross_entropy' });
    expect(numeric.ok && numeric.dataset.classes).toEqual(['2', '9', '10']);
    const unknown = parseCsv('x,c\n1,a\n2,z\n', 'u.csv', { loss: 'categorical_cross_entropy', classes: ['a', 'b'] });
    expect(unknown).toEqual({ ok: false, errors: ["u.csv:3: label 'c' is 'z', not one of the classes a, b"] });
  });

  it('keeps regression targets as numbers', () => {
    const result = parseCsv('x,price\n1,250000\n2,-3.5\n', 'r.csv', { loss: 'mean_squared_error' });
    expect(result.ok && Array.from(result.dataset.Y)).toEqual([250000, -3.5]);
  });

  it('loads the example data sets', () => {
    const flower = loadCsv(fileURLToPath(new URL('../../../../examples/data/planar_flower.csv', import.meta.url)));
    if (!flower.ok) throw new Error(flower.errors.join('\n'));
    expect([flower.dataset.nx, flower.dataset.m]).toEqual([2, 400]);
    // first data row: 1.204442292254319,3.5761141481288448,0
    expect([flower.dataset.X[0], flower.dataset.X[400], flower.dataset.Y[0]]).toEqual([1.204442292254319, 3.5761141481288448, 0]);
    const cancer = loadCsv(fileURLToPath(new URL('../../../../examples/data/breast_cancer.csv', import.meta.url)), { label: 'benign' });
    expect(cancer.ok && [cancer.dataset.nx, cancer.dataset.m]).toEqual([30, 569]);
    expect(loadCsv('/nonexistent/data.csv')).toEqual({ ok: false, errors: ['/nonexistent/data.csv: cannot read the file (ENOENT)'] });
  });

  // Issue 12, finding 4: header `x1,y,y` with --label y fed the label in as a feature (100%
  // accuracy), `x1,x1` ignored a column.
  it('refuses a header that names a column twice or not at all', () => {
    expect(parseCsv('x1,y,y\n1,0,0\n', 'd.csv', { label: 'y' })).toEqual({ ok: false, errors: ["d.csv:1: the header names column 'y' twice (columns 2 and 3)"] });
    expect(parseCsv('x1,x1,y\n1,2,0\n', 'd.csv')).toEqual({ ok: false, errors: ["d.csv:1: the header names column 'x1' twice (columns 1 and 2)"] });
    expect(parseCsv('x1,,y\n1,2,0\n', 'd.csv')).toEqual({ ok: false, errors: ['d.csv:1: column 2 of the header has no name'] });
  });

  // Issue 12, finding 10: 0x10, 0b101 and 0o17 were read as numbers, 1e400 as "null", and a
  // leading byte-order mark made the first column's name unknown.
  it('reads decimal numbers only, names the range of 1e400, and accepts a byte-order mark', () => {
    const result = parseCsv('x,y\n0x10,0\n0b101,1\n0o17,0\nInfinity,1\n1e400,0\n-1e-400,1\n', 'd.csv');
    expect(result).toEqual({
      ok: false,
      errors: [
        "d.csv:2: column 'x' is '0x10', expected a decimal number (no hexadecimal, binary, octal or Infinity)",
        "d.csv:3: column 'x' is '0b101', expected a decimal number (no hexadecimal, binary, octal or Infinity)",
        "d.csv:4: column 'x' is '0o17', expected a decimal number (no hexadecimal, binary, octal or Infinity)",
        // A fourth problem of that kind is counted, not listed (at most PER_KIND examples of one kind).
        "d.csv:6: column 'x' is '1e400', beyond the range of float64 numbers (about ±1.8e308)",
        "... and 1 more like 'column 'x' is '0o17', expected a decimal number (no hexadecimal, binary, octal or Infinity)' (4 in all)",
      ],
    });
    const bom = parseCsv('\uFEFFx,y\n1,0\n', 'd.csv', { label: 'y' });
    expect(bom.ok && bom.dataset.featureNames).toEqual(['x']);
    const dir = mkdtempSync(join(tmpdir(), 'nnc-csv-'));
    writeFileSync(join(dir, 'bom.csv'), '\uFEFFx;y\r\n1.5;1\r\n');
    const file = loadCsv(join(dir, 'bom.csv'), { label: 'y' });
    expect(file.ok && [file.dataset.featureNames, Array.from(file.dataset.X)]).toEqual([['x'], [1.5]]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, and counts lines through them', () => {
    const result = parseCsv('"a,1","b ""q""",y\n1,2,0\n"3","4\n",1\n5,x,1\n', 'q.csv');
    expect(result).toEqual({ ok: false, errors: ["q.csv:5: column 'b \"q\"' is 'x', expected a number"] });
    const good = parseCsv('"a,1","b ""q""",y\n1,2,0\n"3","4\n",1\n', 'q.csv');
    expect(good.ok && [good.dataset.featureNames, Array.from(good.dataset.X)]).toEqual([['a,1', 'b "q"'], [1, 3, 2, 4]]);
    expect(parseCsv('x,y\n"1,0\n', 'open.csv')).toEqual({
      ok: false,
      errors: ['open.csv:2: a quoted field is not closed before the end of the file', 'open.csv:2: expected 2 cells (x, y), found 1'],
    });
  });
});
