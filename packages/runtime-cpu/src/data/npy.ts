/**
 * numpy `.npy` files (read with npyjs): X and, optionally, Y in separate files, as `np.save`
 * writes them. Supported: float32/float64, signed/unsigned integers, booleans (labels), unicode
 * strings (class labels); C or Fortran order; little-endian only (what numpy writes on every
 * common machine). Layout follows the course by default: X is (n_x, m); Y is (n_y, m) or 1-D
 * (m,) labels. With `examplesAlong: 'rows'` X is (m, n_x) and a 2-D Y is (m, n_y).
 * A 1-D X is one feature.
 */
import { readFileSync } from 'node:fs';
import { parse, type NpyArray } from 'npyjs';
import { capErrors, type LabelOptions, type LoadResult } from './dataset.js';
import { canonicalLabel, encodeLabels } from './labels.js';

export interface NpyOptions extends LabelOptions {
  readonly examplesAlong?: 'columns' | 'rows';
}

/** A 2-D view of an npy array: entry (r, c) of a (rows, cols) array. */
interface Grid {
  readonly rows: number;
  readonly cols: number;
  at(r: number, c: number): number | string;
}

export function loadNpy(xPath: string, yPath: string | null, options: NpyOptions = {}): LoadResult {
  const byRows = options.examplesAlong === 'rows';
  const x = readGrid(xPath, byRows);
  if (typeof x === 'string') return { ok: false, errors: [x] };
  const [nx, m] = byRows ? [x.cols, x.rows] : [x.rows, x.cols];
  const X = new Float64Array(nx * m);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < m; j++) {
      const value = byRows ? x.at(j, i) : x.at(i, j);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { ok: false, errors: [`${xPath}: feature ${i + 1} of example ${j + 1} is ${String(value)}, expected a finite number`] };
      }
      X[i * m + j] = value;
    }
  }
  const featureNames = Array.from({ length: nx }, (_, i) => `x${i + 1}`);
  if (yPath === null) {
    return { ok: true, dataset: { X, Y: new Float64Array(0), m, nx, ny: 0, featureNames, labelName: null, classes: null } };
  }

  const y = readGrid(yPath, true);
  if (typeof y === 'string') return { ok: false, errors: [y] };
  const yByRows = byRows || y.vector;
  const [ny, my] = yByRows ? [y.cols, y.rows] : [y.rows, y.cols];
  if (my !== m) return { ok: false, errors: [`${yPath}: ${my} examples, but ${xPath} has ${m}`] };
  const label = (k: number, j: number): number | string => (yByRows ? y.at(j, k) : y.at(k, j));
  const loss = options.loss ?? 'binary_cross_entropy';
  if (ny === 1) {
    const labels = Array.from({ length: m }, (_, j) => canonicalLabel(label(0, j)));
    const encoded = encodeLabels(labels, loss, 'Y', (j) => `${yPath}: example ${j + 1}`, options.classes);
    if (Array.isArray(encoded)) return { ok: false, errors: capErrors(encoded) };
    return { ok: true, dataset: { X, Y: encoded.Y, m, nx, ny: encoded.ny, featureNames, labelName: 'Y', classes: encoded.classes } };
  }
  const Y = new Float64Array(ny * m);
  for (let k = 0; k < ny; k++) {
    for (let j = 0; j < m; j++) {
      const value = label(k, j);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { ok: false, errors: [`${yPath}: output ${k + 1} of example ${j + 1} is ${String(value)}, expected a number`] };
      }
      Y[k * m + j] = value;
    }
  }
  const classes =
    loss === 'categorical_cross_entropy' ? (options.classes ? [...options.classes] : Array.from({ length: ny }, (_, k) => String(k))) : null;
  return { ok: true, dataset: { X, Y, m, nx, ny, featureNames, labelName: 'Y', classes } };
}

/** Reads an .npy file as a grid; a 1-D array of n becomes (n, 1) with `vector` set when `vectorAsColumn`. */
function readGrid(path: string, vectorAsColumn = false): (Grid & { readonly vector: boolean }) | string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  if (/'descr'\s*:\s*'>/.test(header)) return `${path}: big-endian arrays are not supported (save with a little-endian dtype)`;
  let array: NpyArray;
  try {
    array = parse(buffer);
  } catch (error) {
    return `${path}: not a readable .npy file (${(error as Error).message})`;
  }
  const values = elementsOf(array);
  if (typeof values === 'string') return `${path}: ${values}`;
  const shape = array.shape;
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || shape.length > 2) return `${path}: expected a 1-D or 2-D array, found shape (${shape.join(', ')})`;
  if (values.length < count) return `${path}: the file holds ${values.length} values, its header promises ${count}`;
  if (count === 0) return `${path}: the array is empty`;
  const [rows, cols] = shape.length === 1 ? (vectorAsColumn ? [shape[0], 1] : [1, shape[0]]) : [shape[0], shape[1]];
  const fortran = array.fortranOrder;
  return {
    rows,
    cols,
    vector: shape.length === 1 && vectorAsColumn,
    at: (r, c) => values[fortran ? c * rows + r : r * cols + c],
  };
}

/** The elements as numbers or strings, whatever the dtype. */
function elementsOf(array: NpyArray): ArrayLike<number | string> | string {
  if (array.dtype.startsWith('c')) return `unsupported dtype ${array.dtype} (complex numbers)`;
  const data: unknown = array.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, (v) => Number(v));
  if (ArrayBuffer.isView(data)) return data as unknown as ArrayLike<number>;
  if (Array.isArray(data)) return data.map((v: unknown) => (typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? v : NaN));
  return `unsupported dtype ${array.dtype}`;
}
