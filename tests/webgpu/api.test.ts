// The rest of the CompiledModelAsync API of a WebGPU model: seeded initialisation, parameters and
// optimizer state round trips (a restored Adam model continues exactly like the original), input
// validation, and dispose.
import { describe, expect, it } from 'vitest';
import { createReferenceModel } from '@nnc/runtime-cpu';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { exampleModel, flatten, planOf, randomData, roundParameters } from './support.js';

const gpu = await deviceForTests();
const SMALL_WORKGROUPS = { maxWorkgroupSizes: { tile: 8, linear: 64 } };

describe.skipIf(gpu === null)('WebGPU model API', () => {
  it('initialises from any seed with the numpy-compatible stream of the CPU reference', async () => {
    const model = exampleModel('regression.nn');
    const webgpu = await createWebGpuModel(gpu!.device, planOf(model), SMALL_WORKGROUPS);
    const reference = createReferenceModel(model);
    await webgpu.initialize(7);
    reference.initialize(7);
    expect(flatten(await webgpu.getParameters())).toEqual(flatten(roundParameters(reference.getParameters())));
    webgpu.dispose();
  });

  it('restores parameters and Adam state so that training continues exactly', async () => {
    const model = exampleModel('softmax.nn');
    const plan = planOf(model);
    const { X, Y } = randomData(model, 9, 3);
    const original = await createWebGpuModel(gpu!.device, plan, SMALL_WORKGROUPS);
    await original.step(X, Y, 9);
    await original.step(X, Y, 9);
    const [parameters, state] = [await original.getParameters(), await original.getOptimizerState()];
    expect(state.step).toBe(2);
    const restored = await createWebGpuModel(gpu!.device, plan, SMALL_WORKGROUPS);
    await restored.setParameters(parameters);
    await restored.setOptimizerState(state);
    expect(await restored.step(X, Y, 9)).toBe(await original.step(X, Y, 9));
    expect(flatten(await restored.getParameters())).toEqual(flatten(await original.getParameters()));
    original.dispose();
    restored.dispose();
  });

  it('rejects inputs of the wrong size and use after dispose', async () => {
    const model = exampleModel('planar.nn');
    const webgpu = await createWebGpuModel(gpu!.device, planOf(model), SMALL_WORKGROUPS);
    await expect(webgpu.forward(new Float32Array(5), 3)).rejects.toThrow('X must hold 2 x 3 numbers, got 5');
    await expect(webgpu.setParameters([])).rejects.toThrow('expected parameters for 2 layers, got an array of 0');
    webgpu.dispose();
    await expect(webgpu.forward(new Float32Array(6), 3)).rejects.toThrow('this WebGPU model was disposed');
  });
});
