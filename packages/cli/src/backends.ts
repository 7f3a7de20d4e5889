/**
 * Where a model runs: `cpu` compiles it to a specialised TypeScript module and loads that
 * in-process (the default, and what `nnc compile` writes); `reference` runs the plain reference
 * interpreter (the oracle every backend is tested against); `webgpu` runs the generated WGSL
 * kernels on a WebGPU device.
 */
import { compile, emitTypeScript, type CompiledModel, type CompiledModelAsync } from '@nnc/compiler';
import type { ModelIR } from '@nnc/dsl/ir';
import { createReferenceModel, loadCompiledModel } from '@nnc/runtime-cpu';
import { UserError } from './user-error.js';

export const BACKENDS = ['cpu', 'reference', 'webgpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export function parseBackend(name: string): Backend {
  if ((BACKENDS as readonly string[]).includes(name)) return name as Backend;
  throw new UserError(`unknown backend '${name}'; expected one of ${BACKENDS.join(', ')}`);
}

export interface BackendModel {
  readonly model: CompiledModel | CompiledModelAsync;
  /** Releases what the backend holds (GPU buffers and device); a no-op on the CPU. */
  close(): void;
}

export async function createBackendModel(model: ModelIR, backend: Backend): Promise<BackendModel> {
  switch (backend) {
    case 'cpu': {
      const source = emitTypeScript(compile(model).schedule);
      return { model: loadCompiledModel(source).createModel(), close: () => {} };
    }
    case 'reference':
      return { model: createReferenceModel(model), close: () => {} };
    case 'webgpu': {
      const { openWebGpuModel } = await import('./webgpu-backend.js');
      return openWebGpuModel(model);
    }
  }
}
