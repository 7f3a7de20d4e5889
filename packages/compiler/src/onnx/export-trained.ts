/**
 * ONNX export straight from a trained model object, whatever its backend: the generated
 * TypeScript module or the reference interpreter (`CompiledModel`, synchronous) or the WebGPU
 * wrapper (`CompiledModelAsync`). The weights are read with `getParameters()` (awaited), so the
 * graph holds exactly what the model computes with; the model object must be the one compiled
 * from `model` (same sizes, activations and source).
 */
import type { ModelIR, Standardization } from '@nnc/dsl/ir';
import type { CompiledModel, CompiledModelAsync } from '@nnc/model';
import { OnnxExportError } from './errors.js';
import { exportOnnx, type OnnxExportOptions } from './export-onnx.js';

/** What the model object does not hold: the input standardisation and the training summary. */
export interface TrainedModelExtras {
  readonly standardization: Standardization | null;
  readonly training: { readonly iterations: number; readonly cost: number } | null;
  /** The label column and class names, recorded in the metadata (nnc.label, nnc.classes). */
  readonly labels?: { readonly name: string; readonly classes: readonly string[] | null } | null;
}

/** Reads the parameters of `trained` (compiled from `model`) and encodes them as ONNX bytes. */
export async function exportTrainedModel(
  model: ModelIR,
  trained: CompiledModel | CompiledModelAsync,
  extras: TrainedModelExtras,
  options: OnnxExportOptions = {},
): Promise<Uint8Array> {
  checkSameModel(model, trained);
  const layers = await trained.getParameters();
  const { standardization, training, labels } = extras;
  return exportOnnx(model, { layers, standardization, training, labels: labels ?? null }, options);
}

function checkSameModel(model: ModelIR, trained: CompiledModel | CompiledModelAsync): void {
  const { meta } = trained;
  const sizes = [model.inputSize, ...model.layers.map((layer) => layer.units)];
  const activations = model.layers.map((layer) => layer.activation.kind);
  const differences: string[] = [];
  if (meta.sizes.join(',') !== sizes.join(',')) differences.push(`layer sizes ${meta.sizes.join('-')} instead of ${sizes.join('-')}`);
  if (meta.activations.join(',') !== activations.join(',')) {
    differences.push(`activations ${meta.activations.join(', ')} instead of ${activations.join(', ')}`);
  }
  if (meta.sourceSha256 !== model.source.sha256) differences.push(`source SHA-256 ${meta.sourceSha256} instead of ${model.source.sha256}`);
  if (differences.length > 0) {
    throw new OnnxExportError(
      `cannot export model '${model.name}' to ONNX: the trained model object '${meta.name}' was compiled from another model (${differences.join('; ')})`,
    );
  }
}
