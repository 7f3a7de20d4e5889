/**
 * The three files the page hands out, made in the page: the generated TypeScript training
 * library (`nnc compile`), the weights file (`nnc train --save`, the same format) and the ONNX
 * model (`nnc export`, standardisation inside the graph).
 */
import { compile, emitTypeScript } from '@nnc/compiler';
import { exportOnnx } from '@nnc/compiler/onnx';
import type { ModelIR, Standardization } from '@nnc/dsl';
import type { LayerParameters, OptimizerState } from '@nnc/dsl/ir';
import { makeParametersFile } from '@nnc/runtime-cpu';

export interface TrainedState {
  readonly layers: LayerParameters[];
  readonly optimizerState: OptimizerState;
  readonly standardization: Standardization | null;
  readonly training: { readonly iterations: number; readonly cost: number } | null;
  readonly labels: { readonly name: string; readonly classes: string[] | null };
  readonly features: string[];
}

export function generatedTypeScript(model: ModelIR): Blob {
  return new Blob([emitTypeScript(compile(model).schedule)], { type: 'text/plain' });
}

export function weightsFile(model: ModelIR, state: TrainedState): Blob {
  const where = state.layers.findIndex((layer) => ![...layer.W.flat(), ...layer.b].every(Number.isFinite));
  if (where >= 0) throw new Error(`layer ${where + 1} holds NaN or an infinity: no weights file (train again from Reset)`);
  const file = makeParametersFile(
    { name: model.name, sourceSha256: model.source.sha256 },
    { layers: state.layers, standardization: state.standardization, training: state.training, optimizerState: state.optimizerState, labels: state.labels, features: state.features },
  );
  return new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
}

export function onnxFile(model: ModelIR, state: TrainedState): Blob {
  const bytes = exportOnnx(model, { layers: state.layers, standardization: state.standardization, training: state.training, labels: state.labels });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
