/**
 * Builds `ModelIR` values by hand for tests, with every field the parser would fill in, so that
 * runtime and compiler tests need not depend on the `.nn` parser.
 *
 *   makeModel({ inputSize: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] })
 *
 * Defaults: the loss follows the output activation (sigmoid: binary cross-entropy, softmax:
 * categorical cross-entropy, otherwise mean squared error), init normal(0.01), seed 1, gradient
 * descent with learning rate 0.01, 1000 full-batch iterations reported every 100, no L2, f64.
 */
import type {
  Activation,
  ActivationKind,
  Initializer,
  Layer,
  LossKind,
  ModelIR,
  Optimizer,
  Precision,
  Span,
  Training,
} from '@nnc/dsl/ir';

export interface LayerSpec {
  readonly units: number;
  /** A kind, or `{ kind: 'leaky_relu', slope }`; plain 'leaky_relu' gets slope 0.01. */
  readonly activation: ActivationKind | Activation;
  readonly init?: Initializer;
}

export interface MakeModelOptions {
  readonly name?: string;
  readonly inputSize: number;
  readonly layers: readonly LayerSpec[];
  readonly loss?: LossKind;
  readonly init?: Initializer;
  readonly seed?: number;
  readonly optimizer?: Optimizer;
  readonly l2?: number;
  readonly training?: Partial<Training>;
  readonly precision?: Precision;
}

const TEST_SPAN: Span = {
  file: '<test>.nn',
  startOffset: 0,
  endOffset: 0,
  startLine: 1,
  startColumn: 1,
  endLine: 1,
  endColumn: 1,
};

export function makeModel(options: MakeModelOptions): ModelIR {
  const init = options.init ?? { kind: 'normal', scale: 0.01 };
  const layers: Layer[] = options.layers.map((spec, i) => ({
    index: i + 1,
    units: spec.units,
    activation: toActivation(spec.activation),
    init: spec.init ?? init,
    span: TEST_SPAN,
  }));
  const output = layers[layers.length - 1]?.activation.kind;
  const loss: LossKind =
    options.loss ??
    (output === 'sigmoid' ? 'binary_cross_entropy' : output === 'softmax' ? 'categorical_cross_entropy' : 'mean_squared_error');
  const training: Training = {
    iterations: 1000,
    epochs: null,
    batchSize: null,
    shuffleSeed: 0,
    reportEvery: 100,
    ...options.training,
  };
  return {
    name: options.name ?? 'test_model',
    inputSize: options.inputSize,
    layers,
    loss,
    seed: options.seed ?? 1,
    optimizer: options.optimizer ?? { kind: 'gradient_descent', learningRate: 0.01 },
    l2: options.l2 ?? 0,
    training,
    precision: options.precision ?? 'f64',
    source: { file: '<test>.nn', sha256: '0'.repeat(64), text: '' },
    span: TEST_SPAN,
  };
}

function toActivation(activation: ActivationKind | Activation): Activation {
  if (typeof activation !== 'string') return activation;
  return activation === 'leaky_relu' ? { kind: 'leaky_relu', slope: 0.01 } : { kind: activation };
}
