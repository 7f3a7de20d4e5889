import { describe, expect, it } from 'vitest';
import { parseJsonData } from './json.js';

describe('parseJsonData', () => {
  it('reads an array of example objects', () => {
    const result = parseJsonData('[{"a": 1, "b": 2, "y": 1}, {"a": 3, "b": 4, "y": 0}]', 'd.json');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.dataset.featureNames).toEqual(['a', 'b']);
    expect(Array.from(result.dataset.X)).toEqual([1, 3, 2, 4]);
    expect(Array.from(result.dataset.Y)).toEqual([1, 0]);
  });

  it('reports every bad row', () => {
    const result = parseJsonData('[{"a": 1, "y": 1}, {"a": "x", "y": 0}, {"y": 1}, 5]', 'd.json');
    expect(result).toEqual({
      ok: false,
      errors: [`d.json: row 2: 'a' is "x", expected a number`, "d.json: row 3: 'a' is missing, expected a number", 'd.json: row 4 is not an object'],
    });
  });

  it('reads X and Y matrices in the course layout, Y 1-D or 2-D', () => {
    const result = parseJsonData('{"X": [[1, 2, 3], [4, 5, 6]], "Y": [[0, 1, 1]]}', 'd.json');
    expect(result.ok && [result.dataset.nx, result.dataset.m, Array.from(result.dataset.X), Array.from(result.dataset.Y)]).toEqual([
      2, 3, [1, 2, 3, 4, 5, 6], [0, 1, 1],
    ]);
    const flat = parseJsonData('{"X": [[1, 2, 3], [4, 5, 6]], "Y": [1, 0, 1]}', 'd.json');
    expect(flat.ok && Array.from(flat.dataset.Y)).toEqual([1, 0, 1]);
    const classes = parseJsonData('{"X": [[1, 2, 3]], "Y": ["b", "a", "b"]}', 'd.json', { loss: 'categorical_cross_entropy' });
    expect(classes.ok && [classes.dataset.classes, Array.from(classes.dataset.Y)]).toEqual([['a', 'b'], [0, 1, 0, 1, 0, 1]]);
  });

  it('reads examples along rows when asked', () => {
    const result = parseJsonData('{"X": [[1, 4], [2, 5], [3, 6]], "Y": [[1, 0], [0, 1], [1, 0]]}', 'd.json', {
      examplesAlong: 'rows',
      loss: 'categorical_cross_entropy',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(Array.from(result.dataset.X)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([result.dataset.ny, Array.from(result.dataset.Y), result.dataset.classes]).toEqual([2, [1, 0, 1, 0, 1, 0], ['0', '1']]);
  });

  it('explains shape and syntax problems', () => {
    expect(parseJsonData('{"X": [[1, 2], [3]]}', 'd.json')).toEqual({ ok: false, errors: ['d.json: "X"[1] has 1 entries, expected 2'] });
    expect(parseJsonData('{"X": [[1, 2]], "Y": [1, 0, 1]}', 'd.json')).toEqual({ ok: false, errors: ['d.json: "X" has 2 examples but "Y" has 3'] });
    const syntax = parseJsonData('{"X": [1,', 'd.json');
    expect(syntax.ok === false && syntax.errors[0]).toMatch(/^d\.json: not valid JSON/);
    expect(parseJsonData('42', 'd.json')).toEqual({ ok: false, errors: ['d.json: expected an array of example objects or an object with "X" (and "Y")'] });
  });
});
