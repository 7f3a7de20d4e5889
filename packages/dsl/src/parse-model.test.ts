import { describe, expect, it } from 'vitest';
import type { ModelIR } from '@nnc/model/ir';
import { parseModel } from './parse-model.js';

/** Parses and insists on a clean result. */
function valid(text: string): ModelIR {
  const { model, diagnostics } = parseModel(text, 'test.nn');
  expect(diagnostics).toEqual([]);
  if (model === null) throw new Error('no model');
  return model;
}

const MINIMAL = `model m {
  input 3
  dense 1 sigmoid
  loss binary_cross_entropy
  optimizer gradient_descent(learning_rate: 0.1)
}
`;

describe('parseModel: the flower network', () => {
  const text = `# the shallow network of the flower example
model planar {
  input 2
  dense 4 tanh
  dense 1 sigmoid
  loss binary_cross_entropy
  init normal(0.01) seed 2
  optimizer gradient_descent(learning_rate: 1.2)
  train iterations 10000 report_every 1000
}
`;
  const model = valid(text);

  it('fills every field of the IR', () => {
    expect(model.name).toBe('planar');
    expect(model.inputSize).toBe(2);
    expect(model.layers.map((l) => [l.index, l.units, l.activation, l.init])).toEqual([
      [1, 4, { kind: 'tanh' }, { kind: 'normal', scale: 0.01 }],
      [2, 1, { kind: 'sigmoid' }, { kind: 'normal', scale: 0.01 }],
    ]);
    expect(model.loss).toBe('binary_cross_entropy');
    expect(model.seed).toBe(2);
    expect(model.optimizer).toEqual({ kind: 'gradient_descent', learningRate: 1.2 });
    expect(model.l2).toBe(0);
    expect(model.training).toEqual({ iterations: 10000, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 1000 });
    expect(model.precision).toBe('f64');
  });

  it('records the source with its SHA-256 (computed with Python hashlib)', () => {
    expect(model.source).toEqual({
      file: 'test.nn',
      text,
      sha256: '940ba55d9c0e1e44bc5e71f588072f381c6304455e12c32720a532afc8d43304',
    });
  });

  it('keeps the span of every layer and of the model', () => {
    const [first, second] = model.layers;
    expect(first.span).toEqual({ file: 'test.nn', startOffset: 71, endOffset: 83, startLine: 4, startColumn: 3, endLine: 4, endColumn: 15 });
    expect(text.slice(first.span.startOffset, first.span.endOffset)).toBe('dense 4 tanh');
    expect(text.slice(second.span.startOffset, second.span.endOffset)).toBe('dense 1 sigmoid');
    expect(model.span.startLine).toBe(2);
    expect(model.span.endLine).toBe(10);
    expect(text.slice(model.span.startOffset, model.span.endOffset)).toBe(text.slice(text.indexOf('model'), text.lastIndexOf('}') + 1));
    const { loss, optimizer } = model.statementSpans;
    expect(text.slice(loss.startOffset, loss.endOffset)).toBe('loss binary_cross_entropy');
    expect(text.slice(optimizer.startOffset, optimizer.endOffset)).toBe('optimizer gradient_descent(learning_rate: 1.2)');
  });
});

describe('parseModel: defaults', () => {
  it('fills init xavier, seed 0, no L2, 1000 full-batch iterations reported every 100, f64', () => {
    const model = valid(MINIMAL);
    expect(model.layers[0].init).toEqual({ kind: 'xavier' });
    expect(model.seed).toBe(0);
    expect(model.l2).toBe(0);
    expect(model.training).toEqual({ iterations: 1000, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 100 });
    expect(model.precision).toBe('f64');
    expect(model.source.sha256).toBe('1742f87a29356091b40d3ae7513aff29b1833334868bf669390b43f9f72a23b7');
  });

  it('reports every max(1, round(total / 10))', () => {
    const with_ = (train: string) => valid(MINIMAL.replace('}\n', `  train ${train}\n}\n`)).training.reportEvery;
    expect(with_('iterations 25')).toBe(3); // round(2.5) = 3
    expect(with_('iterations 4')).toBe(1); // round(0.4) = 0 -> 1
    expect(with_('epochs 150')).toBe(15);
    expect(with_('batch 32')).toBe(100); // iterations default 1000
  });
});

describe('parseModel: every construct', () => {
  const model = valid(`model everything {  # a comment after code
  seed 7
  precision f32
  train epochs 30 batch 64 shuffle_seed 5 report_every 3
  regularization l2(lambda: 0.7)
  optimizer adam(learning_rate: 0.001, beta1: 0.8, beta2: 0.99, epsilon: 1e-7)
  init normal(scale: 0.05)
  input 12288
  dense 20 relu init he
  dense 7 leaky_relu
  dense 6 leaky_relu(0.2) init xavier
  dense 5 leaky_relu(slope: 0.3) init normal(0.5)
  dense 4 linear
  dense 3 tanh init he
  dense 2 softmax init zeros
  loss categorical_cross_entropy
}`);

  it('reads layers in order with their activations and per-layer inits', () => {
    expect(model.inputSize).toBe(12288);
    expect(model.layers.map((l) => [l.index, l.units, l.activation, l.init])).toEqual([
      [1, 20, { kind: 'relu' }, { kind: 'he' }],
      [2, 7, { kind: 'leaky_relu', slope: 0.01 }, { kind: 'normal', scale: 0.05 }],
      [3, 6, { kind: 'leaky_relu', slope: 0.2 }, { kind: 'xavier' }],
      [4, 5, { kind: 'leaky_relu', slope: 0.3 }, { kind: 'normal', scale: 0.5 }],
      [5, 4, { kind: 'linear' }, { kind: 'normal', scale: 0.05 }],
      [6, 3, { kind: 'tanh' }, { kind: 'he' }],
      [7, 2, { kind: 'softmax' }, { kind: 'zeros' }],
    ]);
  });

  it('reads the settings in any order', () => {
    expect(model.seed).toBe(7);
    expect(model.precision).toBe('f32');
    expect(model.l2).toBe(0.7);
    expect(model.loss).toBe('categorical_cross_entropy');
    expect(model.optimizer).toEqual({ kind: 'adam', learningRate: 0.001, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 });
    expect(model.training).toEqual({ iterations: null, epochs: 30, batchSize: 64, shuffleSeed: 5, reportEvery: 3 });
  });

  it('fills optimizer defaults', () => {
    const opt = (o: string) => valid(MINIMAL.replace('gradient_descent(learning_rate: 0.1)', o)).optimizer;
    expect(opt('momentum(learning_rate: 0.1)')).toEqual({ kind: 'momentum', learningRate: 0.1, beta: 0.9 });
    expect(opt('momentum(0.2, 0.5)')).toEqual({ kind: 'momentum', learningRate: 0.2, beta: 0.5 });
    expect(opt('adam(learning_rate: 3e-4)')).toEqual({ kind: 'adam', learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(opt('gradient_descent(learning_rate: 1.5E+1)')).toEqual({ kind: 'gradient_descent', learningRate: 15 });
    expect(opt('gradient_descent(.5)')).toEqual({ kind: 'gradient_descent', learningRate: 0.5 });
  });

  it('takes a positional l2, a lone seed after init, mean squared error with a sigmoid output, batch full', () => {
    const model2 = valid(`model r { input 1 dense 1 sigmoid loss mean_squared_error init he
      seed 3 regularization l2(0.25) optimizer gradient_descent(learning_rate: 1) train batch full iterations 10 }`);
    expect(model2.l2).toBe(0.25);
    expect(model2.seed).toBe(3);
    expect(model2.loss).toBe('mean_squared_error');
    expect(model2.layers[0].init).toEqual({ kind: 'he' });
    expect(model2.training).toEqual({ iterations: 10, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 1 });
  });

  it('lets zeros initialise the output layer and a softmax output be trained with mean squared error', () => {
    const m = valid(`model z {
  input 2
  dense 3 relu init he
  dense 2 softmax
  init zeros
  loss mean_squared_error
  optimizer gradient_descent(learning_rate: 0.1)
}`);
    expect(m.layers.map((l) => l.init.kind)).toEqual(['he', 'zeros']);
  });

  it('keeps a model with warnings only', () => {
    const { model: m, diagnostics } = parseModel(MINIMAL.replace('}\n', '  train shuffle_seed 1\n}\n'), 'w.nn');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['NNC060', 'warning']]);
    expect(m?.training.shuffleSeed).toBe(1);
  });
});
