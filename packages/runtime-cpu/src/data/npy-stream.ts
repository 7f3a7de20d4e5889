/**
 * .npy files (X, and the labels in a second file) as an ExampleStream (example-stream.ts), in the
 * course layout of loadNpy: X (n_x, m), labels (m,) or (n_y, m). A block of examples is read
 * from the files directly (one contiguous read per feature for C order, one for Fortran order),
 * so no more than a block is ever in memory. The first pass checks every value and, when asked,
 * fits the standardisation; labels are checked (and classes found) the same way.
 */
import { SCAN_BLOCK, type ExampleBlock, type ExampleStream, type StreamOptions, type StreamResult } from './example-stream.js';
import { canonicalLabel, LabelEncoder } from './labels.js';
import { openGrid, type NpyGrid } from './npy.js';
import type { NpyValues } from './npy-file.js';
import { StandardizationAccumulator } from './standardization.js';

/** Examples [first, first + count) of a grid whose examples are its columns (or rows), as (features, count) values. */
export function readExamples(grid: NpyGrid, alongRows: boolean, first: number, count: number): NpyValues {
  const { rows, cols, file } = grid;
  const fortran = file.header.fortranOrder;
  const features = alongRows ? cols : rows;
  const strings = file.header.strings;
  const out: (number | string)[] | Float64Array = strings ? new Array<string>(features * count) : new Float64Array(features * count);
  const put = (values: NpyValues, at: (e: number) => [number, number]) => {
    for (let e = 0; e < values.length; e++) {
      const [i, j] = at(e);
      out[i * count + j] = values[e];
    }
  };
  // Contiguous runs: one per feature when the example axis is the fast one, else one for the block.
  const perFeature = alongRows ? fortran : !fortran;
  if (perFeature) {
    for (let i = 0; i < features; i++) {
      const start = alongRows ? i * rows + first : i * cols + first;
      put(file.read(start, count), (e) => [i, e]);
    }
  } else {
    const start = first * features;
    put(file.read(start, count * features), (e) => [e % features, Math.floor(e / features)]);
  }
  return out as NpyValues;
}

export function openNpyStream(xPath: string, yPath: string, options: StreamOptions): StreamResult {
  const x = openGrid(xPath);
  if (typeof x === 'string') return { ok: false, errors: [x] };
  const y = openGrid(yPath, true);
  if (typeof y === 'string') {
    x.file.close();
    return { ok: false, errors: [y] };
  }
  const [nx, m] = [x.rows, x.cols];
  const shape = options.checkFeatures?.(nx, Array.from({ length: nx }, (_, i) => `x${i + 1}`)) ?? null;
  if (shape !== null) {
    x.file.close();
    y.file.close();
    return { ok: false, errors: [shape] };
  }
  const yAlongRows = y.vector;
  const [ny, my] = yAlongRows ? [y.cols, y.rows] : [y.rows, y.cols];
  const loss = options.loss ?? 'binary_cross_entropy';
  const fail = (message: string): StreamResult => {
    x.file.close();
    y.file.close();
    return { ok: false, errors: [message] };
  };
  if (my !== m) return fail(`${yPath}: ${my} examples, but ${xPath} has ${m}`);
  if (ny !== 1 && loss !== 'mean_squared_error' && loss !== 'categorical_cross_entropy') return fail(`${yPath}: ${ny} label rows; binary cross-entropy takes one`);
  const labels = ny === 1 ? new LabelEncoder(loss, 'Y', options.classes) : null;
  const fit = options.standardize ? new StandardizationAccumulator(nx) : null;
  for (let first = 0; first < m; first += SCAN_BLOCK) {
    const count = Math.min(SCAN_BLOCK, m - first);
    const block = readExamples(x, false, first, count);
    for (let k = 0; k < block.length; k++) {
      const value = block[k];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return fail(`${xPath}: feature ${Math.floor(k / count) + 1} of example ${first + (k % count) + 1} is ${String(value)}, expected a finite number`);
      }
    }
    fit?.add(block as Float64Array, count);
    const problem = checkLabels(readExamples(y, yAlongRows, first, count), labels, count, first, yPath);
    if (problem !== null) return fail(problem);
  }
  const classes = labels === null
    ? loss === 'categorical_cross_entropy' ? (options.classes ? [...options.classes] : Array.from({ length: ny }, (_, k) => String(k))) : null
    : labels.classes();
  const stream: ExampleStream = {
    file: xPath,
    size: x.file.size + y.file.size,
    m,
    nx,
    ny: labels === null ? ny : (classes?.length ?? 1),
    featureNames: Array.from({ length: nx }, (_, i) => `x${i + 1}`),
    labelName: 'Y',
    classes,
    standardization: fit?.result() ?? null,
    *blocks(size: number, from = 0): Generator<ExampleBlock> {
      for (let first = from; first < m; first += size) {
        const count = Math.min(size, m - first);
        const X = readExamples(x, false, first, count) as Float64Array;
        const Y = encodeBlock(readExamples(y, yAlongRows, first, count), loss, classes, labels !== null);
        const done = (first + count) / m;
        yield { X, Y, m: count, first, position: Math.round(done * (x.file.size + y.file.size)) };
      }
    },
    close() {
      x.file.close();
      y.file.close();
    },
  };
  return { ok: true, stream };
}

/** Checks a block of labels (one label row: through the encoder; several: numbers). */
function checkLabels(values: NpyValues, labels: LabelEncoder | null, count: number, first: number, yPath: string): string | null {
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    const where = `${yPath}: example ${first + (k % count) + 1}`;
    if (labels !== null) {
      const problem = labels.check(canonicalLabel(value));
      if (problem !== null) return `${where}: ${problem}`;
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      return `${yPath}: output ${Math.floor(k / count) + 1} of example ${first + (k % count) + 1} is ${String(value)}, expected a number`;
    }
  }
  return null;
}

/** Y of a block: one label row through the encoder (one-hot classes, 0/1, targets); several rows as they are. */
function encodeBlock(values: NpyValues, loss: NonNullable<StreamOptions['loss']>, classes: string[] | null, labelRow: boolean): Float64Array {
  if (!labelRow) return Float64Array.from(values as ArrayLike<number>);
  const labels = new LabelEncoder(loss, 'Y', classes ?? undefined);
  for (let k = 0; k < values.length; k++) labels.add(canonicalLabel(values[k]));
  return labels.finish().Y;
}
