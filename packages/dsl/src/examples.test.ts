// The example models of examples/ parse to the models they describe, and every invalid example
// prints exactly its .expected file.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from './diagnostic-codes.js';
import { formatReport } from './diagnostics.js';
import { layerSizes, parameterCount, type ModelIR } from '@nnc/model/ir';
import { parseModel } from './parse-model.js';

const EXAMPLES = new URL('../../../examples/', import.meta.url);

function read(name: string): string {
  return readFileSync(new URL(name, EXAMPLES), 'utf8');
}

function example(name: string): ModelIR {
  const { model, diagnostics } = parseModel(read(name), `examples/${name}`);
  expect(diagnostics).toEqual([]);
  if (!model) throw new Error(`${name} did not parse`);
  return model;
}

describe('valid examples', () => {
  it('logistic.nn: one sigmoid unit on the 2 flower features', () => {
    const model = example('logistic.nn');
    expect(layerSizes(model)).toEqual([2, 1]);
    expect(model.layers[0].activation).toEqual({ kind: 'sigmoid' });
    expect(parameterCount(model)).toBe(3);
  });

  it('planar.nn: the flower network, 2-4-1 tanh/sigmoid, normal(0.01) seed 2, lr 1.2', () => {
    const model = example('planar.nn');
    expect(layerSizes(model)).toEqual([2, 4, 1]);
    expect(model.layers.map((l) => l.activation.kind)).toEqual(['tanh', 'sigmoid']);
    expect(model.layers.map((l) => l.init)).toEqual([
      { kind: 'normal', scale: 0.01 },
      { kind: 'normal', scale: 0.01 },
    ]);
    expect(model.seed).toBe(2);
    expect(model.optimizer).toEqual({ kind: 'gradient_descent', learningRate: 1.2 });
    expect(model.training).toEqual({ iterations: 10000, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 1000 });
  });

  it('deep-cat.nn: 12288-20-7-5-1, relu then sigmoid, xavier_course seed 1, lr 0.0075, 2500 iterations', () => {
    const model = example('deep-cat.nn');
    expect(layerSizes(model)).toEqual([12288, 20, 7, 5, 1]);
    expect(model.layers.map((l) => l.activation.kind)).toEqual(['relu', 'relu', 'relu', 'sigmoid']);
    expect(model.layers.every((l) => l.init.kind === 'xavier_course')).toBe(true);
    expect(model.seed).toBe(1);
    expect(model.optimizer).toEqual({ kind: 'gradient_descent', learningRate: 0.0075 });
    expect(model.training.iterations).toBe(2500);
    expect(model.training.reportEvery).toBe(100);
    // 20*12289 + 7*21 + 5*8 + 1*6, as in the course
    expect(parameterCount(model)).toBe(245973);
  });

  it('logistic-cat.nn and two-layer-cat.nn: the course\'s week 2 and week 4 cat models', () => {
    const logistic = example('logistic-cat.nn');
    expect(layerSizes(logistic)).toEqual([12288, 1]);
    expect([logistic.layers[0].init, logistic.optimizer, logistic.training.iterations]).toEqual([
      { kind: 'zeros' },
      { kind: 'gradient_descent', learningRate: 0.005 },
      2000,
    ]);
    const twoLayer = example('two-layer-cat.nn');
    expect(layerSizes(twoLayer)).toEqual([12288, 7, 1]);
    expect(twoLayer.layers.map((l) => [l.activation.kind, l.init])).toEqual([
      ['relu', { kind: 'normal', scale: 0.01 }],
      ['sigmoid', { kind: 'normal', scale: 0.01 }],
    ]);
    expect([twoLayer.seed, twoLayer.optimizer.learningRate, twoLayer.training.iterations]).toEqual([1, 0.0075, 2500]);
  });

  it('softmax.nn: 4-8-3 softmax, categorical cross-entropy, adam, mini-batches', () => {
    const model = example('softmax.nn');
    expect(layerSizes(model)).toEqual([4, 8, 3]);
    expect(model.loss).toBe('categorical_cross_entropy');
    expect(model.optimizer.kind).toBe('adam');
    expect(model.training).toEqual({ iterations: null, epochs: 200, batchSize: 16, shuffleSeed: 7, reportEvery: 20 });
  });

  it('regression.nn: linear output, mean squared error, momentum, L2', () => {
    const model = example('regression.nn');
    expect(model.layers.at(-1)?.activation).toEqual({ kind: 'linear' });
    expect(model.loss).toBe('mean_squared_error');
    expect(model.optimizer).toEqual({ kind: 'momentum', learningRate: 0.01, beta: 0.9 });
    expect(model.l2).toBe(0.1);
  });

  it('breast-cancer.nn: 30-16-8-1, He seed 1, lr 0.1, 1000 iterations, f32', () => {
    const model = example('breast-cancer.nn');
    expect(layerSizes(model)).toEqual([30, 16, 8, 1]);
    expect(model.layers.map((l) => l.activation.kind)).toEqual(['relu', 'relu', 'sigmoid']);
    expect(model.layers.every((l) => l.init.kind === 'he')).toBe(true);
    expect(model.seed).toBe(1);
    expect(model.optimizer).toEqual({ kind: 'gradient_descent', learningRate: 0.1 });
    expect(model.training).toEqual({ iterations: 1000, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 100 });
    expect(model.precision).toBe('f32');
  });
});

describe('invalid examples', () => {
  const names = readdirSync(new URL('invalid/', EXAMPLES)).filter((name) => name.endsWith('.nn'));

  it('there are several, each with several mistakes', () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      expect(parseModel(read(`invalid/${name}`), name).diagnostics.length, name).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(names)('%s prints exactly its .expected file', (name) => {
    const text = read(`invalid/${name}`);
    const { model, diagnostics } = parseModel(text, `examples/invalid/${name}`);
    expect(model).toBeNull();
    expect(formatReport(diagnostics, text)).toBe(read(`invalid/${name.replace(/\.nn$/, '.expected')}`));
  });
});

describe('README', () => {
  it('documents every diagnostic code, and no other', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| (NNC\d{3}) \|/gm)].map((match) => match[1]);
    expect(documented).toEqual(Object.keys(DIAGNOSTIC_CODES));
  });
});
