/**
 * `nnc train` on awkward input: a holdout that would leave no examples, resuming from weights of
 * another optimizer, and the class list surviving checkpoints and resumes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-train-edge-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const LOGISTIC = (optimizer: string) => `model tiny {
  input 2
  dense 1 sigmoid
  loss binary_cross_entropy
  init zeros
  optimizer ${optimizer}
  train iterations 20 report_every 10
}
`;

describe('nnc train on awkward input', () => {
  it('refuses a holdout that leaves no examples on one side, without a stack trace', async () => {
    const model = file('tiny.nn', LOGISTIC('gradient_descent(learning_rate: 0.1)'));
    const data = file('two.csv', 'a,b,y\n1,2,0\n3,4,1\n');
    for (const fraction of ['0.2', '0.9']) {
      const run = await runCli(['train', model, '--data', data, '--holdout', fraction]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^nnc: --holdout ${fraction} leaves [0-2] examples for training and [0-2] held out of the 2 in .*two\\.csv; both need at least one\\n$`));
    }
  });

  it('resumes weights saved by another optimizer with a fresh optimizer and a warning', async () => {
    const data = repoPath('examples/data/planar_flower.csv');
    const weights = join(dir, 'gd.json');
    const gd = file('gd.nn', LOGISTIC('gradient_descent(learning_rate: 0.1)'));
    expect((await runCli(['train', gd, '--data', data, '--save', weights])).code).toBe(0);
    const adam = file('adam.nn', LOGISTIC('adam(learning_rate: 0.01)'));
    const run = await runCli(['train', adam, '--data', data, '--resume', weights]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`nnc: warning: ${weights} holds the state of another optimizer (no moments); adam starts afresh from the saved weights\n`);
    expect(run.stdout).toMatch(/^trained 20 iterations in /m);
    // the weights were used: the first cost is gradient descent's last one, not ln 2 of zero weights
    const saved = JSON.parse(readFileSync(weights, 'utf8')) as { training: { cost: number } };
    const first = Number(/^iteration\s+0\s+cost (\S+)$/m.exec(run.stdout)?.[1]);
    expect(first).toBeCloseTo(saved.training.cost, 6);
    expect(first).not.toBeCloseTo(Math.LN2, 3);
  });

  it('keeps the class list in checkpoints and in the class order of a resumed run', async () => {
    const model = repoPath('examples/softmax.nn');
    const data = repoPath('examples/data/three_species.csv');
    const checkpoint = join(dir, 'species-checkpoint.json');
    const first = await runCli(['train', model, '--data', data, '--iterations', '30', '--checkpoint', checkpoint, '--checkpoint-every', '15']);
    expect(first.code).toBe(0);
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as { labels: unknown; optimizerState: { step: number } };
    expect(saved.labels).toEqual({ name: 'species', classes: ['setosa', 'versicolor', 'virginica'] });
    expect(saved.optimizerState.step).toBe(30);

    // The same data with the rows' classes renamed: resuming must not silently re-map the outputs.
    const renamed = file('renamed.csv', readFileSync(data, 'utf8').replaceAll('setosa', 'alpha'));
    const resumed = await runCli(['train', model, '--data', renamed, '--iterations', '15', '--resume', checkpoint]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/'alpha'.*setosa, versicolor, virginica/);
  });
});
