/**
 * Data files that used to be misread silently (issue 12, findings 4 and 10), through the CLI:
 * duplicate header names, features in another column order at prediction time, non-decimal
 * numbers, numbers beyond float64 and a byte-order mark.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-data-'));
const model = repoPath('examples/planar.nn');
const weights = join(dir, 'w.json');
const rows = readFileSync(repoPath('examples/data/planar_flower.csv'), 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
/** The flower data with its columns in `order` (indexes into x1, x2, y) and header `names`. */
function flower(name: string, order: number[], names = order.map((k) => rows[0][k])): string {
  const path = join(dir, name);
  writeFileSync(path, [names, ...rows.slice(1).map((row) => order.map((k) => row[k]))].map((row) => row.join(',')).join('\n'));
  return path;
}
const accuracy = (stdout: string) => /accuracy ([\d.]+)%/.exec(stdout)?.[1];

beforeAll(async () => {
  expect((await runCli(['train', model, '--data', repoPath('examples/data/planar_flower.csv'), '--iterations', '3000', '--save', weights])).code).toBe(0);
});

describe('data that was misread', () => {
  it('refuses a header naming the label twice instead of feeding the label in as a feature', async () => {
    const duplicate = flower('dup.csv', [0, 2, 2], ['x1', 'y', 'y']);
    const run = await runCli(['train', model, '--data', duplicate, '--label', 'y']);
    expect(run.stderr).toBe(`nnc: ${duplicate}:1: the header names column 'y' twice (columns 2 and 3)\n`);
    expect(run.code).toBe(1);
  });

  it('matches features by the names saved with the weights, in whatever order the columns come', async () => {
    expect((JSON.parse(readFileSync(weights, 'utf8')) as { features: string[] }).features).toEqual(['x1', 'x2']);
    const same = await runCli(['evaluate', model, '--weights', weights, '--data', flower('same.csv', [0, 1, 2])]);
    const swapped = await runCli(['evaluate', model, '--weights', weights, '--data', flower('swapped.csv', [2, 1, 0])]);
    expect(swapped.stderr).toBe('');
    expect(swapped.code).toBe(0);
    expect(accuracy(swapped.stdout)).toBe(accuracy(same.stdout));
    expect(Number(accuracy(same.stdout))).toBeGreaterThan(85);
    const predicted = await runCli(['predict', model, '--weights', weights, '--data', flower('swapped-x.csv', [1, 0])]);
    const expected = await runCli(['predict', model, '--weights', weights, '--data', flower('same-x.csv', [0, 1])]);
    expect(predicted.stdout).toBe(expected.stdout);
  });

  it('says which feature the data lacks', async () => {
    const missing = flower('missing.csv', [0, 2]);
    const run = await runCli(['evaluate', model, '--weights', weights, '--data', missing]);
    expect(run.stderr).toBe(`nnc: ${missing}:1: no column 'x2'; the columns are x1, y\nnnc: ${weights} was trained on the features x1, x2 (matched by name)\n`);
    expect(run.code).toBe(1);
  });

  it('refuses hexadecimal and out-of-range numbers, and reads a file with a byte-order mark', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x1,x2,y\n0x10,1,0\n1e400,2,1\n');
    const run = await runCli(['evaluate', model, '--weights', weights, '--data', bad]);
    expect(run.stderr).toBe(
      `nnc: ${bad}:2: column 'x1' is '0x10', expected a decimal number (no hexadecimal, binary, octal or Infinity)\n` +
        `nnc: ${bad}:3: column 'x1' is '1e400', beyond the range of float64 numbers (about ±1.8e308)\n`,
    );
    const bom = join(dir, 'bom.csv');
    writeFileSync(bom, `\uFEFF${readFileSync(repoPath('examples/data/planar_flower.csv'), 'utf8')}`);
    const withBom = await runCli(['evaluate', model, '--weights', weights, '--data', bom]);
    expect(withBom.code).toBe(0);
  });
});
