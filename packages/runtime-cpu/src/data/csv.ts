/**
 * CSV with a header row: the label column (by name; default the last column) becomes Y, the
 * other columns (or the `features` given, in that order) become X. Every problem is reported with
 * file:line and the column's name: a non-numeric cell, a row with the wrong number of cells, a
 * missing label or feature column (listing the columns there are). Blank lines are skipped.
 * Line numbers assume no quoted field spans several lines. The delimiter (comma, semicolon, tab)
 * is detected by papaparse.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { capErrors, type LabelOptions, type LoadResult } from './dataset.js';
import { canonicalLabel, encodeLabels } from './labels.js';

export interface CsvOptions extends LabelOptions {
  /** The label column; default the last column; null when the file has no labels. */
  readonly label?: string | null;
  /** Feature columns in order; default every column but the label. */
  readonly features?: readonly string[];
}

export function loadCsv(path: string, options: CsvOptions = {}): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  return parseCsv(text, path, options);
}

export function parseCsv(text: string, file: string, options: CsvOptions = {}): LoadResult {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, dynamicTyping: false });
  // A file with one column has no delimiter to detect; papaparse then falls back to ',' (fine).
  const errors = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => `${file}:${(e.row ?? 0) + 1}: ${e.message}`);
  const lines = parsed.data
    .map((cells, i) => ({ cells, line: i + 1 }))
    .filter(({ cells }) => !(cells.length === 1 && cells[0].trim() === ''));
  if (lines.length === 0) return { ok: false, errors: [`${file}: the file is empty (expected a header row)`] };
  const [header, ...rows] = lines;
  const columns = header.cells.map((c) => c.trim());
  const label = options.label === undefined ? columns[columns.length - 1] : options.label;
  const labelIndex = label === null ? -1 : columns.indexOf(label);
  if (label !== null && labelIndex < 0) {
    return { ok: false, errors: [`${file}:1: no label column '${label}'; the columns are ${columns.join(', ')}`] };
  }
  const featureNames = options.features ? [...options.features] : columns.filter((_, i) => i !== labelIndex);
  const featureIndex = featureNames.map((name) => columns.indexOf(name));
  const missing = featureNames.filter((_, i) => featureIndex[i] < 0);
  if (missing.length > 0) {
    return { ok: false, errors: [`${file}:1: no column ${missing.map((n) => `'${n}'`).join(', ')}; the columns are ${columns.join(', ')}`] };
  }
  if (rows.length === 0) return { ok: false, errors: [`${file}: no data rows after the header`] };

  const m = rows.length;
  const nx = featureNames.length;
  const X = new Float64Array(nx * m);
  const labels: string[] = [];
  rows.forEach(({ cells, line }, j) => {
    if (cells.length !== columns.length) {
      errors.push(`${file}:${line}: expected ${columns.length} cells (${columns.join(', ')}), found ${cells.length}`);
      return;
    }
    featureIndex.forEach((column, i) => {
      const cell = cells[column].trim();
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) errors.push(`${file}:${line}: column '${columns[column]}' is '${cell}', expected a number`);
      X[i * m + j] = value;
    });
    if (labelIndex >= 0) labels.push(canonicalLabel(cells[labelIndex]));
  });
  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };

  if (label === null) {
    return { ok: true, dataset: { X, Y: new Float64Array(0), m, nx, ny: 0, featureNames, labelName: null, classes: null } };
  }
  const encoded = encodeLabels(labels, options.loss ?? 'binary_cross_entropy', label, (j) => `${file}:${rows[j].line}`, options.classes);
  if (Array.isArray(encoded)) return { ok: false, errors: capErrors(encoded) };
  return { ok: true, dataset: { X, Y: encoded.Y, m, nx, ny: encoded.ny, featureNames, labelName: label, classes: encoded.classes } };
}
