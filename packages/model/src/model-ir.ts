/**
 * The model IR: what a checked `.nn` file means, with every default filled in.
 *
 * This is the contract between the language (@nnc/dsl) and everything downstream: the
 * compiler lowers it into the op graph, the runtimes' reference interpreter executes it directly,
 * the ONNX exporter writes it out. It holds no parser types. Every node keeps the source span it
 * came from so that later stages can point at the user's line.
 *
 * Notation follows the course: layer l (1-based) has W[l] of shape (units[l], units[l-1]) and
 * b[l] of shape (units[l], 1); units[0] is the input size.
 */

/** A half-open range in a source file; lines and columns are 1-based, offsets 0-based. */
export interface Span {
  readonly file: string;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'] as const;
export type ActivationKind = (typeof ACTIVATIONS)[number];

export const LOSSES = ['binary_cross_entropy', 'mean_squared_error', 'categorical_cross_entropy'] as const;
export type LossKind = (typeof LOSSES)[number];

export const INITIALIZERS = ['normal', 'he', 'xavier', 'xavier_course', 'zeros'] as const;
export type InitKind = (typeof INITIALIZERS)[number];

export const OPTIMIZERS = ['gradient_descent', 'momentum', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export const PRECISIONS = ['f32', 'f64'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** g(z) of one layer. `slope` is only present for leaky_relu (default 0.01). */
export type Activation =
  | { readonly kind: 'sigmoid' | 'tanh' | 'relu' | 'linear' | 'softmax' }
  | { readonly kind: 'leaky_relu'; readonly slope: number };

/**
 * How W[l] is drawn. All schemes draw from one seeded stream (numpy's legacy MT19937 + polar
 * Gaussian) in layer order: W[l] = randn(units[l], units[l-1]) * factor, biases are zero.
 *   normal(scale): factor = scale
 *   he:            factor = sqrt(2 / units[l-1])
 *   xavier:        factor = sqrt(1 / units[l-1])
 *   xavier_course: W[l] = randn(units[l], units[l-1]) / sqrt(units[l-1]), divided, not multiplied:
 *                  the course's deep notebook (`np.random.randn(n, n_prev) / np.sqrt(n_prev)`) bit
 *                  for bit; xavier's `* sqrt(1 / n_prev)` differs from it in the last bit for some draws
 *   zeros:         W = 0 and nothing is drawn (only allowed on the output layer)
 */
export type Initializer =
  | { readonly kind: 'normal'; readonly scale: number }
  | { readonly kind: 'he' | 'xavier' | 'xavier_course' | 'zeros' };

export interface Layer {
  /** 1-based layer number l, as in W[l]. */
  readonly index: number;
  readonly units: number;
  readonly activation: Activation;
  /** The model-wide init unless the layer overrides it. */
  readonly init: Initializer;
  readonly span: Span;
}

/**
 * Update rules (course conventions), with t the 1-based step count:
 *   gradient_descent: W -= lr * dW
 *   momentum:         v = beta * v + (1 - beta) * dW;  W -= lr * v
 *   adam:             v = beta1 v + (1-beta1) dW; s = beta2 s + (1-beta2) dW^2;
 *                     W -= lr * (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon)
 */
export type Optimizer =
  | { readonly kind: 'gradient_descent'; readonly learningRate: number }
  | { readonly kind: 'momentum'; readonly learningRate: number; readonly beta: number }
  | {
      readonly kind: 'adam';
      readonly learningRate: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
    };

/**
 * How training runs. One "iteration" is one optimizer step on one batch.
 * `batchSize: null` is full batch. With mini-batches the examples are shuffled at the start of
 * every epoch with a permutation drawn from MT19937 seeded with `shuffleSeed` (numpy's
 * `np.random.seed(shuffleSeed + epoch); np.random.permutation(m)`), the last batch may be smaller.
 * Exactly one of `iterations` / `epochs` is set; `reportEvery` counts in that same unit.
 */
export interface Training {
  readonly iterations: number | null;
  readonly epochs: number | null;
  readonly batchSize: number | null;
  readonly shuffleSeed: number;
  readonly reportEvery: number;
}

export interface ModelIR {
  readonly name: string;
  readonly inputSize: number;
  readonly layers: readonly Layer[];
  readonly loss: LossKind;
  /** Seed of the initialisation stream (np.random.seed). */
  readonly seed: number;
  readonly optimizer: Optimizer;
  /**
   * L2 regularisation strength lambda (0 = none). Cost adds (lambda / (2 m)) * sum ||W[l]||_F^2,
   * dW[l] gains (lambda / m) * W[l]; m is the number of examples in the batch. Biases are not
   * regularised.
   */
  readonly l2: number;
  readonly training: Training;
  readonly precision: Precision;
  /** Where the model came from: file name and a SHA-256 (hex) of its source text. */
  readonly source: { readonly file: string; readonly sha256: string; readonly text: string };
  /** The `model NAME { ... }` block. */
  readonly span: Span;
  /**
   * The `loss` and `optimizer` statements, so that the cost's and the update's equations point at
   * the line that asked for them.
   */
  readonly statementSpans: { readonly loss: Span; readonly optimizer: Span };
}

/** units[0..L]: the input size followed by every layer's units. */
export function layerSizes(model: ModelIR): number[] {
  return [model.inputSize, ...model.layers.map((layer) => layer.units)];
}

/** Number of trainable scalars: sum over layers of units[l] * (units[l-1] + 1). */
export function parameterCount(model: ModelIR): number {
  const sizes = layerSizes(model);
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
  return count;
}

/**
 * How the initialiser scales the randn draws of a layer with `fanIn` inputs: each draw is
 * multiplied by `by` or divided by it (xavier_course, to compute the notebook's expression exactly).
 */
export interface InitScale {
  readonly op: 'multiply' | 'divide';
  readonly by: number;
}

export function initScale(init: Initializer, fanIn: number): InitScale {
  switch (init.kind) {
    case 'normal':
      return { op: 'multiply', by: init.scale };
    case 'he':
      return { op: 'multiply', by: Math.sqrt(2 / fanIn) };
    case 'xavier':
      return { op: 'multiply', by: Math.sqrt(1 / fanIn) };
    case 'xavier_course':
      return { op: 'divide', by: Math.sqrt(fanIn) };
    case 'zeros':
      return { op: 'multiply', by: 0 };
  }
}

/** One initial weight from one randn draw. */
export function scaleDraw(draw: number, scale: InitScale): number {
  return scale.op === 'divide' ? draw / scale.by : draw * scale.by;
}
