/**
 * The course's shallow network on the flower data, end to end through the CLI: the published
 * costs at iterations 0..7000 (six decimals), about 90% accuracy, and the saved weights reused
 * by `nnc evaluate` and `nnc predict`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const PUBLISHED = ['0.693048', '0.288083', '0.254385', '0.233864', '0.226792', '0.222644', '0.219731', '0.217504'];

describe.each(['cpu', 'reference'])('nnc train examples/planar.nn (backend %s)', (backend) => {
  it('prints the published costs and reaches about 90% accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-flower-'));
    const weights = join(dir, 'weights.json');
    const data = repoPath('examples/data/planar_flower.csv');
    const run = await runCli(['train', repoPath('examples/planar.nn'), '--data', data, '--label', 'y', '--save', weights, '--backend', backend]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const costs = [...run.stdout.matchAll(/^iteration\s+(\d+)\s+cost (\S+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    expect(costs.slice(0, 8)).toEqual(PUBLISHED.map((cost, k) => [k * 1000, cost]));
    const accuracy = Number(/^training cost \S+, accuracy ([\d.]+)%$/m.exec(run.stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(89);
    expect(accuracy).toBeLessThanOrEqual(92);

    const saved = JSON.parse(readFileSync(weights, 'utf8')) as { training: { iterations: number } };
    expect(saved.training.iterations).toBe(10000);
    const evaluation = await runCli(['evaluate', repoPath('examples/planar.nn'), '--weights', weights, '--data', data, '--label', 'y']);
    expect(evaluation.code).toBe(0);
    expect(evaluation.stdout).toContain(`accuracy ${accuracy.toFixed(2)}%`);
    const predictions = await runCli(['predict', repoPath('examples/planar.nn'), '--weights', weights, '--data', data, '--label', 'y']);
    const rows = predictions.stdout.trim().split('\n');
    expect(rows[0]).toBe('probability,class');
    expect(rows).toHaveLength(401);
  });
});
