/**
 * The course's cat models end to end through the CLI, on HDF5 files in the course's layout made by
 * examples/data/make-cat-like.mjs: week 2's logistic regression and week 4's two-layer and L-layer
 * networks. The expected costs were computed with numpy (python3, numpy 2.4) on the same files,
 * as the notebooks do: X = train_set_x.reshape(m, -1).T / 255., Y = train_set_y.reshape(1, m),
 * their initialisations (zeros; seed 1 and randn * 0.01; seed 1 and randn / sqrt(n[l-1])) and
 * their gradient descent, printed with repr(). So they check the HDF5 reading (flattening order,
 * labels), the scaling and the initialisation together.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-cat-'));
const train = join(dir, 'train_catlike.h5');
const test = join(dir, 'test_catlike.h5');

beforeAll(() => {
  execFileSync(process.execPath, [repoPath('examples/data/make-cat-like.mjs'), dir]);
}, 60_000);

function costs(stdout: string): [number, string][] {
  return [...stdout.matchAll(/^iteration\s+(\d+)\s+cost (\S+)$/gm)].map((m) => [Number(m[1]), m[2]]);
}

describe('the course cat models on cat-like HDF5 data', () => {
  it('week 2: logistic regression follows numpy for 100 iterations; evaluate reads the test file with the saved scale', async () => {
    const weights = join(dir, 'logistic.json');
    const run = await runCli(['train', repoPath('examples/logistic-cat.nn'), '--data', train, '--scale', '255', '--iterations', '100', '--save', weights]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('on train_catlike.h5: 209 examples');
    // numpy: 0.6931471805599453 at 0, 1.0966729994892377 after 50 steps (learning rate 0.005 overshoots
    // at first along the images' mean brightness) and 0.6347226493782834 after 100
    expect(costs(run.stdout)[0]).toEqual([0, '0.693147']);
    expect(Number(/final cost (\S+)/.exec(run.stdout)?.[1])).toBeCloseTo(0.6347226493782834, 6);
    const evaluation = await runCli(['evaluate', repoPath('examples/logistic-cat.nn'), '--weights', weights, '--data', test]);
    expect(evaluation.stderr).toBe('');
    expect(evaluation.stdout).toMatch(/^logistic_cat on .*test_catlike\.h5: 50 examples$/m);
    expect(evaluation.stdout).toMatch(/^evaluation cost [\d.]+, accuracy [\d.]+%$/m);
  }, 180_000);

  it.each([
    ['two-layer-cat.nn', '0.692648'], // numpy 0.692647922856364
    ['deep-cat.nn', '0.776627'], // numpy 0.7766274306726998
  ])('week 4: %s starts at numpy\'s cost', async (file, first) => {
    const run = await runCli(['train', repoPath(`examples/${file}`), '--data', train, '--x', 'train_set_x', '--y', 'train_set_y', '--scale', '255', '--iterations', '1']);
    expect(run.stderr).toBe('');
    expect(costs(run.stdout)[0]).toEqual([0, first]);
  }, 180_000);

  it('names a wrong dataset with the datasets the file holds, and a damaged file, without a stack', async () => {
    const wrong = await runCli(['train', repoPath('examples/deep-cat.nn'), '--data', train, '--x', 'train_x', '--scale', '255']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(
      `nnc: ${train}: no dataset 'train_x' (--x); the file holds: list_classes (2) string, train_set_x (209, 64, 64, 3) uint8, train_set_y (209) int64`,
    );
    const damaged = join(dir, 'damaged.h5');
    writeFileSync(damaged, Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]));
    const broken = await runCli(['train', repoPath('examples/deep-cat.nn'), '--data', damaged]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`^nnc: ${damaged}: cannot read the HDF5 file \\([^\\n]+\\)\\n$`));
    const notH5 = await runCli(['train', repoPath('examples/planar.nn'), '--data', repoPath('examples/data/planar_flower.csv'), '--x', 'X']);
    expect(notH5.stderr.trim()).toContain('--x names a dataset of an HDF5 file, but --data');
  }, 120_000);
});
