/**
 * Broken weights files and checkpoints through the CLI (issue 12, findings 3, 5 and 7): each is
 * refused before training starts, with a message naming the file and the field, exit 1, and no
 * output written (before: a hang at full CPU on a step of "abc", stack traces, and NaN weights
 * saved with exit 0 from a negative Adam second moment).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-weights-'));
const model = join(dir, 'adam.nn');
const data = join(dir, 'flower.csv');
const checkpoint = join(dir, 'checkpoint.json');

beforeAll(async () => {
  writeFileSync(model, readFileSync(repoPath('examples/planar.nn'), 'utf8').replace(/optimizer .*/, 'optimizer adam(learning_rate: 0.01)'));
  copyFileSync(repoPath('examples/data/planar_flower.csv'), data);
  expect((await runCli(['train', model, '--data', data, '--iterations', '3', '--checkpoint', checkpoint])).code).toBe(0);
});

type Json = Record<string, unknown> & { optimizerState: { step: unknown; slots: Record<string, unknown> } };

/** The checkpoint changed by `change`, written to its own file. */
function broken(name: string, change: (file: Json) => void): string {
  const file = JSON.parse(readFileSync(checkpoint, 'utf8')) as Json;
  change(file);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(file));
  return path;
}

describe('broken checkpoints and weights', () => {
  it.each([
    ['step-abc', (f: Json) => (f.optimizerState.step = 'abc'), 'optimizerState.step must be an integer of at least 0, got the string "abc"'],
    ['step-text', (f: Json) => (f.optimizerState.step = '10'), 'optimizerState.step must be an integer of at least 0, got the string "10"'],
    ['step-huge', (f: Json) => (f.optimizerState.step = 1e20), 'optimizerState.step must be an integer of at least 0, got 100000000000000000000'],
    ['step-negative', (f: Json) => (f.optimizerState.step = -5), 'optimizerState.step must be an integer of at least 0, got -5'],
    ['step-fraction', (f: Json) => (f.optimizerState.step = 1.5), 'optimizerState.step must be an integer of at least 0, got 1.5'],
    ['negative-moment', (f: Json) => ((f.optimizerState.slots.sW1 as number[][])[0][0] = -1), 'optimizerState.slots.sW1 row 0 entry 0 is -1; it must not be negative'],
    ['slot-shape', (f: Json) => (f.optimizerState.slots.vW2 = [[1, 2]]), 'optimizerState.slots.vW2 row 0 must be an array of 4 numbers, got an array of 2'],
    ['no-slots', (f: Json) => delete (f.optimizerState as Record<string, unknown>).slots, 'optimizerState.slots must be an object of moment buffers ({} for gradient descent)'],
    ['no-sha', (f: Json) => delete f.sourceSha256, '"sourceSha256" must be the sha256 of the model source (a string)'],
  ])('--resume %s is refused before training, naming the field', async (name, change, problem) => {
    const path = broken(name, change);
    const saved = join(dir, `${name}-saved.json`);
    const run = await runCli(['train', model, '--data', data, '--resume', path, '--save', saved]);
    expect(run.stderr).toBe(`nnc: ${path}: ${problem}\n`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(existsSync(saved)).toBe(false);
  });

  it('predict, evaluate, export and gradcheck refuse the same files', async () => {
    const path = broken('no-sha-2', (f) => delete f.sourceSha256);
    const problem = `nnc: ${path}: "sourceSha256" must be the sha256 of the model source (a string)\n`;
    for (const args of [
      ['predict', model, '--weights', path, '--data', data],
      ['evaluate', model, '--weights', path, '--data', data],
      ['export', model, '--weights', path, '-o', join(dir, 'x.onnx')],
      ['gradcheck', model, '--weights', path, '--data', data],
    ]) {
      const run = await runCli(args);
      expect.soft(run.stderr, args[0]).toBe(problem);
      expect.soft(run.code, args[0]).toBe(1);
    }
  });
});
