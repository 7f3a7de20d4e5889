/**
 * HDF5 data sets (`.h5`), as the course ships its images: `train_catvnoncat.h5` holds
 * `train_set_x` (m, 64, 64, 3) uint8, `train_set_y` (m,) int64 and `list_classes`. Read through
 * h5wasm (the HDF5 library compiled to WebAssembly), which is loaded only when an .h5 file is
 * read: call `prepareHdf5()` (async) before `loadHdf5()`, and again after a load has answered that
 * the HDF5 library aborted (see `spent`).
 *
 * Layout: the first axis of X counts examples; each example is flattened in C order, so that X
 * is the course's `train_set_x.reshape(m, -1).T` (n_x, m): 64x64x3 -> 12288 features, feature
 * i = (row * 64 + column) * 3 + channel. Labels are (m,), (1, m) or (m, 1) and become Y (1, m)
 * (or one-hot for categorical models). `scale` divides X (255 for 8-bit images); the CLI passes
 * it as a standardisation with mean 0, so that it is saved with the weights.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { capErrors, type LabelOptions, type LoadResult } from './dataset.js';
import { canonicalLabel, encodeLabels } from './labels.js';

export interface Hdf5Options extends LabelOptions {
  /** The dataset of X; default: the first of DEFAULT_X that the file holds. */
  readonly x?: string;
  /** The dataset of the labels; null: no labels; default: the first of DEFAULT_Y that the file holds, else none. */
  readonly y?: string | null;
}

export const DEFAULT_X = ['train_set_x', 'test_set_x'] as const;
export const DEFAULT_Y = ['train_set_y', 'test_set_y'] as const;

type H5 = typeof import('h5wasm/node');
type H5File = InstanceType<H5['File']>;
type H5Dataset = InstanceType<H5['Dataset']>;

let h5: H5 | null = null;
/**
 * Whether HDF5 aborted inside `h5` (on some damaged files, after it has leaked memory on many
 * others): its state is then broken, and a later call into it can loop forever, so it is never
 * called again; prepareHdf5 loads a fresh instance.
 */
let spent = false;
let instances = 0;

/** Loads h5wasm (once, or again after it aborted); needed before loadHdf5. */
export async function prepareHdf5(): Promise<void> {
  if (h5 !== null && !spent) return;
  // A second instance: hdf5_hl.js under another URL runs its own ModuleFactory().
  const specifier = instances === 0 ? 'h5wasm/node' : `${import.meta.resolve('h5wasm/node')}?instance=${instances}`;
  const module = (await import(specifier)) as H5;
  instances++;
  const ready = await module.ready;
  // HDF5's errors become exceptions (caught below) instead of a diagnostic stack on stderr.
  (ready as unknown as { activate_throwing_error_handler(): number }).activate_throwing_error_handler();
  h5 = module;
  spent = false;
}

/** Whether `error` is the WebAssembly instance failing (an abort, a trap), not HDF5 refusing a file. */
function brokeTheInstance(error: unknown): boolean {
  return error instanceof Error && (error.name === 'RuntimeError' || error.message.startsWith('Aborted('));
}

/** The 8-byte signature that starts an HDF5 superblock (at 0, 512, 1024, 2048 ... bytes). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function hasSignature(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, buffer, 0, 8, offset) === 8 && SIGNATURE.every((byte, i) => buffer[i] === byte)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** HDF5's error stack, in a few words: the innermost frame's message. */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.+)$/gm)];
  const last = frames.at(-1)?.[1]?.trim();
  return last ?? (text.split('\n')[0].trim() || 'unreadable');
}

const TYPE_NAMES: Record<string, string> = {
  '<B': 'uint8', '<b': 'int8', '<H': 'uint16', '<h': 'int16', '<I': 'uint32', '<i': 'int32', '<Q': 'uint64', '<q': 'int64',
  '<f': 'float32', '<d': 'float64', '>B': 'uint8', '>b': 'int8', '>H': 'uint16', '>h': 'int16', '>I': 'uint32', '>i': 'int32',
  '>Q': 'uint64', '>q': 'int64', '>f': 'float32', '>d': 'float64',
};

function describeDataset(name: string, dataset: H5Dataset): string {
  const dtype = typeof dataset.dtype === 'string' ? (TYPE_NAMES[dataset.dtype] ?? (dataset.dtype.startsWith('S') ? 'string' : dataset.dtype)) : 'compound';
  return `${name} (${(dataset.shape ?? []).join(', ')}) ${dtype}`;
}

/** Every dataset in the file, with its shape and type: "train_set_x (209, 64, 64, 3) uint8". */
function listDatasets(file: H5File): string[] {
  const found: string[] = [];
  const visit = (group: { keys(): string[]; get(name: string): unknown }, prefix: string, depth: number) => {
    for (const key of group.keys().sort()) {
      const entry = group.get(key);
      const name = `${prefix}${key}`;
      if (entry instanceof h5!.Dataset) found.push(describeDataset(name, entry));
      else if (entry instanceof h5!.Group && depth < 8) visit(entry, `${name}/`, depth + 1);
    }
  };
  visit(file, '', 0);
  return found;
}

function isNumeric(dataset: H5Dataset): boolean {
  const type = dataset.metadata.type;
  return type === h5!.Module.H5T_class_t.H5T_INTEGER.value || type === h5!.Module.H5T_class_t.H5T_FLOAT.value;
}

/** Opens the dataset `name`; the problem in words when it is not there or not numeric. */
function openDataset(path: string, file: H5File, name: string, option: string): H5Dataset | string {
  const entry = file.get(name);
  const holds = () => `the file holds: ${listDatasets(file).join(', ') || 'no datasets'}`;
  if (entry === null || entry === undefined) return `${path}: no dataset '${name}' (${option}); ${holds()}`;
  if (!(entry instanceof h5!.Dataset)) return `${path}: '${name}' (${option}) is a group, not a dataset; ${holds()}`;
  if (!isNumeric(entry)) return `${path}: dataset '${name}' (${option}) holds ${describeDataset(name, entry).split(' ').at(-1)} values, expected numbers`;
  const shape = entry.shape ?? [];
  if (shape.length === 0 || shape[0] === 0) return `${path}: dataset '${name}' (${option}) is empty (shape (${shape.join(', ')}))`;
  return entry;
}

/** Elements of X read per slice. */
const CHUNK_ELEMENTS = 1 << 20;

export function loadHdf5(path: string, options: Hdf5Options = {}): LoadResult {
  if (h5 === null) throw new Error('loadHdf5: call prepareHdf5() first');
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return { ok: false, errors: [`${path}: not a regular file`] };
    size = stats.size;
    if (!hasSignature(path, size)) return { ok: false, errors: [`${path}: not an HDF5 file (no HDF5 signature)`] };
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  if (spent) return { ok: false, errors: [`${path}: cannot read the HDF5 file (the HDF5 library aborted on an earlier damaged file; prepareHdf5() loads it again)`] };
  const before = openStreams();
  let file: H5File | null = null;
  try {
    file = new h5.File(path, 'r');
    file.keys();
    return read(path, file, options);
  } catch (error) {
    spent ||= brokeTheInstance(error);
    if (file !== null && error instanceof RangeError) return { ok: false, errors: [`${path}: the data is too large to load (${error.message})`] };
    return { ok: false, errors: [`${path}: cannot read the HDF5 file (${reason(error)})`] };
  } finally {
    // Nothing more is asked of an instance that aborted (see `spent`).
    if (!spent) {
      try {
        file?.close();
      } catch {
        // a damaged file may fail to close; nothing was written to it
      }
      closeLeakedStreams(before);
    }
  }
}

/** h5wasm's file system (Emscripten's, over Node's): the streams it has open. */
type Streams = { streams: (object | null | undefined)[]; close(stream: object): void };

function openStreams(): Set<object> {
  return new Set((h5!.FS as unknown as Streams).streams.filter((stream) => stream != null));
}

/**
 * Closes the streams opened since `before` that are still open. HDF5 leaves its descriptor open
 * when it refuses a damaged file (a bad checksum, a cut superblock): one per failed load, for as
 * long as the process lives.
 */
function closeLeakedStreams(before: Set<object>): void {
  const fs = h5!.FS as unknown as Streams;
  for (const stream of fs.streams) {
    if (stream == null || before.has(stream)) continue;
    try {
      fs.close(stream);
    } catch {
      // already closed underneath
    }
  }
}

function read(path: string, file: H5File, options: Hdf5Options): LoadResult {
  const names = new Set(file.keys());
  const xName = options.x ?? DEFAULT_X.find((name) => names.has(name));
  if (xName === undefined) {
    return { ok: false, errors: [`${path}: no dataset ${DEFAULT_X.join(' or ')}; name X with --x (the file holds: ${listDatasets(file).join(', ') || 'no datasets'})`] };
  }
  const x = openDataset(path, file, xName, '--x');
  if (typeof x === 'string') return { ok: false, errors: [x] };
  const shape = x.shape as number[];
  const m = shape[0];
  const nx = shape.slice(1).reduce((a, b) => a * b, 1);
  const X = new Float64Array(nx * m);
  const perSlice = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(nx, 1)));
  for (let first = 0; first < m; first += perSlice) {
    const last = Math.min(m, first + perSlice);
    const values = x.slice([[first, last]]) as ArrayLike<number | bigint>;
    if (values.length !== (last - first) * nx) return { ok: false, errors: [`${path}: dataset '${xName}' could not be read whole`] };
    for (let j = first; j < last; j++) {
      const base = (j - first) * nx;
      for (let i = 0; i < nx; i++) {
        const value = Number(values[base + i]);
        if (!Number.isFinite(value)) return { ok: false, errors: [`${path}: feature ${i + 1} of example ${j + 1} in '${xName}' is ${value}, expected a finite number`] };
        X[i * m + j] = value;
      }
    }
  }
  const featureNames = Array.from({ length: nx }, (_, i) => `x${i + 1}`);
  const yName = options.y === null ? undefined : (options.y ?? DEFAULT_Y.find((name) => names.has(name)));
  if (yName === undefined) return { ok: true, dataset: { X, Y: new Float64Array(0), m, nx, ny: 0, featureNames, labelName: null, classes: null } };
  const y = openDataset(path, file, yName, options.y === undefined ? 'the labels' : '--y');
  if (typeof y === 'string') return { ok: false, errors: [y] };
  const yShape = y.shape as number[];
  const count = yShape.reduce((a, b) => a * b, 1);
  const vector = yShape.length === 1 || (yShape.length === 2 && (yShape[0] === 1 || yShape[1] === 1));
  if (!vector || count !== m) {
    return { ok: false, errors: [`${path}: dataset '${yName}' has shape (${yShape.join(', ')}), expected ${m} labels ((${m},) or (1, ${m})) for the ${m} examples of '${xName}'`] };
  }
  const raw = y.value as ArrayLike<number | bigint>;
  const texts = Array.from({ length: m }, (_, j) => canonicalLabel(Number(raw[j])));
  const encoded = encodeLabels(texts, options.loss ?? 'binary_cross_entropy', yName, (j) => `${path}: label ${j + 1} of '${yName}'`, options.classes);
  if (Array.isArray(encoded)) return { ok: false, errors: capErrors(encoded) };
  return { ok: true, dataset: { X, m, nx, featureNames, labelName: yName, ...encoded } };
}
