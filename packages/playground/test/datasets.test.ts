// The page's data: the bundled sets through the CLI's CSV reader, the split and standardisation,
// the boundary grid, and how data problems are cut short for the line under Train.
import { describe, expect, it } from 'vitest';
import { applyStandardization, fitStandardization, splitHoldout } from '@nnc/runtime-cpu';
import { BUNDLED, csvHeader, csvRowCount, firstProblems, loadSource, userSource } from '../src/datasets.js';
import { GRID_SIZE, prepareData } from '../src/prepare-data.js';

describe('the bundled data', () => {
  it('reads each set for its example model', () => {
    const shapes = BUNDLED.map((source) => {
      const loss = source.id === 'three-species' ? 'categorical_cross_entropy' : 'binary_cross_entropy';
      const loaded = loadSource(source, source.label, { name: source.id, inputSize: { flower: 2, 'breast-cancer': 30, 'three-species': 4 }[source.id]!, loss });
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      return [source.id, loaded.dataset.m, loaded.dataset.nx, loaded.dataset.ny, csvRowCount(source.text)];
    });
    expect(shapes).toEqual([
      ['flower', 400, 2, 1, 400],
      ['breast-cancer', 569, 30, 1, 569],
      ['three-species', 300, 4, 3, 300],
    ]);
  });

  it('takes a dropped file\'s header for the label choices, the last column first', () => {
    const source = userSource('mine.csv', '\uFEFFa, "b",label\n1,2,0\n\n3,4,1\n');
    expect(csvHeader(source.text)).toEqual(['a', 'b', 'label']);
    expect(source.label).toBe('label');
    expect(csvRowCount(source.text)).toBe(2);
  });
});

describe('prepareData', () => {
  const loaded = loadSource(BUNDLED[0], 'y', { name: 'planar', inputSize: 2, loss: 'binary_cross_entropy' });
  if (!loaded.ok) throw new Error('flower');
  const dataset = loaded.dataset;

  it('splits like nnc train --holdout (split seed 0) and standardises with the training part only', () => {
    const prepared = prepareData(dataset, 0.2, true);
    const split = splitHoldout(dataset, 0.2, 0);
    const standardization = fitStandardization(split.train.X, split.train.m);
    expect(prepared.standardization).toEqual(standardization);
    expect(prepared.train.X).toEqual(applyStandardization(split.train.X, split.train.m, standardization));
    expect(prepared.heldOut?.X).toEqual(applyStandardization(split.holdout.X, split.holdout.m, standardization));
    expect([prepared.train.m, prepared.heldOut?.m]).toEqual([320, 80]);
    // The points to plot are the raw training features.
    expect(prepared.points?.X).toEqual(split.train.X);
  });

  it('lays the boundary grid over the feature ranges, standardised like the inputs', () => {
    const raw = prepareData(dataset, 0, false);
    const grid = raw.grid!;
    const n = GRID_SIZE * GRID_SIZE;
    const x1 = Array.from(dataset.X.subarray(0, dataset.m));
    expect(grid.x1[0]).toBeLessThan(Math.min(...x1));
    expect(grid.x1[1]).toBeGreaterThan(Math.max(...x1));
    // Row 0 is the top of the plot (largest x2), column 0 the left (smallest x1).
    expect(grid.X[0]).toBeCloseTo(grid.x1[0] + (0.5 / GRID_SIZE) * (grid.x1[1] - grid.x1[0]), 12);
    expect(grid.X[n]).toBeCloseTo(grid.x2[1] - (0.5 / GRID_SIZE) * (grid.x2[1] - grid.x2[0]), 12);
    const scaled = prepareData(dataset, 0, true);
    expect(scaled.grid!.X).toEqual(applyStandardization(grid.X, n, scaled.standardization!));
  });

  it('refuses a holdout that leaves nothing to train on', () => {
    const one = { ...dataset, m: 1, X: Float64Array.of(1, 2), Y: Float64Array.of(0) };
    expect(() => prepareData(one, 0.3, false)).toThrow(
      'a holdout of 0.3 leaves 1 examples for training and 0 held out; both need at least one',
    );
  });
});

describe('firstProblems', () => {
  const problem = (k: number) => `data.csv:${k + 2}: bad`;
  it('keeps the reader\'s list up to four lines, else three and a count', () => {
    expect(firstProblems([problem(0), problem(1)])).toBe('data.csv:2: bad\ndata.csv:3: bad');
    const capped = [problem(0), problem(1), problem(2), "... and 297 more like 'bad' (300 in all)"];
    expect(firstProblems(capped)).toBe(capped.join('\n'));
    expect(firstProblems([0, 1, 2, 3, 4].map(problem))).toBe('data.csv:2: bad\ndata.csv:3: bad\ndata.csv:4: bad\n... and 2 more problems');
  });
});

describe('the feature count comes first', () => {
  it('names the file\'s features and the model\'s input before any label problem', () => {
    const species = BUNDLED.find((source) => source.id === 'three-species')!;
    const loaded = loadSource(species, 'species', { name: 'planar', inputSize: 2, loss: 'binary_cross_entropy' });
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      "three_species.csv has 4 features (sepal_length, sepal_width, petal_length, petal_width), model 'planar' takes 2",
    ]);
  });
});
