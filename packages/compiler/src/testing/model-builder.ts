/**
 * Builds ModelIR values by hand for tests (no parser needed): `buildModel({ sizes: [2, 4, 1],
 * activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' })` with every other field
 * defaulted like the language does.
 *
 * Defaults: the loss follows the output activation (sigmoid: binary cross-entropy, softmax:
 * categorical cross-entropy, otherwise mean squared error), init normal(0.01) for every layer
 * (`layerInits[i]` overrides it for layer i + 1), seed 1, gradient descent with learning rate 0.1,
 * 100 full-batch iterations reported every 10, no L2, f64, name 'model'. A plain 'leaky_relu'
 * gets slope 0.01.
 */
import { createHash } from 'node:crypto';
import type { Activation, Initializer, ModelIR, Optimizer, Precision, Span, Training } from '@nnc/dsl/ir';
import type { LossKind } from '@nnc/dsl/ir';

export interface ModelSpec {
  readonly name?: string;
  readonly sizes: readonly number[];
  readonly activations: readonly (Activation['kind'] | Activation)[];
  readonly loss?: LossKind;
  readonly init?: Initializer;
  /** Per-layer initializers (index 0 is layer 1); an absent entry falls back to `init`. */
  readonly layerInits?: readonly (Initializer | undefined)[];
  readonly seed?: number;
  readonly optimizer?: Optimizer;
  readonly l2?: number;
  readonly training?: Partial<Training>;
  readonly precision?: Precision;
  readonly file?: string;
}

export function testSpan(file: string, line: number, column = 1, length = 10): Span {
  return {
    file,
    startOffset: 0,
    endOffset: length,
    startLine: line,
    startColumn: column,
    endLine: line,
    endColumn: column + length,
  };
}

export function buildModel(spec: ModelSpec): ModelIR {
  const file = spec.file ?? `${spec.name ?? 'model'}.nn`;
  const text = `# hand-built ${JSON.stringify(spec)}\n`;
  const init = spec.init ?? { kind: 'normal', scale: 0.01 };
  const layers = spec.sizes.slice(1).map((units, i) => {
    const a = spec.activations[i];
    const activation: Activation = typeof a === 'string' ? (a === 'leaky_relu' ? { kind: a, slope: 0.01 } : { kind: a }) : a;
    return { index: i + 1, units, activation, init: spec.layerInits?.[i] ?? init, span: testSpan(file, 3 + i, 3) };
  });
  return {
    name: spec.name ?? 'model',
    inputSize: spec.sizes[0],
    layers,
    loss: spec.loss ?? defaultLoss(layers[layers.length - 1]?.activation.kind),
    seed: spec.seed ?? 1,
    optimizer: spec.optimizer ?? { kind: 'gradient_descent', learningRate: 0.1 },
    l2: spec.l2 ?? 0,
    training: {
      iterations: 100,
      epochs: null,
      batchSize: null,
      shuffleSeed: 0,
      reportEvery: 10,
      ...spec.training,
    },
    precision: spec.precision ?? 'f64',
    source: { file, sha256: createHash('sha256').update(text).digest('hex'), text },
    span: testSpan(file, 1),
    statementSpans: { loss: testSpan(file, 2), optimizer: testSpan(file, 2) },
  };
}

/** The loss a test most likely means for an output activation. */
function defaultLoss(output: Activation['kind'] | undefined): LossKind {
  if (output === 'sigmoid') return 'binary_cross_entropy';
  if (output === 'softmax') return 'categorical_cross_entropy';
  return 'mean_squared_error';
}
