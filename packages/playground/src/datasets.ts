/**
 * The data the page trains on: the bundled sets (each with the example model written for it) or
 * a CSV the user drops or picks, read by the same CSV reader as `nnc train`, with the label
 * column chosen from the header.
 */
import type { ModelIR } from '@nnc/dsl';
import { featureCheck, parseCsv, type Dataset } from '@nnc/runtime-cpu';
import breastCancerCsv from '../../../examples/data/breast_cancer.csv?raw';
import flowerCsv from '../../../examples/data/planar_flower.csv?raw';
import threeSpeciesCsv from '../../../examples/data/three_species.csv?raw';
import breastCancerModel from '../../../examples/breast-cancer.nn?raw';
import planarModel from '../../../examples/planar.nn?raw';
import softmaxModel from '../../../examples/softmax.nn?raw';

export interface DataSource {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly text: string;
  /** The label column the example uses (the last column for a dropped file). */
  readonly label: string;
  readonly standardize: boolean;
  /** The example model for this data, with its file name. */
  readonly model: { readonly file: string; readonly text: string } | null;
}

export const BUNDLED: readonly DataSource[] = [
  { id: 'flower', title: 'the flower (2 features, 400 points)', file: 'planar_flower.csv', text: flowerCsv, label: 'y', standardize: false, model: { file: 'planar.nn', text: planarModel } },
  {
    id: 'breast-cancer',
    title: 'breast cancer (30 features, 569 examples)',
    file: 'breast_cancer.csv',
    text: breastCancerCsv,
    label: 'benign',
    standardize: true,
    model: { file: 'breast-cancer.nn', text: breastCancerModel },
  },
  {
    id: 'three-species',
    title: 'three species (4 features, 300 flowers, 3 classes)',
    file: 'three_species.csv',
    text: threeSpeciesCsv,
    label: 'species',
    standardize: true,
    model: { file: 'softmax.nn', text: softmaxModel },
  },
];

/** The column names of a CSV's header (first non-blank line), or the problem with it. */
export function csvHeader(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return first.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

/** The data rows of a CSV (non-blank lines after the header), for the summary's example count. */
export function csvRowCount(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1);
}

export function userSource(file: string, text: string): DataSource {
  const columns = csvHeader(text);
  return { id: 'dropped', title: file, file, text, label: columns[columns.length - 1] ?? '', standardize: true, model: null };
}

export type Loaded = { readonly ok: true; readonly dataset: Dataset } | { readonly ok: false; readonly errors: string[] };

/** The data set for this model's loss (class labels become one-hot rows for softmax models). */
export function loadSource(source: DataSource, label: string, model: Pick<ModelIR, 'name' | 'inputSize' | 'loss'>): Loaded {
  // The feature count first, as nnc train checks it: a file of another shape is named as such
  // before anything about its rows or labels.
  return parseCsv(source.text, source.file, { label, loss: model.loss, checkFeatures: featureCheck(source.file, model) });
}

/** The reader's problems as it lists them (a few of each kind, then its count), at most four lines. */
export function firstProblems(errors: readonly string[]): string {
  if (errors.length <= 4) return errors.join('\n');
  return [...errors.slice(0, 3), `... and ${errors.length - 3} more problems`].join('\n');
}
