/**
 * How much memory a data file takes once loaded, told before loading it: from the .npy header
 * (exact), or for CSV from the header's columns and the lines in the first megabyte (an
 * estimate); JSON, parsed whole, is counted at ten times its size.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CsvRecords } from './csv-records.js';
import { NpyFile } from './npy-file.js';

export interface DataSize {
  /** Bytes of the file(s). */
  readonly fileBytes: number;
  /** Examples (estimated for CSV). */
  readonly examples: number;
  /** Bytes the loaded data set takes (float64 X and Y). */
  readonly loadedBytes: number;
  readonly exact: boolean;
}

const SAMPLE = 1 << 20;

/** The size of the data in `path` (and the labels file of an .npy X); null when the file cannot be read (the loader says why). */
export function dataSize(path: string, labelsPath: string | null = null): DataSize | null {
  try {
    switch (extname(path).toLowerCase()) {
      case '.npy':
        return npySize(path, labelsPath);
      case '.csv':
        return csvSize(path);
      default: {
        const fileBytes = statSync(path).size;
        return { fileBytes, examples: NaN, loadedBytes: 10 * fileBytes, exact: false };
      }
    }
  } catch {
    return null;
  }
}

function npySize(path: string, labelsPath: string | null): DataSize | null {
  const files = [path, ...(labelsPath ? [labelsPath] : [])].map((p) => NpyFile.open(p));
  try {
    if (files.some((file) => typeof file === 'string')) return null;
    const opened = files as NpyFile[];
    const [x] = opened;
    const shape = x.header.shape;
    const examples = shape.length === 2 ? shape[1] : shape[0];
    const values = opened.reduce((sum, file) => sum + file.count, 0);
    return { fileBytes: opened.reduce((sum, file) => sum + file.size, 0), examples, loadedBytes: 8 * values, exact: true };
  } finally {
    for (const file of files) if (typeof file !== 'string') file.close();
  }
}

function csvSize(path: string): DataSize {
  const fileBytes = statSync(path).size;
  const records = CsvRecords.fromFile(path);
  let columns = 0;
  try {
    columns = records.next()?.cells.length ?? 0;
  } finally {
    records.close();
  }
  const sample = Buffer.alloc(Math.min(SAMPLE, fileBytes));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, sample, 0, sample.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (let k = 0; k < sample.length; k++) if (sample[k] === 10) lines++;
  const exact = sample.length === fileBytes;
  // Lines in the sample, scaled to the file; the header is one of them.
  const examples = exact ? Math.max(0, lines - 1 + (sample.at(-1) === 10 ? 0 : 1)) : Math.round((lines * fileBytes) / sample.length);
  return { fileBytes, examples, loadedBytes: 8 * examples * columns, exact };
}
