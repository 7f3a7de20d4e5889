/**
 * What every model API does with a whole parameters file as `nnc train --save` writes it
 * (parameters.ts): `loadWeights` checks all of it before using any of it, the
 * data methods standardise raw features with its mean and std, and `predict` names the classes
 * with its class list. One text for every backend: the reference interpreter and the WebGPU
 * runtime import these functions, and every generated module carries them pasted verbatim
 * (without `export`, like api-checks.ts), so they use only the types a generated module declares
 * and the functions of api-checks.ts (Prediction, what `predict` returns, is in model-api.ts).
 */
import type { OptimizerState, ParametersFile, Standardization } from './parameters.js';
import { checkLayers, checkOptimizerState, checkVector, describeValue, type SlotShape } from './api-checks.js';
import type { FloatArray } from './model-api.js';

/**
 * Checks a whole parameters file for a model named `name` with `sizes` (input size, then each
 * layer's units) and the optimizer moment buffers `slots`: format and version, layers,
 * standardisation, optimizer state, labels and feature names. Throws a RangeError naming the
 * field; a file of another model says whose it is first.
 */
export function checkParametersFile(file: ParametersFile, name: string, sizes: readonly number[], slots: readonly SlotShape[]): void {
  const given: unknown = file;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new RangeError(`the weights must be a parameters file (an object with "format": "nnc-parameters", as nnc train --save writes it), got ${describeValue(given)}`);
  }
  const fields = given as Record<string, unknown>;
  if (fields.format !== 'nnc-parameters') throw new RangeError(`the weights' "format" must be "nnc-parameters", got ${describeValue(fields.format)}`);
  if (fields.version !== 1) throw new RangeError(`the weights' "version" must be 1, got ${describeValue(fields.version)}`);
  try {
    checkLayers(fields.layers as ParametersFile['layers'], sizes);
  } catch (error) {
    if (!(error instanceof RangeError) || typeof fields.model !== 'string' || fields.model === name) throw error;
    throw new RangeError(`these weights are for model '${fields.model}', not '${name}' (${sizes.join('-')}): ${error.message}`);
  }
  const standardization = fields.standardization;
  if (standardization !== null && standardization !== undefined) {
    if (typeof standardization !== 'object') throw new RangeError(`standardization must be null or { mean, std }, got ${describeValue(standardization)}`);
    const { mean, std } = standardization as Record<string, unknown>;
    checkVector(mean, sizes[0], 'standardization.mean');
    checkVector(std, sizes[0], 'standardization.std');
    (std as number[]).forEach((value, i) => {
      if (value <= 0) throw new RangeError(`standardization.std entry ${i} is ${value}; it must be positive`);
    });
  }
  const state = fields.optimizerState;
  if (state !== null && state !== undefined) checkOptimizerState(state as OptimizerState, slots);
  const labels = fields.labels;
  if (labels !== null && labels !== undefined) {
    if (typeof labels !== 'object') throw new RangeError(`labels must be null or { name, classes }, got ${describeValue(labels)}`);
    const { name: column, classes } = labels as Record<string, unknown>;
    if (typeof column !== 'string') throw new RangeError(`labels.name must be the label column's name, got ${describeValue(column)}`);
    const outputs = sizes[sizes.length - 1];
    // One name per output row, or for a single sigmoid output the names of classes 0 and 1.
    if (classes !== null && classes !== undefined) checkNames(classes, outputs === 1 && Array.isArray(classes) && classes.length === 2 ? 2 : outputs, 'labels.classes');
  }
  const features = fields.features;
  if (features !== null && features !== undefined) checkNames(features, sizes[0], 'features');
}

/** `value` is `count` distinct strings. */
export function checkNames(value: unknown, count: number, name: string): void {
  if (!Array.isArray(value) || value.length !== count) throw new RangeError(`${name} must be an array of ${count} names, got ${describeValue(value)}`);
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const entry: unknown = value[i];
    if (typeof entry !== 'string') throw new RangeError(`${name} entry ${i} must be a string, got ${describeValue(entry)}`);
    if (seen.has(entry)) throw new RangeError(`${name} names '${entry}' twice`);
    seen.add(entry);
  }
}

/** (X - mean) / std feature by feature, in double precision (as nnc train and nnc predict do); a fresh array. */
export function standardizeExamples(X: FloatArray, m: number, standardization: Standardization): Float64Array {
  const { mean, std } = standardization;
  const out = new Float64Array(X.length);
  for (let i = 0; i < mean.length; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = (X[i * m + j] - mean[i]) / std[i];
  }
  return out;
}

/** The class of each of the m examples of A[L] (see Prediction), as `nnc predict` gives them. */
export function classesOf(A: FloatArray, m: number, loss: string, classes: readonly string[] | null): string[] | null {
  const rows = A.length / m;
  if (loss === 'binary_cross_entropy' && rows === 1) {
    const [no, yes] = classes !== null && classes.length === 2 ? classes : ['0', '1'];
    return Array.from({ length: m }, (_, j) => (A[j] > 0.5 ? yes : no));
  }
  if (loss !== 'categorical_cross_entropy') return null;
  const result: string[] = [];
  for (let j = 0; j < m; j++) {
    let best = 0;
    for (let i = 1; i < rows; i++) if (A[i * m + j] > A[best * m + j]) best = i;
    result.push(classes !== null ? classes[best] : String(best));
  }
  return result;
}
