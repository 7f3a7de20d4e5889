/**
 * A data set read from its file a block of examples at a time, never whole: what `nnc train`
 * uses when the data does not fit in memory (CSV: csv-stream.ts, .npy: npy-stream.ts). Opening
 * one reads the whole file once to check every value (a problem anywhere is reported before
 * training starts), to count the examples, to find the classes and, when asked, to fit the
 * standardisation; blocks are then read again from the file on every pass.
 */
import type { Standardization } from '@nnc/dsl/ir';
import type { Dataset, FeatureCheck, LabelOptions } from './dataset.js';

export interface ExampleBlock {
  /** (nx, m) and (ny, m), row-major, as in Dataset. */
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly m: number;
  /** The index of the block's first example in the file. */
  readonly first: number;
  /** Bytes of the file read so far, for progress. */
  readonly position: number;
}

export interface ExampleStream extends Omit<Dataset, 'X' | 'Y'> {
  readonly file: string;
  /** Bytes of the file(s), for progress. */
  readonly size: number;
  readonly labelName: string;
  /** Fitted on the whole file in the first pass, when asked for. */
  readonly standardization: Standardization | null;
  /** Consecutive blocks of `size` examples in file order (the last one shorter), from example `from`. */
  blocks(size: number, from?: number): Generator<ExampleBlock>;
  /** Releases the files it holds open. */
  close(): void;
}

export interface StreamOptions extends LabelOptions, FeatureCheck {
  /** The label column (CSV; default the last) or labels file (.npy). */
  readonly label?: string;
  /** Feature columns by name (CSV), as saved with weights. */
  readonly features?: readonly string[] | null;
  /** Fit a standardisation in the first pass. */
  readonly standardize?: boolean;
}

export type StreamResult = { readonly ok: true; readonly stream: ExampleStream } | { readonly ok: false; readonly errors: string[] };

/** Examples per block of the first pass. */
export const SCAN_BLOCK = 4096;
