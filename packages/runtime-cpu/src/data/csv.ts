/**
 * CSV with a header row: the label column (by name; default the last column) becomes Y, the
 * other columns (or the `features` given, in that order) become X. Every problem is reported with
 * file:line and the column's name: a header naming a column twice or not at all, a cell that is
 * not a decimal number, a row with the wrong number of cells, a missing label or feature column
 * (listing the columns there are). Blank lines are skipped. The file is read in chunks
 * (csv-records.ts), so its size is bounded by memory for the numbers, not by JavaScript's
 * string length.
 */
import { CsvRecords, type CsvRecord } from './csv-records.js';
import { Problems, type FeatureCheck, type LabelOptions, type LoadResult } from './dataset.js';
import { describeBadNumber, parseDecimal } from './decimal.js';
import { GrowingArray } from './growing-array.js';
import { LabelEncoder } from './labels.js';

export interface CsvOptions extends LabelOptions, FeatureCheck {
  /** The label column; default the last column; null when the file has no labels. */
  readonly label?: string | null;
  /** Feature columns in order; default every column but the label. */
  readonly features?: readonly string[];
}

/** Which column is what, from the header. */
export interface CsvLayout {
  readonly columns: readonly string[];
  readonly label: string | null;
  /** -1 without labels. */
  readonly labelIndex: number;
  readonly featureNames: string[];
  readonly featureIndex: readonly number[];
}

export function loadCsv(path: string, options: CsvOptions = {}): LoadResult {
  let records: CsvRecords;
  try {
    records = CsvRecords.fromFile(path);
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  try {
    return readCsv(records, path, options);
  } finally {
    records.close();
  }
}

export function parseCsv(text: string, file: string, options: CsvOptions = {}): LoadResult {
  return readCsv(CsvRecords.fromText(text), file, options);
}

/** The next record that is not a blank line, or null. */
export function nextRecord(records: CsvRecords): CsvRecord | null {
  for (let record = records.next(); record !== null; record = records.next()) {
    if (!(record.cells.length === 1 && record.cells[0].trim() === '')) return record;
  }
  return null;
}

/** The layout the header gives, or the problems with it. */
export function csvLayout(header: CsvRecord, file: string, options: CsvOptions): CsvLayout | string[] {
  const at = `${file}:${header.line}`;
  const columns = header.cells.map((c) => c.trim());
  const problems: string[] = [];
  if (header.problem !== null) problems.push(`${at}: ${header.problem}`);
  const first = new Map<string, number>();
  columns.forEach((name, k) => {
    if (name === '') problems.push(`${at}: column ${k + 1} of the header has no name`);
    else if (first.has(name)) problems.push(`${at}: the header names column '${name}' twice (columns ${(first.get(name) ?? 0) + 1} and ${k + 1})`);
    else first.set(name, k);
  });
  if (problems.length > 0) return problems;
  const label = options.label === undefined ? columns[columns.length - 1] : options.label;
  const labelIndex = label === null ? -1 : columns.indexOf(label);
  if (label !== null && labelIndex < 0) return [`${at}: no label column '${label}'; the columns are ${columns.join(', ')}`];
  const featureNames = options.features ? [...options.features] : columns.filter((_, i) => i !== labelIndex);
  const featureIndex = featureNames.map((name) => columns.indexOf(name));
  const missing = featureNames.filter((_, i) => featureIndex[i] < 0);
  if (missing.length > 0) return [`${at}: no column ${missing.map((n) => `'${n}'`).join(', ')}; the columns are ${columns.join(', ')}`];
  return { columns, label, labelIndex, featureNames, featureIndex };
}

/**
 * Parses the features of one data record into out[at + i * stride] (i the feature) and adds its
 * label to `labels`; every problem goes to `problems`. False when the record has any.
 */
export function readCsvRow(
  record: CsvRecord,
  layout: CsvLayout,
  file: string,
  out: Float64Array,
  at: number,
  stride: number,
  labels: Pick<LabelEncoder, 'add'> | null,
  problems: Problems,
): boolean {
  const where = `${file}:${record.line}`;
  const before = problems.size;
  if (record.problem !== null) problems.add(`${where}: ${record.problem}`);
  const { cells, columns } = { cells: record.cells, columns: layout.columns };
  if (cells.length !== columns.length) {
    problems.add(`${where}: expected ${columns.length} cells (${abbreviate(columns)}), found ${cells.length}`);
    return false;
  }
  for (let i = 0; i < layout.featureIndex.length; i++) {
    const column = layout.featureIndex[i];
    const cell = cells[column].trim();
    const value = parseDecimal(cell);
    if (typeof value === 'number') out[at + i * stride] = value;
    else problems.add(`${where}: column '${columns[column]}' ${describeBadNumber(cell, value)}`);
  }
  if (labels !== null) {
    const problem = labels.add(cells[layout.labelIndex]);
    if (problem !== null) problems.add(`${where}: ${problem}`);
  }
  return problems.size === before;
}

function readCsv(records: CsvRecords, file: string, options: CsvOptions): LoadResult {
  const header = nextRecord(records);
  if (header === null) return { ok: false, errors: [`${file}: the file is empty (expected a header row)`] };
  const layout = csvLayout(header, file, options);
  if (Array.isArray(layout)) return { ok: false, errors: layout };
  const nx = layout.featureNames.length;
  const shape = options.checkFeatures?.(nx, layout.featureNames) ?? null;
  if (shape !== null) return { ok: false, errors: [shape] };
  const labels = layout.label === null ? null : new LabelEncoder(options.loss ?? 'binary_cross_entropy', layout.label, options.classes);
  const problems = new Problems();
  // Example-major while reading (m is not known yet), then transposed into (n_x, m).
  const rows = new GrowingArray(Float64Array);
  const row = new Float64Array(nx);
  let m = 0;
  for (let record = nextRecord(records); record !== null; record = nextRecord(records)) {
    m++;
    readCsvRow(record, layout, file, row, 0, 1, labels, problems);
    for (let i = 0; i < nx; i++) rows.push(row[i]);
  }
  if (problems.size > 0) return { ok: false, errors: problems.list() };
  if (m === 0) return { ok: false, errors: [`${file}: no data rows after the header`] };
  const byExample = rows.view();
  const X = new Float64Array(nx * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < nx; i++) X[i * m + j] = byExample[j * nx + i];
  const { featureNames, label } = layout;
  if (labels === null || label === null) {
    return { ok: true, dataset: { X, Y: new Float64Array(0), m, nx, ny: 0, featureNames, namedFeatures: true, labelName: null, classes: null } };
  }
  const encoded = labels.finish();
  return { ok: true, dataset: { X, Y: encoded.Y, m, nx, ny: encoded.ny, featureNames, namedFeatures: true, labelName: label, classes: encoded.classes } };
}

/** Names as a short list: all of them up to eight, else the first three, '...' and the last. */
function abbreviate(names: readonly string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, ..., ${names[names.length - 1]}`;
}
