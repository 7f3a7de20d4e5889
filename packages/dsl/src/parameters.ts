/**
 * The parameters file: trained weights as JSON, shared by every backend, the CLI's `--save`,
 * checkpoints, and the ONNX exporter. Generated modules read and write exactly this shape.
 *
 * {
 *   "format": "nnc-parameters", "version": 1,
 *   "model": "planar", "sourceSha256": "<hex>",
 *   "layers": [ { "W": [[...n_prev numbers], ...n rows], "b": [...n numbers] }, ... ],
 *   "standardization": { "mean": [...n_x], "std": [...n_x] } | null,
 *   "training": { "iterations": 10000, "cost": 0.2175, "partial": true (optional) } | null,
 *   "optimizerState": { "step": t, "slots": { "vW1": [[...]], ... } } | null,
 *   "labels": { "name": "y", "classes": ["setosa", ...] | null }   (optional)
 *   "features": ["x1", "x2"]   (optional: the input columns by name, matched at prediction)
 * }
 *
 * `training.partial` marks parameters saved by a run that a signal stopped before its total
 * (`nnc train --save` after Ctrl-C): usable, and resumable with `--resume`, but not finished.
 *
 * Standardisation, when present, is applied to raw features before layer 1:
 * x' = (x - mean) / std, feature by feature.
 */

export const PARAMETERS_FORMAT = 'nnc-parameters';
export const PARAMETERS_VERSION = 1;

export interface LayerParameters {
  /** (units[l], units[l-1]) as rows. */
  readonly W: number[][];
  /** units[l] numbers. */
  readonly b: number[];
}

export interface Standardization {
  readonly mean: number[];
  readonly std: number[];
}

export interface OptimizerState {
  /** Number of steps taken so far (Adam's t). */
  readonly step: number;
  /** Named moment buffers, e.g. vW1, vb1, sW1, sb1; matrices as rows, vectors flat. */
  readonly slots: Record<string, number[][] | number[]>;
}

export interface ParametersFile {
  readonly format: typeof PARAMETERS_FORMAT;
  readonly version: typeof PARAMETERS_VERSION;
  readonly model: string;
  readonly sourceSha256: string;
  readonly layers: LayerParameters[];
  readonly standardization: Standardization | null;
  readonly training: { readonly iterations: number; readonly cost: number; readonly partial?: boolean } | null;
  readonly optimizerState: OptimizerState | null;
  /**
   * The label column the model was trained on and, for categorical models, the class of each
   * output row (row k of A[L] is classes[k]), so that predictions can be named. Optional.
   */
  readonly labels?: { readonly name: string; readonly classes: string[] | null } | null;
  /** The names of the input features, in the order of X's rows (CSV header names). Optional. */
  readonly features?: string[] | null;
}

/**
 * Checks that `value` is a parameters file for a network with `sizes` (input size, then units of
 * each layer). Returns a list of problems, each naming the JSON path; empty when valid.
 */
export function validateParameters(value: unknown, sizes: readonly number[]): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['expected a JSON object with "format": "nnc-parameters"'];
  }
  const v = value as Record<string, unknown>;
  if (v.format !== PARAMETERS_FORMAT) problems.push(`"format" must be "${PARAMETERS_FORMAT}"`);
  if (v.version !== PARAMETERS_VERSION) problems.push(`"version" must be ${PARAMETERS_VERSION}`);
  const layers = v.layers;
  if (!Array.isArray(layers)) return [...problems, '"layers" must be an array'];
  if (layers.length !== sizes.length - 1) {
    problems.push(`"layers" has ${layers.length} entries, the model has ${sizes.length - 1} layers`);
    return problems;
  }
  layers.forEach((layer: unknown, i) => {
    const [rows, cols] = [sizes[i + 1], sizes[i]];
    const at = `layers[${i}]`;
    const l = (layer ?? {}) as Record<string, unknown>;
    if (!isMatrix(l.W, rows, cols)) problems.push(`${at}.W must be ${rows} rows of ${cols} finite numbers`);
    if (!isVector(l.b, rows)) problems.push(`${at}.b must be ${rows} finite numbers`);
  });
  const s = v.standardization;
  if (s !== null && s !== undefined) {
    const st = s as Record<string, unknown>;
    if (!isVector(st.mean, sizes[0])) problems.push(`standardization.mean must be ${sizes[0]} finite numbers`);
    if (!isVector(st.std, sizes[0]) || (st.std as number[]).some((x) => x <= 0)) {
      problems.push(`standardization.std must be ${sizes[0]} positive numbers`);
    }
  }
  return problems;
}

function isVector(x: unknown, n: number): x is number[] {
  return Array.isArray(x) && x.length === n && x.every((e) => typeof e === 'number' && Number.isFinite(e));
}

function isMatrix(x: unknown, rows: number, cols: number): x is number[][] {
  return Array.isArray(x) && x.length === rows && x.every((row) => isVector(row, cols));
}
