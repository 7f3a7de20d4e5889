import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activation, Initializer, Layer, ModelIR, Optimizer, Training } from '@nnc/model/ir';
import { parseModel } from './parse-model.js';
import { printModel } from './printer.js';

function parse(text: string): ModelIR {
  const { model, diagnostics } = parseModel(text, 'p.nn');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!model) throw new Error('no model');
  return model;
}

describe('printModel', () => {
  it('prints the flower network canonically', () => {
    const model = parse(`model planar { input 2 dense 4 tanh dense 1 sigmoid loss binary_cross_entropy
      init normal(0.01) seed 2 optimizer gradient_descent(learning_rate: 1.2) train iterations 10000 report_every 1000 }`);
    expect(printModel(model)).toBe(`model planar {
  input 2
  dense 4 tanh
  dense 1 sigmoid
  loss binary_cross_entropy
  init normal(scale: 0.01) seed 2
  optimizer gradient_descent(learning_rate: 1.2)
  train iterations 10000 batch full report_every 1000
  precision f64
}
`);
  });

  it('prints per-layer inits that differ from the most common one, leaky slopes, L2 and mini-batches', () => {
    const model = parse(`model r {
  input 3
  dense 5 leaky_relu(0.2) init he
  dense 4 relu
  dense 3 relu
  dense 1 linear init zeros
  loss mean_squared_error
  init xavier
  optimizer adam(learning_rate: 1e-3)
  regularization l2(0.5)
  train epochs 4 batch 2
}`);
    expect(printModel(model)).toBe(`model r {
  input 3
  dense 5 leaky_relu(slope: 0.2) init he
  dense 4 relu
  dense 3 relu
  dense 1 linear init zeros
  loss mean_squared_error
  init xavier seed 0
  optimizer adam(learning_rate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
  regularization l2(lambda: 0.5)
  train epochs 4 batch 2 shuffle_seed 0 report_every 1
  precision f64
}
`);
  });
});

// ---- print-then-parse gives the same IR, for random valid models ----

const KEYWORDS = new Set(['model', 'input', 'dense', 'loss', 'init', 'seed', 'optimizer', 'regularization', 'train', 'precision', 'iterations', 'epochs', 'batch', 'full', 'shuffle_seed', 'report_every']);
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/).filter((n) => !KEYWORDS.has(n));
// Real values float32 holds (NNC042): 0, or between its smallest normal and its largest number.
const positive = fc.double({ min: 1.1754943508222875e-38, max: 3.4028234663852886e38, noNaN: true });
const unitInterval = fc
  .double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
  .map((v) => v + 0)
  .filter((v) => v === 0 || v >= 1.1754943508222875e-38);
const nonNegative = fc.oneof(fc.constant(0), positive);
const hiddenActivation: fc.Arbitrary<Activation> = fc.oneof(
  fc.constantFrom<Activation>({ kind: 'sigmoid' }, { kind: 'tanh' }, { kind: 'relu' }, { kind: 'linear' }),
  unitInterval.map((slope): Activation => ({ kind: 'leaky_relu', slope })),
);
const nonZeroInit: fc.Arbitrary<Initializer> = fc.oneof(
  fc.constantFrom<Initializer>({ kind: 'he' }, { kind: 'xavier' }),
  positive.map((scale): Initializer => ({ kind: 'normal', scale })),
);
const anyInit = fc.oneof(nonZeroInit, fc.constant<Initializer>({ kind: 'zeros' }));
const optimizer: fc.Arbitrary<Optimizer> = fc.oneof(
  positive.map((learningRate): Optimizer => ({ kind: 'gradient_descent', learningRate })),
  fc.tuple(positive, unitInterval).map(([learningRate, beta]): Optimizer => ({ kind: 'momentum', learningRate, beta })),
  fc
    .tuple(positive, unitInterval, unitInterval, positive)
    .map(([learningRate, beta1, beta2, epsilon]): Optimizer => ({ kind: 'adam', learningRate, beta1, beta2, epsilon })),
);
const count = fc.integer({ min: 1, max: 1_000_000 });
const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const training: fc.Arbitrary<Training> = fc
  .record({ byEpochs: fc.boolean(), length: count, batchSize: fc.option(count), shuffleSeed: seed, reportEvery: count })
  .map((t) => ({
    iterations: t.byEpochs ? null : t.length,
    epochs: t.byEpochs ? t.length : null,
    batchSize: t.batchSize,
    shuffleSeed: t.shuffleSeed,
    reportEvery: t.reportEvery,
  }));
const hiddenLayer = fc.record({ units: fc.integer({ min: 1, max: 300 }), activation: hiddenActivation, init: nonZeroInit });
const output = fc.oneof(
  anyInit.map((init) => ({ loss: 'binary_cross_entropy' as const, units: 1, activation: { kind: 'sigmoid' } as Activation, init })),
  fc.tuple(fc.integer({ min: 2, max: 50 }), anyInit).map(([units, init]) => ({
    loss: 'categorical_cross_entropy' as const,
    units,
    activation: { kind: 'softmax' } as Activation,
    init,
  })),
  fc.tuple(fc.integer({ min: 1, max: 50 }), fc.oneof(hiddenActivation, fc.constant<Activation>({ kind: 'softmax' })), anyInit).map(
    ([units, activation, init]) => ({ loss: 'mean_squared_error' as const, units, activation, init }),
  ),
);

/** A model IR without spans and source: what must survive printing and parsing. */
type Meaning = Omit<ModelIR, 'span' | 'statementSpans' | 'source' | 'layers'> & { layers: Omit<Layer, 'span'>[] };

const meaning: fc.Arbitrary<Meaning> = fc
  .record({
    name,
    inputSize: fc.integer({ min: 1, max: 100_000 }),
    hidden: fc.array(hiddenLayer, { maxLength: 4 }),
    output,
    seed,
    optimizer,
    l2: nonNegative,
    training,
    precision: fc.constantFrom('f32' as const, 'f64' as const),
  })
  .map((r) => ({
    name: r.name,
    inputSize: r.inputSize,
    layers: [...r.hidden, r.output].map((l, i) => ({ index: i + 1, units: l.units, activation: l.activation, init: l.init })),
    loss: r.output.loss,
    seed: r.seed,
    optimizer: r.optimizer,
    l2: r.l2,
    training: r.training,
    precision: r.precision,
  }));

function meaningOf(model: ModelIR): Meaning {
  const { span: _span, statementSpans: _statements, source: _source, layers, ...rest } = model;
  return { ...rest, layers: layers.map(({ span: _s, ...layer }) => layer) };
}

function asModel(m: Meaning): ModelIR {
  const span = { file: 'g.nn', startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return { ...m, layers: m.layers.map((l) => ({ ...l, span })), source: { file: 'g.nn', sha256: '', text: '' }, span, statementSpans: { loss: span, optimizer: span } };
}

describe('print then parse', () => {
  it('gives back the same model for random valid models', () => {
    fc.assert(
      fc.property(meaning, (m) => {
        const text = printModel(asModel(m));
        const parsed = parse(text);
        expect(meaningOf(parsed)).toEqual(m);
        expect(printModel(parsed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
