/**
 * The API every compiled model exposes, whatever the backend. The generated TypeScript module
 * (`nnc compile`) exports `createModel(): Model` whose `Model` satisfies `CompiledModel`
 * structurally (it imports nothing); the generated WebGPU wrapper satisfies `CompiledModelAsync`;
 * the reference interpreter in @nnc/runtime-cpu satisfies `CompiledModel` too.
 *
 * Data layout (the course's): X is the (n_x, m) matrix with one example per column, stored
 * row-major in a flat array, so feature i of example j is X[i * m + j]. Y is (n_L, m) the same
 * way: one row of 0/1 labels for binary cross-entropy, one-hot columns for categorical
 * cross-entropy, targets for mean squared error. `fromRows` in @nnc/runtime-cpu converts
 * `number[][]` with one example per row into this layout.
 *
 * Costs: binary_cross_entropy J = -(1/m) sum(Y log A + (1-Y) log(1-A));
 * categorical_cross_entropy J = -(1/m) sum over columns of sum_k Y_k log A_k;
 * mean_squared_error J = (1/(2m)) sum (A - Y)^2 (the course's half-MSE, so dZ = A - Y);
 * plus (lambda/(2m)) sum ||W||^2 with L2. Computed from the logits so that saturated outputs never
 * give NaN or Infinity.
 */
import type { LayerParameters, OptimizerState, ParametersFile } from './parameters.js';

export type FloatArray = Float32Array | Float64Array;

export interface ModelMeta {
  readonly name: string;
  readonly nncVersion: string;
  readonly sourceSha256: string;
  /** units[0..L]: input size, then each layer's units. */
  readonly sizes: readonly number[];
  readonly activations: readonly string[];
  readonly loss: string;
  readonly precision: 'f32' | 'f64';
}

export interface ReportEvent {
  /** Number of optimizer steps taken when the cost was measured (0 = before training). */
  readonly iteration: number;
  /** Cost of the batch just used (full batch: the whole training set) before that step. */
  readonly cost: number;
}

export interface TrainOptions {
  /** Optimizer steps to take; defaults to the model's `train iterations` (or epochs * batches). */
  readonly iterations?: number;
  /** Report the cost every k steps (and at step 0); defaults to the model's `report_every`. */
  readonly reportEvery?: number;
  /** Called at each report; returning `false` stops training after this report. */
  readonly onReport?: (event: ReportEvent) => void | boolean;
}

export interface TrainResult {
  readonly costs: ReportEvent[];
  /** Steps actually taken. */
  readonly iterations: number;
  /** Cost on the training data after the last step. */
  readonly finalCost: number;
}

export interface Gradients {
  /** dW[l-1] is (units[l], units[l-1]) row-major; db[l-1] has units[l] entries. */
  readonly dW: FloatArray[];
  readonly db: FloatArray[];
}

/** What `predict` returns. */
export interface Prediction {
  /** A[L], (n_L, m) row-major: the probabilities of a classifier, the outputs of a regression. */
  readonly probabilities: FloatArray;
  /**
   * The class of each example, named by the weights file's class list where it has one: a
   * sigmoid output above 0.5 is class 1 ('1' or the second name), a softmax the arg-max row.
   * Null for a regression (mean squared error) or a model with several sigmoid outputs.
   */
  readonly classes: string[] | null;
}

export interface CompiledModel {
  readonly meta: ModelMeta;
  /** Draws fresh weights from the numpy-compatible stream seeded with `seed` (default: the model's). */
  initialize(seed?: number): void;
  getParameters(): LayerParameters[];
  setParameters(layers: readonly LayerParameters[]): void;
  getOptimizerState(): OptimizerState;
  setOptimizerState(state: OptimizerState): void;
  /**
   * Loads a whole parameters file as `nnc train --save` writes it (the object JSON.parse gives):
   * checked as a whole first (nothing changes when any of it is wrong), then the layers, the
   * optimizer state (reset when the file has none), the standardisation and the class names.
   * With a standardisation, every method taking X takes raw features and standardises them.
   */
  loadWeights(file: ParametersFile): void;
  /** A[L] for the m examples of X and the class of each (class names where the weights file has them). */
  predict(X: FloatArray, m: number): Prediction;
  /** A[L] for the m examples of X, (n_L, m) row-major (a fresh array). */
  forward(X: FloatArray, m: number): FloatArray;
  cost(X: FloatArray, Y: FloatArray, m: number): number;
  gradients(X: FloatArray, Y: FloatArray, m: number): Gradients;
  /** One optimizer step on this batch; returns the cost before the step. */
  step(X: FloatArray, Y: FloatArray, m: number): number;
  /** Trains on (X, Y) with the model's batching (full batch or seeded mini-batches). */
  train(X: FloatArray, Y: FloatArray, m: number, options?: TrainOptions): TrainResult;
}

type Async<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : T[K] };

/** The WebGPU wrapper's API: the same methods, resolving asynchronously. */
export type CompiledModelAsync = Async<Omit<CompiledModel, 'meta' | 'train'>> & {
  readonly meta: ModelMeta;
  train(
    X: FloatArray,
    Y: FloatArray,
    m: number,
    options?: Omit<TrainOptions, 'onReport'> & { readonly onReport?: (event: ReportEvent) => void | boolean },
  ): Promise<TrainResult>;
  /** Releases GPU buffers now (they are also released when the device is lost or destroyed). */
  dispose(): void;
};
