/**
 * examples/softmax.nn (4-8-3, softmax, categorical cross-entropy, Adam, mini-batches of 16,
 * 200 epochs) on the synthetic iris-like three_species.csv, end to end through the CLI: string
 * classes one-hot encoded, the class list saved with the weights and reused by `evaluate` (confusion
 * matrix labelled with the names) and `predict` (one probability column per class).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const CLASSES = ['setosa', 'versicolor', 'virginica'];

// The generated TypeScript and the reference interpreter print the same numbers to six decimals.
describe.each(['cpu', 'reference'])('nnc train examples/softmax.nn on three_species.csv (backend %s)', (backend) => {
  it('learns the three species, saves the class list and predicts class names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-softmax-'));
    const weights = join(dir, 'weights.json');
    const data = repoPath('examples/data/three_species.csv');
    const model = repoPath('examples/softmax.nn');
    const run = await runCli(['train', model, '--data', data, '--standardize', '--holdout', '0.2', '--save', weights, '--backend', backend]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`240 examples, 60 held out, backend ${backend} \\([^)]+\\), f64`));
    // 240 / 16 = 15 batches per epoch, a report every 20 epochs = 300 iterations; each report is
    // the cost on the whole training set
    // the held-out cost and accuracy follow on each report line (Keras' val_loss, val_accuracy)
    const reports = [...run.stdout.matchAll(/^iteration\s+(\d+)\s+epoch\s+(\d+)\s+cost (\S+)  holdout cost (\S+)  accuracy ([\d.]+)%$/gm)];
    expect(reports.map((m) => [Number(m[1]), Number(m[2])])).toEqual(Array.from({ length: 10 }, (_, k) => [300 * k, 20 * k]));
    const costs = reports.map((m) => Number(m[3]));
    // uniform guessing costs ln 3 = 1.0986; He-initialised logits of order 1 cost more (measured 1.701509)
    expect(costs[0]).toBeGreaterThan(1);
    expect(costs[0]).toBeLessThan(2.5);
    expect(Math.max(...costs.slice(1))).toBeLessThan(costs[0] / 5);
    expect(run.stdout).toMatch(/^trained 3000 iterations in /m); // 200 epochs * 15 batches
    const final = Number(/final cost (\S+)$/m.exec(run.stdout)?.[1]);
    expect(final).toBeLessThan(costs[0] / 20); // measured 0.024951
    // Fisher's iris is about 97% separable; this sample overlaps a little less: measured 98.33%
    // (one virginica of 60 taken for versicolor). 55 of 60 right is the bar.
    const holdout = /^holdout cost \S+, accuracy ([\d.]+)%$/m.exec(run.stdout);
    expect(Number(holdout?.[1])).toBeGreaterThanOrEqual(91.5);
    expect(Number(holdout?.[1])).toBeLessThan(100.001);
    // and the exact numbers measured (both backends): a change in Adam, the batch schedule or the
    // split shows here first
    expect([reports[0][3], holdout?.[1]]).toEqual(['1.701509', '98.33']);
    // the first report's held-out figures: the initial model guesses (measured 1.600953, 18.33%)
    expect([reports[0][4], reports[0][5]]).toEqual(['1.600953', '18.33']);
    expect(Number(reports[9][5])).toBeGreaterThanOrEqual(91.5);

    const saved = JSON.parse(readFileSync(weights, 'utf8')) as {
      labels: { name: string; classes: string[] };
      standardization: { mean: number[] };
    };
    expect(saved.labels).toEqual({ name: 'species', classes: CLASSES });
    expect(saved.standardization.mean).toHaveLength(4);

    const evaluation = await runCli(['evaluate', model, '--weights', weights, '--data', data, '--backend', backend]);
    expect(evaluation.stderr).toBe('');
    expect(evaluation.code).toBe(0);
    const accuracy = Number(/accuracy ([\d.]+)%/.exec(evaluation.stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(95); // measured 98.67% on all 300 (4 errors)
    const matrix = evaluation.stdout.trim().split('\n').slice(-4);
    expect(matrix[0].trim().split(/\s+/)).toEqual(['actual', '\\', 'predicted', ...CLASSES]);
    const counts = matrix.slice(1).map((line) => line.trim().split(/\s+/));
    expect(counts.map((row) => row[0])).toEqual(CLASSES);
    const cells = counts.map((row) => row.slice(1).map(Number));
    cells.forEach((row) => expect(row.reduce((a, b) => a + b)).toBe(100)); // 100 flowers of each species
    expect(cells[0]).toEqual([100, 0, 0]); // setosa stands apart
    expect((cells[0][0] + cells[1][1] + cells[2][2]) / 3).toBeCloseTo(accuracy, 1);

    // predict on the training file itself: the saved label column is left out of the features
    const predictions = await runCli(['predict', model, '--weights', weights, '--data', data, '--backend', backend]);
    expect(predictions.stderr).toBe('');
    expect(predictions.code).toBe(0);
    const rows = predictions.stdout.trim().split('\n');
    expect(rows[0]).toBe('p_setosa,p_versicolor,p_virginica,class');
    expect(rows).toHaveLength(301);
    const actual = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[4]);
    let right = 0;
    rows.slice(1).forEach((row, j) => {
      const cells = row.split(',');
      const p = cells.slice(0, 3).map(Number);
      expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      expect(cells[3]).toBe(CLASSES[p.indexOf(Math.max(...p))]);
      if (cells[3] === actual[j]) right++;
    });
    expect(((right / 300) * 100).toFixed(2)).toBe(accuracy.toFixed(2));

    // features only: the same probabilities; the features are matched by name, so a label column
    // (even with a class the weights do not know) is a column prediction does not read
    const lines = readFileSync(data, 'utf8').trim().split('\n').slice(0, 3);
    const features = join(dir, 'features.csv');
    writeFileSync(features, `${lines.map((line) => line.split(',').slice(0, 4).join(',')).join('\n')}\n`);
    const unlabelled = await runCli(['predict', model, '--weights', weights, '--data', features, '--backend', backend]);
    expect(unlabelled.code).toBe(0);
    expect(unlabelled.stdout).toBe(`${rows.slice(0, 3).join('\n')}\n`);
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, `${lines[0]}\n${lines[1].replace(/[a-z]+$/, 'rose')}\n`);
    const ignored = await runCli(['predict', model, '--weights', weights, '--data', unknown, '--backend', backend]);
    expect(ignored.stderr).toBe('');
    expect(ignored.stdout).toBe(`${rows[0]}\n${rows[1]}\n`);
    const evaluated = await runCli(['evaluate', model, '--weights', weights, '--data', unknown]);
    expect(evaluated.code).toBe(1);
    expect(evaluated.stderr).toBe(`nnc: ${unknown}:2: label 'species' is 'rose', not one of the classes setosa, versicolor, virginica\n`);
  });
});

describe('nnc train examples/softmax.nn on the wrong data', () => {
  it('refuses breast_cancer.csv (30 features) with one line naming the file and both sizes', async () => {
    const data = repoPath('examples/data/breast_cancer.csv');
    const run = await runCli(['train', repoPath('examples/softmax.nn'), '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `nnc: ${data} has 30 features (mean_radius, mean_texture, mean_perimeter, ..., worst_fractal_dimension), ` +
        "model 'iris' takes 4\n",
    );
  });
});
