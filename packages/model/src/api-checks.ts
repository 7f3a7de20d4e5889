/**
 * The checks that every model API applies to what it is given, before it touches any state:
 * data (X, Y) of the right size holding finite numbers, labels in the range of the loss, integer
 * counts, and whole parameter sets and optimizer states (so that setParameters and
 * setOptimizerState are all-or-nothing: nothing is written unless everything is valid).
 *
 * One text for every backend: the reference interpreter and the WebGPU runtime import these
 * functions, and every generated TypeScript module carries them pasted verbatim, without
 * `export` (api-checks-source.ts), since generated code imports nothing. So they use only the
 * types a generated module declares itself (FloatArray, LayerParameters, OptimizerState, and
 * SlotShape below) and each other. Every problem is a RangeError naming the argument and the
 * place in it.
 */
import type { LayerParameters, OptimizerState } from './parameters.js';
import type { FloatArray } from './model-api.js';

/** One optimizer moment buffer: `cols` null for a vector (a bias's moment). */
export interface SlotShape {
  readonly name: string;
  readonly rows: number;
  readonly cols: number | null;
  /** Adam's second moments, means of squares, are never negative. */
  readonly nonNegative: boolean;
}

/** A short description of a value for messages (never the whole of a large or nested one). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? `an array of ${value.length}` : `a ${typeof value}`;
}

/** `value` when it is an integer of at least `min` (iterations, reportEvery, m, a step count). */
export function checkCount(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer of at least ${min}, got ${describeValue(value)}`);
  }
  return value;
}

/** A (rows, m) matrix, row-major, of finite numbers: X, or Y before its range is checked. */
export function checkExamples(data: FloatArray, rows: number, m: number, name: string): void {
  checkCount(m, 'm', 1);
  if (typeof data !== 'object' || data === null || typeof data.length !== 'number') {
    throw new RangeError(`${name} must be a Float64Array or Float32Array of ${rows} x ${m} numbers, got ${describeValue(data)}`);
  }
  if (data.length !== rows * m) throw new RangeError(`${name} must hold ${rows} x ${m} numbers, got ${data.length}`);
  if ((data instanceof Float64Array || data instanceof Float32Array) && allFinite(data)) return;
  // Another kind of array, or one that holds a bad value: find the first one and name it.
  for (let k = 0; k < data.length; k++) {
    const value: unknown = data[k];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${name} row ${Math.floor(k / m)}, example ${k % m} is ${describeValue(value)}; ${name} must hold finite numbers`);
    }
  }
}

/**
 * Whether a typed array holds finite numbers only: x * 0 is 0 for every finite x and NaN for NaN
 * and the infinities, so four sums of such zeros, with no branch per element, are 0 exactly when
 * every element is finite (twice as fast as a test per element; X is checked on every step).
 */
function allFinite(data: Float64Array | Float32Array): boolean {
  const n = data.length;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += data[k] * 0;
    s1 += data[k + 1] * 0;
    s2 += data[k + 2] * 0;
    s3 += data[k + 3] * 0;
  }
  for (; k < n; k++) s0 += data[k] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/**
 * Y for `loss`: finite numbers; for the cross-entropies between 0 and 1, and for categorical
 * cross-entropy columns that sum to 1 (one-hot, or class probabilities).
 */
export function checkLabels(Y: FloatArray, rows: number, m: number, loss: string): void {
  checkExamples(Y, rows, m, 'Y');
  if (loss === 'mean_squared_error') return;
  for (let k = 0; k < Y.length; k++) {
    if (Y[k] < 0 || Y[k] > 1) {
      throw new RangeError(`Y row ${Math.floor(k / m)}, example ${k % m} is ${Y[k]}; ${loss} needs labels between 0 and 1`);
    }
  }
  if (loss !== 'categorical_cross_entropy') return;
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += Y[i * m + j];
    if (Math.abs(sum - 1) > 1e-6) {
      throw new RangeError(`the labels of example ${j} sum to ${sum}; categorical_cross_entropy needs columns of Y that sum to 1 (one-hot)`);
    }
  }
}

/** `value` is `n` finite numbers (not negative with `nonNegative`). */
export function checkVector(value: unknown, n: number, name: string, nonNegative = false): void {
  if (!Array.isArray(value) || value.length !== n) throw new RangeError(`${name} must be an array of ${n} numbers, got ${describeValue(value)}`);
  for (let i = 0; i < n; i++) {
    const entry: unknown = value[i];
    if (typeof entry !== 'number' || !Number.isFinite(entry)) throw new RangeError(`${name} entry ${i} must be a finite number, got ${describeValue(entry)}`);
    if (nonNegative && entry < 0) throw new RangeError(`${name} entry ${i} is ${entry}; it must not be negative`);
  }
}

/** `value` is `rows` arrays of `cols` finite numbers. */
export function checkMatrix(value: unknown, rows: number, cols: number, name: string, nonNegative = false): void {
  if (!Array.isArray(value) || value.length !== rows) throw new RangeError(`${name} must be ${rows} rows of ${cols} numbers, got ${describeValue(value)}`);
  for (let r = 0; r < rows; r++) checkVector(value[r], cols, `${name} row ${r}`, nonNegative);
}

/** Parameters for a network of `sizes` (input size, then each layer's units), all of them valid. */
export function checkLayers(layers: readonly LayerParameters[], sizes: readonly number[]): void {
  const count = sizes.length - 1;
  if (!Array.isArray(layers) || layers.length !== count) throw new RangeError(`expected parameters for ${count} layers, got ${describeValue(layers)}`);
  for (let i = 0; i < count; i++) {
    const layer: unknown = layers[i];
    if (typeof layer !== 'object' || layer === null) throw new RangeError(`layers[${i}] must be an object with W and b, got ${describeValue(layer)}`);
    const { W, b } = layer as Record<string, unknown>;
    checkMatrix(W, sizes[i + 1], sizes[i], `layers[${i}].W`);
    checkVector(b, sizes[i + 1], `layers[${i}].b`);
  }
}

/** An optimizer state with exactly the moment buffers `slots`, each valid, and an integer step count. */
export function checkOptimizerState(state: OptimizerState, slots: readonly SlotShape[]): void {
  if (typeof state !== 'object' || state === null) throw new RangeError(`the optimizer state must be an object, got ${describeValue(state)}`);
  checkCount(state.step, 'the optimizer state step', 0);
  const given: unknown = state.slots;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new RangeError(`the optimizer state slots must be an object, got ${describeValue(given)}`);
  }
  const names = slots.map((slot) => slot.name);
  for (const name of Object.keys(given)) {
    if (!names.includes(name)) {
      throw new RangeError(`the optimizer state has a slot '${name}' that this optimizer does not use (it uses ${[...names].sort().join(', ') || 'none'})`);
    }
  }
  for (const slot of slots) {
    const value: unknown = (given as Record<string, unknown>)[slot.name];
    if (value === undefined) throw new RangeError(`the optimizer state lacks slot '${slot.name}'`);
    if (slot.cols === null) checkVector(value, slot.rows, `slot ${slot.name}`, slot.nonNegative);
    else checkMatrix(value, slot.rows, slot.cols, `slot ${slot.name}`, slot.nonNegative);
  }
}
