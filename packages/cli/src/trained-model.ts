/** A model with its trained parameters, ready to predict: shared by `nnc predict` and `nnc evaluate`. */
import type { ModelIR, ParametersFile } from '@nnc/dsl/ir';
import { applyStandardization, type Dataset } from '@nnc/runtime-cpu';
import { createBackendModel, parseBackend, type BackendModel } from './backends.js';
import { checkDataShape, readData, readModel, readParameters } from './inputs.js';

export interface TrainedModelOptions {
  readonly weights: string;
  readonly data: string;
  readonly label?: string | null;
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
  const raw = readData(options.data, { label: options.label, loss: model.loss, ...(classes ? { classes } : {}) });
  checkDataShape(options.data, raw, model);
  const data = parameters.standardization
    ? { ...raw, X: applyStandardization(raw.X, raw.m, parameters.standardization) }
    : raw;
  const opened = await createBackendModel(model, backend);
  await opened.model.setParameters(parameters.layers);
  return { model, parameters, data, opened };
}
