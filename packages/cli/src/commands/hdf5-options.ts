/**
 * The options of HDF5 data (`--data train.h5 --x train_set_x --y train_set_y`) and of scaling
 * (`--scale 255`, as the course divides its 8-bit images), shared by the commands that read data.
 * A scale is kept as a standardisation with mean 0 and std `scale` for every feature, so that it is
 * saved with the weights and `nnc evaluate`, `nnc predict` and the ONNX export apply it as well.
 */
import type { Standardization } from '@nnc/dsl/ir';
import { InvalidArgumentError } from 'commander';
import { isHdf5 } from '../inputs.js';
import { optionGroup } from '../option-group.js';
import { UserError } from '../user-error.js';

export interface Hdf5Options {
  readonly data: string;
  readonly label?: string;
  readonly x?: string;
  readonly y?: string;
}

export interface ScaleOptions {
  readonly scale?: number;
  readonly standardize?: boolean;
}

export const addHdf5Options = optionGroup([
  ['--x <dataset>', 'HDF5 (.h5): the dataset of X, examples along its first axis (default: train_set_x, else test_set_x)'],
  ['--y <dataset>', 'HDF5 (.h5): the dataset of the labels (default: train_set_y, else test_set_y)'],
]);

export const addScaleOption = optionGroup([
  ['--scale <divisor>', 'divide every feature by this number (255 for 8-bit images); saved with the weights', parseDivisor],
]);

function parseDivisor(text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new InvalidArgumentError(`expected a number greater than 0, got '${text}'`);
  return value;
}

/** The labels to read: `--y` (HDF5) or `--label`; a UserError when they clash or --x/--y name no HDF5 file. */
export function labelOf(options: Hdf5Options): string | undefined {
  if (!isHdf5(options.data) && (options.x !== undefined || options.y !== undefined)) {
    throw new UserError(`--${options.x !== undefined ? 'x' : 'y'} names a dataset of an HDF5 file, but --data ${options.data} is not one (.h5)`);
  }
  if (options.y !== undefined && options.label !== undefined && options.y !== options.label) {
    throw new UserError(`--y ${options.y} and --label ${options.label} name different labels; give one`);
  }
  return options.y ?? options.label;
}

/** The standardisation that `--scale` stands for; null without it. */
export function scaleStandardization(options: ScaleOptions, nx: number): Standardization | null {
  if (options.scale === undefined) return null;
  if (options.standardize) throw new UserError('--scale and --standardize both rescale the features; give one');
  return { mean: new Array<number>(nx).fill(0), std: new Array<number>(nx).fill(options.scale) };
}
