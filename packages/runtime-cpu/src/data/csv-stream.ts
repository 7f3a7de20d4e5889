/**
 * A CSV file as an ExampleStream (example-stream.ts): the first pass checks every row exactly as
 * loadCsv does (same messages), counts the examples, finds the classes and fits the
 * standardisation; blocks() then reads the file again from the start, in chunks.
 */
import { CsvRecords } from './csv-records.js';
import { csvLayout, nextRecord, readCsvRow, type CsvLayout } from './csv.js';
import { Problems } from './dataset.js';
import { SCAN_BLOCK, type ExampleBlock, type ExampleStream, type StreamOptions, type StreamResult } from './example-stream.js';
import { LabelEncoder } from './labels.js';
import { StandardizationAccumulator } from './standardization.js';

export function openCsvStream(path: string, options: StreamOptions): StreamResult {
  let records: CsvRecords;
  try {
    records = CsvRecords.fromFile(path);
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  try {
    const header = nextRecord(records);
    if (header === null) return { ok: false, errors: [`${path}: the file is empty (expected a header row)`] };
    const layout = csvLayout(header, path, { label: options.label, ...(options.features ? { features: options.features } : {}) });
    if (Array.isArray(layout)) return { ok: false, errors: layout };
    const shape = options.checkFeatures?.(layout.featureNames.length, layout.featureNames) ?? null;
    if (shape !== null) return { ok: false, errors: [shape] };
    if (layout.label === null) return { ok: false, errors: [`${path}: training needs a label column`] };
    const loss = options.loss ?? 'binary_cross_entropy';
    const labels = new LabelEncoder(loss, layout.label, options.classes);
    const checker = { add: (raw: string) => labels.check(raw) };
    const nx = layout.featureNames.length;
    const fit = options.standardize ? new StandardizationAccumulator(nx) : null;
    const block = new Float64Array(nx * SCAN_BLOCK);
    const problems = new Problems();
    let m = 0;
    let filled = 0;
    for (let record = nextRecord(records); record !== null; record = nextRecord(records)) {
      m++;
      readCsvRow(record, layout, path, block, filled++, SCAN_BLOCK, checker, problems);
      if (filled === SCAN_BLOCK) {
        fit?.add(block, SCAN_BLOCK);
        filled = 0;
      }
    }
    if (problems.size > 0) return { ok: false, errors: problems.list() };
    if (m === 0) return { ok: false, errors: [`${path}: no data rows after the header`] };
    if (filled > 0) fit?.add(compact(block, nx, SCAN_BLOCK, filled), filled);
    const classes = labels.classes();
    const stream: ExampleStream = {
      file: path,
      size: records.size,
      m,
      nx,
      ny: classes?.length ?? 1,
      featureNames: layout.featureNames,
      namedFeatures: true,
      labelName: layout.label,
      classes,
      standardization: fit?.result() ?? null,
      blocks: (size, from = 0) => csvBlocks(path, layout, loss, classes, size, from),
      close: () => {},
    };
    return { ok: true, stream };
  } finally {
    records.close();
  }
}

function* csvBlocks(path: string, layout: CsvLayout, loss: StreamOptions['loss'], classes: string[] | null, size: number, from: number): Generator<ExampleBlock> {
  const records = CsvRecords.fromFile(path);
  try {
    nextRecord(records);
    for (let skipped = 0; skipped < from && nextRecord(records) !== null; skipped++);
    const nx = layout.featureNames.length;
    const problems = new Problems();
    for (let first = from; ; first += size) {
      const X = new Float64Array(nx * size);
      const labels = new LabelEncoder(loss ?? 'binary_cross_entropy', layout.label ?? '', classes ?? undefined);
      let m = 0;
      for (let record = m < size ? nextRecord(records) : null; record !== null; record = m < size ? nextRecord(records) : null) {
        readCsvRow(record, layout, path, X, m++, size, labels, problems);
      }
      // The first pass checked every row: a problem now means the file changed since.
      if (problems.size > 0) throw new Error(`${path} changed while training: ${problems.list()[0]}`);
      if (m === 0) return;
      yield { X: m === size ? X : compact(X, nx, size, m), Y: labels.finish().Y, m, first, position: records.position };
      if (m < size) return;
    }
  } finally {
    records.close();
  }
}

/** The first `m` columns of a (rows, stride) row-major matrix. */
export function compact(M: Float64Array, rows: number, stride: number, m: number): Float64Array {
  const out = new Float64Array(rows * m);
  for (let i = 0; i < rows; i++) out.set(M.subarray(i * stride, i * stride + m), i * m);
  return out;
}
