/**
 * examples/regression.nn (8-16-8-1, linear output, mean squared error, momentum, L2, batches of
 * 64) on the synthetic house_prices.csv, end to end through the CLI: standardised features (the
 * target stays in units of $100,000), RMSE on a held-out fifth, and `evaluate` and `predict`
 * reusing the saved standardisation.
 *
 * Reference numbers for the same holdout (np.random.seed(0); permutation(500)[:100], numpy):
 * predicting the training mean gives RMSE 1.181 (the target's std is 1.173), a linear
 * least-squares fit on the standardised features 0.548, and the generator's noise is 0.25, so no
 * model can expect much below that.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const TARGET_STD = 1.173;
const LINEAR_HOLDOUT_RMSE = 0.548;
const NOISE = 0.25;

// The generated TypeScript and the reference interpreter print the same numbers to six decimals.
describe.each(['cpu', 'reference'])('nnc train examples/regression.nn on house_prices.csv (backend %s)', (backend) => {
  it('beats a linear fit on the holdout and predicts with the saved standardisation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-regression-'));
    const weights = join(dir, 'weights.json');
    const data = repoPath('examples/data/house_prices.csv');
    const model = repoPath('examples/regression.nn');
    const run = await runCli(['train', model, '--data', data, '--standardize', '--holdout', '0.2', '--save', weights, '--backend', backend]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`400 examples, 100 held out, backend ${backend} \\([^)]+\\), f64`));
    // with --holdout each report carries the held-out cost and RMSE
    const reports = [...run.stdout.matchAll(/^iteration\s+(\d+)\s+cost (\S+)  holdout cost (\S+)  rmse (\S+)$/gm)];
    expect(reports.map((m) => Number(m[1]))).toEqual(Array.from({ length: 10 }, (_, k) => 300 * k));
    const costs = reports.map((m) => Number(m[2]));
    // cost = MSE / 2 (+ L2): an untrained net outputs about 0, so the first cost is near
    // E[price^2] / 2 = (4.13^2 + 1.17^2) / 2 = 9.2 (measured 9.144744 on the 400 training examples)
    expect(costs[0]).toBeGreaterThan(6);
    expect(costs[0]).toBeLessThan(14);
    expect(Math.max(...costs.slice(1))).toBeLessThan(costs[0] / 20);
    // the held-out RMSE is that of the held-out cost: cost = MSE / 2 without the L2 term
    for (const report of reports) expect(Number(report[4]) ** 2).toBeCloseTo(2 * Number(report[3]), 4);
    const final = Number(/final cost (\S+)$/m.exec(run.stdout)?.[1]);
    expect(final).toBeLessThan(costs[0] / 50); // measured 0.075901

    const training = /^training cost (\S+) \(without the L2 term\), rmse (\S+)$/m.exec(run.stdout);
    expect(Number(training?.[2]) ** 2).toBeCloseTo(2 * Number(training?.[1]), 5); // measured rmse 0.376159
    const holdout = /^holdout cost (\S+) \(without the L2 term\), rmse (\S+)$/m.exec(run.stdout);
    const rmse = Number(holdout?.[2]); // measured 0.434637
    expect(rmse ** 2).toBeCloseTo(2 * Number(holdout?.[1]), 5);
    expect(rmse).toBeLessThan(LINEAR_HOLDOUT_RMSE - 0.05);
    expect(rmse).toBeLessThan(0.45 * TARGET_STD);
    expect(rmse).toBeGreaterThan(0.8 * NOISE);
    // and the exact numbers measured (both backends): a change in momentum, L2, the batch schedule
    // or the split shows here first
    expect([reports[0][2], holdout?.[2]]).toEqual(['9.144744', '0.434637']);

    const saved = JSON.parse(readFileSync(weights, 'utf8')) as {
      labels: { name: string; classes: null };
      standardization: { mean: number[]; std: number[] };
    };
    expect(saved.labels).toEqual({ name: 'price', classes: null });
    expect(saved.standardization.mean).toHaveLength(8);
    expect(saved.standardization.std[4]).toBeGreaterThan(100); // lot_m2 is in the hundreds

    const evaluation = await runCli(['evaluate', model, '--weights', weights, '--data', data, '--backend', backend]);
    expect(evaluation.stderr).toBe('');
    expect(evaluation.code).toBe(0);
    const overall = Number(/rmse (\S+)$/m.exec(evaluation.stdout)?.[1]); // measured 0.388559
    expect(overall).toBeGreaterThan(Number(training?.[2]));
    expect(overall).toBeLessThan(rmse);

    // predict on the raw training file: the price column is left out, the output is in $100,000
    const predictions = await runCli(['predict', model, '--weights', weights, '--data', data, '--backend', backend]);
    expect(predictions.stderr).toBe('');
    expect(predictions.code).toBe(0);
    const rows = predictions.stdout.trim().split('\n');
    expect(rows[0]).toBe('output');
    expect(rows).toHaveLength(501);
    const prices = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[8]));
    const outputs = rows.slice(1).map(Number);
    const squared = outputs.reduce((sum, y, j) => sum + (y - prices[j]) ** 2, 0);
    expect(Math.sqrt(squared / 500)).toBeCloseTo(overall, 5);
  });
});
