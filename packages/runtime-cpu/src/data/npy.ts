/**
 * numpy `.npy` files: X and, optionally, Y in separate files, as `np.save` writes them.
 * Supported: float32/float64, signed/unsigned integers, booleans (labels), unicode strings (class
 * labels); C or Fortran order; little-endian only (what numpy writes on every common machine).
 * Layout follows the course by default: X is (n_x, m); Y is (n_y, m) or 1-D (m,) labels. With
 * `examplesAlong: 'rows'` X is (m, n_x) and a 2-D Y is (m, n_y). A 1-D X is one feature.
 * X is read from the file in chunks straight into its place (npy-file.ts), so the file is never
 * held in memory besides the data set itself.
 */
import { capErrors, type FeatureCheck, type LabelOptions, type LoadResult } from './dataset.js';
import { canonicalLabel, encodeLabels } from './labels.js';
import { NpyFile, type NpyValues } from './npy-file.js';

export interface NpyOptions extends LabelOptions, FeatureCheck {
  readonly examplesAlong?: 'columns' | 'rows';
}

/** A 1-D or 2-D array of a file: (rows, cols), a 1-D array of n being (n, 1) with `vector` set when `vectorAsColumn`. */
export interface NpyGrid {
  readonly file: NpyFile;
  readonly rows: number;
  readonly cols: number;
  readonly vector: boolean;
  /** (r, c) of element k in file order. */
  readonly position: (k: number) => readonly [number, number];
}

/** Elements read per chunk. */
const CHUNK = 1 << 18;

export function loadNpy(xPath: string, yPath: string | null, options: NpyOptions = {}): LoadResult {
  const byRows = options.examplesAlong === 'rows';
  const x = openGrid(xPath, byRows);
  if (typeof x === 'string') return { ok: false, errors: [x] };
  try {
    const [nx, m] = byRows ? [x.cols, x.rows] : [x.rows, x.cols];
    const shape = options.checkFeatures?.(nx, Array.from({ length: nx }, (_, i) => `x${i + 1}`)) ?? null;
    if (shape !== null) return { ok: false, errors: [shape] };
    const X = new Float64Array(nx * m);
    const problem = forEachChunk(x, (k, values) => {
      for (let e = 0; e < values.length; e++) {
        const value = values[e];
        const [r, c] = x.position(k + e);
        const [i, j] = byRows ? [c, r] : [r, c];
        if (typeof value !== 'number' || !Number.isFinite(value)) return `${xPath}: feature ${i + 1} of example ${j + 1} is ${String(value)}, expected a finite number`;
        X[i * m + j] = value;
      }
      return null;
    });
    if (problem !== null) return { ok: false, errors: [problem] };
    const featureNames = Array.from({ length: nx }, (_, i) => `x${i + 1}`);
    if (yPath === null) return { ok: true, dataset: { X, Y: new Float64Array(0), m, nx, ny: 0, featureNames, labelName: null, classes: null } };
    const labels = loadLabels(yPath, m, xPath, byRows, options);
    if (!labels.ok) return labels;
    return { ok: true, dataset: { X, m, nx, featureNames, labelName: 'Y', ...labels.labels } };
  } finally {
    x.file.close();
  }
}

type Labels = { readonly Y: Float64Array; readonly ny: number; readonly classes: string[] | null };

/** Y from its own file, for m examples. */
export function loadLabels(
  yPath: string,
  m: number,
  xPath: string,
  byRows: boolean,
  options: LabelOptions,
): { ok: true; labels: Labels } | { ok: false; errors: string[] } {
  const y = openGrid(yPath, true);
  if (typeof y === 'string') return { ok: false, errors: [y] };
  let values: NpyValues;
  try {
    values = y.file.read(0, y.rows * y.cols);
  } finally {
    y.file.close();
  }
  const yByRows = byRows || y.vector;
  const [ny, my] = yByRows ? [y.cols, y.rows] : [y.rows, y.cols];
  if (my !== m) return { ok: false, errors: [`${yPath}: ${my} examples, but ${xPath} has ${m}`] };
  const fortran = y.file.header.fortranOrder;
  const at = (r: number, c: number) => values[fortran ? c * y.rows + r : r * y.cols + c];
  const label = (k: number, j: number): number | string => (yByRows ? at(j, k) : at(k, j));
  const loss = options.loss ?? 'binary_cross_entropy';
  if (ny === 1) {
    const texts = Array.from({ length: m }, (_, j) => canonicalLabel(label(0, j)));
    const encoded = encodeLabels(texts, loss, 'Y', (j) => `${yPath}: example ${j + 1}`, options.classes);
    if (Array.isArray(encoded)) return { ok: false, errors: capErrors(encoded) };
    return { ok: true, labels: encoded };
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
  return { ok: true, labels: { Y, ny, classes } };
}

/** Opens an .npy file as a 1-D or 2-D grid; the problem, naming the file, when it is not one. */
export function openGrid(path: string, vectorAsColumn = false): NpyGrid | string {
  let file: NpyFile | string;
  try {
    file = NpyFile.open(path);
  } catch (error) {
    return `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (typeof file === 'string') return `${path}: ${file}`;
  const { shape, fortranOrder } = file.header;
  const problem =
    shape.length === 0 || shape.length > 2 ? `expected a 1-D or 2-D array, found shape (${shape.join(', ')})` : file.count === 0 ? 'the array is empty' : null;
  if (problem !== null) {
    file.close();
    return `${path}: ${problem}`;
  }
  const [rows, cols] = shape.length === 1 ? (vectorAsColumn ? [shape[0], 1] : [1, shape[0]]) : [shape[0], shape[1]];
  const position = fortranOrder
    ? (k: number) => [k % rows, Math.floor(k / rows)] as const
    : (k: number) => [Math.floor(k / cols), k % cols] as const;
  return { file, rows, cols, vector: shape.length === 1 && vectorAsColumn, position };
}

/** Calls `visit(first, values)` for consecutive chunks of the grid's elements; stops at the first problem it returns. */
export function forEachChunk(grid: NpyGrid, visit: (first: number, values: NpyValues) => string | null, from = 0, to = grid.file.count): string | null {
  for (let k = from; k < to; k += CHUNK) {
    const problem = visit(k, grid.file.read(k, Math.min(CHUNK, to - k)));
    if (problem !== null) return problem;
  }
  return null;
}
