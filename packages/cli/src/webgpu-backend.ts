import type { ModelIR } from '@nnc/dsl/ir';
import type { BackendModel } from './backends.js';
import { UserError } from './user-error.js';

export async function openWebGpuModel(model: ModelIR): Promise<BackendModel> {
  void model;
  throw new UserError('the webgpu backend is not wired yet');
}
