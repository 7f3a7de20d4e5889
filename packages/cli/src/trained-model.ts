/** A model with its trained parameters, ready to predict: shared by `nnc predict` and `nnc evaluate`. */
import type { ModelIR, ParametersFile } from '@nnc/dsl/ir';
import { applyStandardization, type Dataset } from '@nnc/runtime-cpu';
import { createBackendModel, parseBackend, type BackendModel } from './backends.js';
import { labelOf } from './commands/hdf5-options.js';
import { checkDataShape, isHdf5, prepareData, readData, readModel, readParameters, type DataOptions } from './inputs.js';
import { UserError } from './user-error.js';

export interface TrainedModelOptions {
  readonly weights: string;
  readonly data: string;
  /**
   * The label column (undefined: the last column); null for prediction, where a column named as
   * the label saved at training is still left out of the features when the data has one.
   */
  readonly label?: string | null;
  /** HDF5: the datasets of X and of the labels (--x, --y). */
  readonly x?: string;
  readonly y?: string;
  readonly backend: string;
}

export interface TrainedModel {
  readonly model: ModelIR;
  readonly parameters: ParametersFile;
  /** The data, standardised as at training. */
  readonly data: Dataset;
  readonly opened: BackendModel;
}

/** Null when the .nn file has errors (already printed). */
export async function openTrainedModel(modelPath: string, options: TrainedModelOptions): Promise<TrainedModel | null> {
  const backend = parseBackend(options.backend);
  const model = readModel(modelPath);
  if (!model) return null;
  const parameters = readParameters(options.weights, model);
  const classes = parameters.labels?.classes ?? undefined;
  // Features are matched by name when the weights record them (the columns may come in any order).
  const dataOptions = { model, loss: model.loss, ...(classes ? { classes } : {}), features: parameters.features ?? null };
  await prepareData(options.data);
  // An HDF5 file names its own datasets (train_set_y in one file, test_set_y in the other): the
  // label saved at training is no default there.
  const raw = isHdf5(options.data)
    ? readData(options.data, { ...dataOptions, label: options.label === null && options.y === undefined ? null : labelOf({ ...options, label: options.label ?? undefined }), x: options.x })
    : withFeatureNames(options.weights, parameters.features, () =>
        readLabelledOrNot(options.data, options.label === undefined ? (parameters.labels?.name ?? undefined) : options.label, parameters.labels?.name ?? null, dataOptions),
      );
  checkDataShape(options.data, raw, model);
  const data = parameters.standardization
    ? { ...raw, X: applyStandardization(raw.X, raw.m, parameters.standardization) }
    : raw;
  const opened = await createBackendModel(model, backend, { m: data.m });
  await opened.model.setParameters(parameters.layers);
  return { model, parameters, data, opened };
}

/**
 * Runs `read`; when the data lacks a feature the weights name, the message says which features
 * the weights were trained on.
 */
export function withFeatureNames<T>(weights: string, features: readonly string[] | null | undefined, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof UserError) || !features || !/: no column '|' is missing, expected a number/.test(error.message)) throw error;
    throw new UserError(`${error.message}\nnnc: ${weights} was trained on the features ${features.join(', ')} (matched by name)`);
  }
}

/**
 * With `label` null (prediction), a data set that still has the training label column (e.g. the
 * training CSV itself) is read with that column as labels, so that it is not taken for a feature.
 * When neither reading works and the other one's problems name that column, the label's own
 * problems (e.g. a class unknown to the weights) are the ones reported.
 */
function readLabelledOrNot(path: string, label: string | null | undefined, saved: string | null, options: DataOptions): Dataset {
  if (label !== null || saved === null) return readData(path, { ...options, label });
  try {
    return readData(path, { ...options, label: saved });
  } catch (labelled) {
    if (!(labelled instanceof UserError)) throw labelled;
    try {
      return readData(path, { ...options, label: null });
    } catch (unlabelled) {
      throw unlabelled instanceof UserError && unlabelled.message.includes(`'${saved}'`) ? labelled : unlabelled;
    }
  }
}
