/**
 * Reading what the user names on the command line: .nn files (diagnostics printed with code
 * frames), parameters files and data sets. Every problem becomes a UserError naming the file.
 */
import { extname } from 'node:path';
import { formatReport, hasErrors, parseModel } from '@nnc/dsl';
import { layerSizes, type LossKind, type ModelIR, type ParametersFile } from '@nnc/dsl/ir';
import {
  featureCheck,
  featureMismatch,
  loadCsv,
  loadHdf5,
  loadJson,
  loadNpy,
  prepareHdf5,
  readParametersFile,
  type Dataset,
  type LoadResult,
} from '@nnc/runtime-cpu';
import { readTextFile } from './files.js';
import { UserError } from './user-error.js';

/**
 * The model in the .nn file, every problem found in it reported on stderr with its code frame and
 * a count (as `nnc check` prints them, for every command); null when any is an error (the
 * command exits 1).
 */
export function readModel(path: string): ModelIR | null {
  const text = readTextFile(path);
  const { model, diagnostics } = parseModel(text, path);
  if (diagnostics.length > 0) process.stderr.write(formatReport(diagnostics, text));
  return hasErrors(diagnostics) ? null : model;
}

/** The parameters file, checked against the model; a different source hash is only a warning. */
export function readParameters(path: string, model: ModelIR): ParametersFile {
  const result = readParametersFile(path, layerSizes(model), model.source.sha256, model.name);
  if (!result.ok) throw new UserError(result.errors.join('\nnnc: '));
  for (const warning of result.warnings) process.stderr.write(`nnc: warning: ${warning}\n`);
  return result.parameters;
}

export interface DataOptions {
  /**
   * The label column (CSV), key (JSON rows) or labels file (.npy); null for unlabelled data;
   * undefined for the format's default (the last CSV column or JSON key; no labels for .npy).
   */
  readonly label?: string | null;
  readonly loss: LossKind;
  /** The class list saved at training (categorical models). */
  readonly classes?: readonly string[];
  /** The feature columns (CSV) or keys (JSON rows) by name, as saved at training; default: all but the label. */
  readonly features?: readonly string[] | null;
  /** The model the data is for: its input size is checked before any row or label is read. */
  readonly model?: ModelIR;
  /** HDF5: the dataset of X (default train_set_x, else test_set_x); `label` names the labels dataset. */
  readonly x?: string;
}

const HDF5 = new Set(['.h5', '.hdf5']);

export function isHdf5(path: string): boolean {
  return HDF5.has(extname(path).toLowerCase());
}

/** Loads what reading `path` needs that is loaded only on demand (h5wasm for HDF5 files). */
export async function prepareData(path: string): Promise<void> {
  if (isHdf5(path)) await prepareHdf5();
}

/** Loads a CSV, JSON, .npy or HDF5 (after prepareData) data set by its extension. */
export function readData(path: string, options: DataOptions): Dataset {
  const labelOptions = { loss: options.loss, ...(options.classes ? { classes: options.classes } : {}) };
  const named = {
    ...(options.features ? { features: options.features } : {}),
    ...(options.model ? { checkFeatures: featureCheck(path, options.model) } : {}),
  };
  let result: LoadResult;
  switch (extname(path).toLowerCase()) {
    case '.csv':
      result = loadCsv(path, { ...labelOptions, ...named, label: options.label });
      break;
    case '.json':
      result = loadJson(path, { ...labelOptions, ...named, label: options.label });
      break;
    case '.npy':
      result = loadNpy(path, options.label ?? null, { ...labelOptions, ...named });
      break;
    case '.h5':
    case '.hdf5':
      result = loadHdf5(path, { ...labelOptions, ...(options.x ? { x: options.x } : {}), y: options.label });
      break;
    default:
      throw new UserError(`${path}: unknown data format '${extname(path)}'; expected .csv, .json, .npy or .h5`);
  }
  if (!result.ok) throw new UserError(result.errors.join('\nnnc: '));
  return result.dataset;
}

/** Checks that the data has the model's input size (and output size when labelled). */
export function checkDataShape(path: string, data: Omit<Dataset, 'X' | 'Y'>, model: ModelIR): void {
  if (data.nx !== model.inputSize) throw new UserError(featureMismatch(path, data.nx, data.featureNames, model));
  const outputs = model.layers[model.layers.length - 1].units;
  if (data.labelName !== null && data.ny !== outputs) {
    const what = data.classes ? `${data.ny} classes (${data.classes.join(', ')})` : `${data.ny} label rows`;
    throw new UserError(`${path}: the labels give ${what} but the output layer of '${model.name}' has ${outputs} units`);
  }
}
