import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '@nnc/compiler/testing';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../data/csv.js';
import { openCsvStream } from '../data/csv-stream.js';
import type { ExampleStream } from '../data/example-stream.js';
import { loadNpy } from '../data/npy.js';
import { openNpyStream } from '../data/npy-stream.js';
import { createReferenceModel } from '../reference/reference-model.js';
import { parseParametersFile } from './parameters-file.js';
import { runStreamedTraining } from './stream-training.js';

const FLOWER = fileURLToPath(new URL('../../../../examples/data/planar_flower.csv', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../data/fixtures/${name}`, import.meta.url));

/** Every block of the stream, concatenated back into (nx, m) and (ny, m). */
function gather(stream: ExampleStream, size: number, from = 0) {
  const m = stream.m - from;
  const X = new Float64Array(stream.nx * m);
  const Y = new Float64Array(stream.ny * m);
  for (const block of stream.blocks(size, from)) {
    const at = block.first - from;
    for (let i = 0; i < stream.nx; i++) X.set(block.X.subarray(i * block.m, (i + 1) * block.m), i * m + at);
    for (let i = 0; i < stream.ny; i++) Y.set(block.Y.subarray(i * block.m, (i + 1) * block.m), i * m + at);
  }
  return { X: Array.from(X), Y: Array.from(Y) };
}

describe('streamed data sets', () => {
  it('give, block by block from any example, exactly what the loaders give at once (CSV)', () => {
    const whole = loadCsv(FLOWER);
    const opened = openCsvStream(FLOWER, {});
    if (!whole.ok || !opened.ok) throw new Error('flower data');
    const { stream } = opened;
    expect([stream.m, stream.nx, stream.ny, stream.featureNames, stream.labelName]).toEqual([400, 2, 1, ['x1', 'x2'], 'y']);
    expect(gather(stream, 7)).toEqual({ X: Array.from(whole.dataset.X), Y: Array.from(whole.dataset.Y) });
    const tail = gather(stream, 50, 390);
    expect(tail.Y).toEqual(Array.from(whole.dataset.Y.subarray(390)));
  });

  it('give what loadNpy gives, for C and Fortran order and one-hot classes', () => {
    for (const [x, y, loss] of [
      ['x-f8-c.npy', 'y-1d-i8.npy', 'binary_cross_entropy'],
      ['x-f4-fortran.npy', 'y-2d-f8.npy', 'binary_cross_entropy'],
      ['x-f8-c.npy', 'y-classes-u.npy', 'categorical_cross_entropy'],
    ] as const) {
      const whole = loadNpy(fixture(x), fixture(y), { loss });
      const opened = openNpyStream(fixture(x), fixture(y), { loss });
      if (!whole.ok || !opened.ok) throw new Error(`${x} ${y}`);
      expect([opened.stream.classes, gather(opened.stream, 2)]).toEqual([whole.dataset.classes, { X: Array.from(whole.dataset.X), Y: Array.from(whole.dataset.Y) }]);
      opened.stream.close();
    }
  });

  it('report every problem of the file in the first pass, as loadCsv does', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nnc-stream-')), 'bad.csv');
    writeFileSync(path, 'x1,x2,y\n1,2,0\n1,abc,1\n4,5\n7,8,2\n');
    const opened = openCsvStream(path, {});
    expect(opened).toEqual({ ok: false, errors: (loadCsv(path) as { errors: string[] }).errors });
    expect(opened.ok === false && opened.errors).toHaveLength(3);
  });
});

describe('runStreamedTraining', () => {
  const model = () =>
    createReferenceModel(
      buildModel({
        sizes: [2, 4, 1],
        activations: ['tanh', 'sigmoid'],
        init: { kind: 'normal', scale: 0.5 },
        seed: 2,
        optimizer: { kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        training: { batchSize: 16 },
      }),
    );
  const opened = openCsvStream(FLOWER, { standardize: true });
  if (!opened.ok) throw new Error('flower data');
  const { stream } = opened;
  // 400 examples: 25 batches per epoch, blocks of 3 batches (48 examples, the last one 16).
  const common = { stream, batchSize: 16, shuffleSeed: 4, reportEvery: 10, loss: 'binary_cross_entropy' as const, l2: 0, standardization: stream.standardization, blockBatches: 3 };

  it('learns the flower data over several epochs, reporting mean batch costs', async () => {
    const run = await runStreamedTraining({ ...common, model: model(), iterations: 250 });
    expect(run.status).toBe('completed');
    expect(run.iterations).toBe(250);
    expect(run.reports.map((r) => r.iteration)).toEqual(Array.from({ length: 25 }, (_, k) => 10 * (k + 1)));
    expect(run.reports.at(-1)!.epoch).toBe(9);
    expect(run.reports.at(-1)!.cost).toBeLessThan(run.reports[0].cost);
    expect(run.evaluation!.accuracy).toBeGreaterThan(0.8);
  });

  it('resumes from a checkpoint (mid-block, mid-epoch) to exactly the parameters of an uninterrupted run', async () => {
    const uninterrupted = model();
    await runStreamedTraining({ ...common, model: uninterrupted, iterations: 100 });
    const path = join(mkdtempSync(join(tmpdir(), 'nnc-stream-')), 'checkpoint.json');
    const first = model();
    const partial = await runStreamedTraining({ ...common, model: first, iterations: 37, checkpoint: { path, every: 37 } });
    expect(partial.checkpoint?.iteration).toBe(37);
    const saved = parseParametersFile(readFileSync(path, 'utf8'), path, [2, 4, 1]);
    if (!saved.ok) throw new Error(saved.errors.join('\n'));
    const resumed = model();
    resumed.setParameters(saved.parameters.layers);
    resumed.setOptimizerState(saved.parameters.optimizerState!);
    await runStreamedTraining({ ...common, model: resumed, iterations: 63 });
    expect(resumed.getParameters()).toEqual(uninterrupted.getParameters());
    expect(resumed.getOptimizerState()).toEqual(uninterrupted.getOptimizerState());
  });
});
