/**
 * JSON data in one of two shapes:
 *   rows:     [{ "x1": 0.5, "x2": 1.2, "y": 1 }, ...]  one object per example; the label key
 *             (default: the last key of the first row) becomes Y, the other keys X, in the order
 *             of the first row's keys (or `features`).
 *   matrices: { "X": number[][], "Y": number[][] | number[] }  in the course's layout by default:
 *             X is (n_x, m), one example per column; Y is (n_y, m) or m labels. With
 *             `examplesAlong: 'rows'` X is (m, n_x) and Y is (m, n_y) instead. Y may be absent.
 * Problems are reported with the file and the row (rows form) or the JSON path (matrices form).
 */
import { readFileSync, statSync } from 'node:fs';
import { formatBytes } from './bytes.js';
import { capErrors, type Dataset, type FeatureCheck, type LabelOptions, type LoadResult } from './dataset.js';
import { canonicalLabel, encodeLabels } from './labels.js';

export interface JsonOptions extends LabelOptions, FeatureCheck {
  /** Rows form: the label key; default the last key; null when there are no labels. */
  readonly label?: string | null;
  /** Rows form: feature keys in order; default every key of the first row but the label. */
  readonly features?: readonly string[];
  /** Matrices form: whether examples are the columns (course layout, default) or the rows. */
  readonly examplesAlong?: 'columns' | 'rows';
}

/** JSON is parsed whole: bigger files exceed what one JavaScript string holds (about 512 MiB). */
export const MAX_JSON_BYTES = 2 ** 29 - 64;

export function loadJson(path: string, options: JsonOptions = {}): LoadResult {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_JSON_BYTES) {
      return {
        ok: false,
        errors: [`${path}: ${formatBytes(size)} of JSON, more than nnc reads as JSON (${formatBytes(MAX_JSON_BYTES)}); save big data as CSV or .npy, which nnc reads in chunks`],
      };
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  return parseJsonData(text, path, options);
}

export function parseJsonData(text: string, file: string, options: JsonOptions = {}): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, errors: [`${file}: not valid JSON (${(error as Error).message})`] };
  }
  if (Array.isArray(value)) return fromRowObjects(value, file, options);
  if (typeof value === 'object' && value !== null && 'X' in value) return fromMatrices(value as Record<string, unknown>, file, options);
  return { ok: false, errors: [`${file}: expected an array of example objects or an object with "X" (and "Y")`] };
}

function fromRowObjects(rows: unknown[], file: string, options: JsonOptions): LoadResult {
  if (rows.length === 0) return { ok: false, errors: [`${file}: the array of examples is empty`] };
  const first = rows[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    return { ok: false, errors: [`${file}: row 1 is not an object`] };
  }
  const keys = Object.keys(first);
  const label = options.label === undefined ? keys[keys.length - 1] : options.label;
  if (label !== null && !keys.includes(label)) {
    return { ok: false, errors: [`${file}: no label key '${label}'; the keys are ${keys.join(', ')}`] };
  }
  const featureNames = options.features ? [...options.features] : keys.filter((k) => k !== label);
  const shape = options.checkFeatures?.(featureNames.length, featureNames) ?? null;
  if (shape !== null) return { ok: false, errors: [shape] };
  const m = rows.length;
  const nx = featureNames.length;
  const X = new Float64Array(nx * m);
  const labels: string[] = [];
  const errors: string[] = [];
  rows.forEach((row, j) => {
    const at = `${file}: row ${j + 1}`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      errors.push(`${at} is not an object`);
      return;
    }
    const record = row as Record<string, unknown>;
    featureNames.forEach((name, i) => {
      const cell = Object.hasOwn(record, name) ? record[name] : undefined;
      if (typeof cell !== 'number' || !Number.isFinite(cell)) {
        errors.push(`${at}: '${name}' is ${describeJson(cell)}, expected a number`);
      } else {
        X[i * m + j] = cell;
      }
    });
    if (label !== null) {
      const cell = Object.hasOwn(record, label) ? record[label] : undefined;
      if (typeof cell === 'number' || typeof cell === 'string' || typeof cell === 'boolean') labels.push(canonicalLabel(cell));
      else errors.push(`${at}: label '${label}' is ${describeJson(cell)}`);
    }
  });
  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };
  if (label === null) return { ok: true, dataset: { ...unlabelled(X, m, nx, featureNames), namedFeatures: true } };
  const encoded = encodeLabels(labels, options.loss ?? 'binary_cross_entropy', label, (j) => `${file}: row ${j + 1}`, options.classes);
  if (Array.isArray(encoded)) return { ok: false, errors: capErrors(encoded) };
  return { ok: true, dataset: { X, Y: encoded.Y, m, nx, ny: encoded.ny, featureNames, namedFeatures: true, labelName: label, classes: encoded.classes } };
}

function fromMatrices(value: Record<string, unknown>, file: string, options: JsonOptions): LoadResult {
  const byRows = options.examplesAlong === 'rows';
  const X = readMatrix(value.X, `${file}: "X"`);
  if (typeof X === 'string') return { ok: false, errors: [X] };
  const [nx, m] = byRows ? [X[0].length, X.length] : [X.length, X[0].length];
  const shape = options.checkFeatures?.(nx, Array.from({ length: nx }, (_, i) => `x${i + 1}`)) ?? null;
  if (shape !== null) return { ok: false, errors: [shape] };
  const flatX = toCourseLayout(X, nx, m, byRows);
  const featureNames = Array.from({ length: nx }, (_, i) => `x${i + 1}`);
  if (value.Y === undefined || value.Y === null) return { ok: true, dataset: unlabelled(flatX, m, nx, featureNames) };

  const loss = options.loss ?? 'binary_cross_entropy';
  const oneDimensional = Array.isArray(value.Y) && value.Y.every((e) => !Array.isArray(e));
  // Y as rows of examples ([m][ny]) whichever way it was written.
  const Y = readMatrix(oneDimensional ? (value.Y as unknown[]).map((e) => [e]) : value.Y, `${file}: "Y"`, true);
  if (typeof Y === 'string') return { ok: false, errors: [Y] };
  const examples = oneDimensional || byRows ? Y : transpose(Y);
  if (examples.length !== m) return { ok: false, errors: [`${file}: "X" has ${m} examples but "Y" has ${examples.length}`] };
  const ny = examples[0].length;
  if (ny === 1) {
    const labels = examples.map((row) => canonicalLabel(row[0]));
    const encoded = encodeLabels(labels, loss, 'Y', (j) => `${file}: "Y" example ${j + 1}`, options.classes);
    if (Array.isArray(encoded)) return { ok: false, errors: capErrors(encoded) };
    return { ok: true, dataset: { X: flatX, Y: encoded.Y, m, nx, ny: encoded.ny, featureNames, labelName: 'Y', classes: encoded.classes } };
  }
  if (!examples.every((row) => row.every((e) => typeof e === 'number'))) {
    return { ok: false, errors: [`${file}: "Y" with several outputs must hold numbers (one-hot rows or targets)`] };
  }
  const flatY = toCourseLayout(examples, ny, m, true);
  const classes =
    loss === 'categorical_cross_entropy' ? (options.classes ? [...options.classes] : Array.from({ length: ny }, (_, k) => String(k))) : null;
  return { ok: true, dataset: { X: flatX, Y: flatY, m, nx, ny, featureNames, labelName: 'Y', classes } };
}

function transpose<T>(matrix: T[][]): T[][] {
  return matrix[0].map((_, c) => matrix.map((row) => row[c]));
}

/** A non-empty rectangular array of finite numbers (or, for labels, numbers/strings). */
function readMatrix(value: unknown, at: string, labels = false): (number | string)[][] | string {
  if (!Array.isArray(value) || value.length === 0 || !value.every((row) => Array.isArray(row))) {
    return `${at} must be a non-empty array of arrays`;
  }
  const width = (value[0] as unknown[]).length;
  for (let r = 0; r < value.length; r++) {
    const row = value[r] as unknown[];
    if (row.length !== width || width === 0) return `${at}[${r}] has ${row.length} entries, expected ${width}`;
    for (let c = 0; c < row.length; c++) {
      const e = row[c];
      const ok = (typeof e === 'number' && Number.isFinite(e)) || (labels && typeof e === 'string');
      if (!ok) return `${at}[${r}][${c}] is ${describeJson(e)}, expected a number`;
    }
  }
  return value as (number | string)[][];
}

function toCourseLayout(matrix: (number | string)[][], rows: number, m: number, examplesAlongRows: boolean): Float64Array {
  const flat = new Float64Array(rows * m);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < m; j++) flat[i * m + j] = Number(examplesAlongRows ? matrix[j][i] : matrix[i][j]);
  }
  return flat;
}

/**
 * A JSON value for a message, short whatever its size or depth (JSON.stringify of a value nested
 * thousands deep overflows the stack): `1e400` (parsed as Infinity) as out of range.
 */
function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number beyond the range of float64 (about ±1.8e308)';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function unlabelled(X: Float64Array, m: number, nx: number, featureNames: string[]): Dataset {
  return { X, Y: new Float64Array(0), m, nx, ny: 0, featureNames, labelName: null, classes: null };
}
