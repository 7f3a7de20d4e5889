/**
 * Builds ModelIR values by hand for tests (no parser needed): `buildModel({ sizes: [2, 4, 1],
 * activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' })` with every other field
 * defaulted like the language does.
 */
import { createHash } from 'node:crypto';
import type { Activation, Initializer, ModelIR, Optimizer, Precision, Span, Training } from '@nnc/dsl/ir';
import type { LossKind } from '@nnc/dsl/ir';

export interface ModelSpec {
  readonly name?: string;
  readonly sizes: readonly number[];
  readonly activations: readonly (Activation['kind'] | Activation)[];
  readonly loss: LossKind;
  readonly init?: Initializer;
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
  return {
    name: spec.name ?? 'model',
    inputSize: spec.sizes[0],
    layers: spec.sizes.slice(1).map((units, i) => {
      const a = spec.activations[i];
      const activation: Activation = typeof a === 'string' ? (a === 'leaky_relu' ? { kind: a, slope: 0.01 } : { kind: a }) : a;
      return { index: i + 1, units, activation, init, span: testSpan(file, 3 + i, 3) };
    }),
    loss: spec.loss,
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
  };
}
