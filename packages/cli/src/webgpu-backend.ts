/** The `webgpu` backend: the model's generated WGSL kernels on a WebGPU device (Dawn in Node). */
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import type { ModelIR } from '@nnc/dsl/ir';
import { createWebGpuModel, requestNncDevice, WebGpuUnavailableError, type NncDevice } from '@nnc/runtime-webgpu';
import type { BackendModel } from './backends.js';
import { UserError } from './user-error.js';
import { NNC_VERSION } from './version.js';

export async function openWebGpuModel(model: ModelIR): Promise<BackendModel> {
  if (model.precision !== 'f32') {
    process.stderr.write(`nnc: warning: model '${model.name}' asks for f64; the webgpu backend computes in f32\n`);
  }
  let gpu: NncDevice;
  try {
    gpu = await requestNncDevice();
  } catch (error) {
    if (error instanceof WebGpuUnavailableError) throw new UserError(error.message);
    throw error;
  }
  const compiled = await createWebGpuModel(gpu.device, compileWebGpuPlan(model, { nncVersion: NNC_VERSION }));
  return {
    model: compiled,
    device: `webgpu on ${gpu.description}`,
    close: () => {
      compiled.dispose();
      gpu.device.destroy();
    },
  };
}
