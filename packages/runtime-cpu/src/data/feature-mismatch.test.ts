import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { featureCheck, featureMismatch } from './feature-mismatch.js';

const planar = { name: 'planar', inputSize: 2 };

describe('the feature-count message', () => {
  it('names the file, its features (up to six, else the first three and the last) and what the model takes', () => {
    expect(featureMismatch('d.csv', 1, ['x'], planar)).toBe("d.csv has 1 feature (x), model 'planar' takes 2");
    expect(featureMismatch('d.csv', 6, ['a', 'b', 'c', 'd', 'e', 'f'], planar)).toBe("d.csv has 6 features (a, b, c, d, e, f), model 'planar' takes 2");
    expect(featureMismatch('d.csv', 7, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], planar)).toBe("d.csv has 7 features (a, b, c, ..., g), model 'planar' takes 2");
  });

  it('is what a loader says first through featureCheck, and nothing when the counts agree', () => {
    const check = featureCheck('s.csv', planar);
    expect(check(2, ['x1', 'x2'])).toBeNull();
    expect(parseCsv('x,species\n1,a\n2,b\n', 's.csv', { checkFeatures: check })).toEqual({ ok: false, errors: ["s.csv has 1 feature (x), model 'planar' takes 2"] });
  });
});
