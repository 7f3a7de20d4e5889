/**
 * Why examples/logistic.nn reaches 47% on the flower: not the data, the scaling or the learning
 * rate, but the model. Gradient descent reaches the optimum of the logistic loss on this data (the
 * cost of Newton's method run to convergence in numpy, 0.6731461686074701, weights
 * (0.02809, -0.20318), b 0.01556), and at that optimum a straight line classifies 47% of the
 * flower's points correctly: the course's own number for scikit-learn's LogisticRegressionCV.
 */
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

describe('examples/logistic.nn on the flower', () => {
  it('reaches the optimum of the logistic loss, where a line gets 47% of the points', async () => {
    const run = await runCli(['train', repoPath('examples/logistic.nn'), '--data', repoPath('examples/data/planar_flower.csv'), '--label', 'y']);
    expect(run.code).toBe(0);
    expect(Number(/final cost (\S+)/.exec(run.stdout)?.[1])).toBeCloseTo(0.6731461686074701, 6);
    expect(run.stdout).toContain('training cost 0.673146, accuracy 47.00%');
  }, 60_000);
});
