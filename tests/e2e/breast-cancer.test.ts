/**
 * Breast cancer data (30 features four orders of magnitude apart), standardised, 30-16-8-1 relu,
 * f32, learning rate 0.1, 1000 iterations: no NaN cost and at least 94% accuracy on a held-out
 * fifth of the rows.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

describe('nnc train examples/breast-cancer.nn', () => {
  it('trains in f32 without NaN and reaches 94% on the holdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-cancer-'));
    const weights = join(dir, 'weights.json');
    const data = repoPath('examples/data/breast_cancer.csv');
    const model = repoPath('examples/breast-cancer.nn');
    const run = await runCli(['train', model, '--data', data, '--label', 'benign', '--standardize', '--holdout', '0.2', '--save', weights]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/455 examples, 114 held out, backend cpu \(wasm simd128[^)]*\), f32/);
    const reports = [...run.stdout.matchAll(/^iteration\s+\d+\s+cost (\S+)  holdout cost (\S+)  accuracy ([\d.]+)%$/gm)];
    const costs = reports.map((m) => Number(m[1]));
    // the held-out cost and accuracy at each report (--holdout): finite, and improving on the first
    for (const report of reports) expect(Number.isFinite(Number(report[2]))).toBe(true);
    expect(Number(reports[9][3])).toBeGreaterThan(Number(reports[0][3]));
    expect(costs).toHaveLength(10); // iterations 0, 100, ..., 900
    expect(costs.every(Number.isFinite)).toBe(true);
    const final = Number(/final cost (\S+)$/m.exec(run.stdout)?.[1]);
    expect(final).toBeLessThan(costs[0] / 5);
    const holdout = Number(/^holdout cost \S+, accuracy ([\d.]+)%$/m.exec(run.stdout)?.[1]);
    expect(holdout).toBeGreaterThanOrEqual(94);

    const saved = JSON.parse(readFileSync(weights, 'utf8')) as { standardization: { mean: number[]; std: number[] } };
    expect(saved.standardization.mean).toHaveLength(30);
    // evaluate reuses the saved standardisation on raw features
    const evaluation = await runCli(['evaluate', model, '--weights', weights, '--data', data, '--label', 'benign']);
    expect(evaluation.code).toBe(0);
    expect(Number(/accuracy ([\d.]+)%/.exec(evaluation.stdout)?.[1])).toBeGreaterThan(94);
  });
});
