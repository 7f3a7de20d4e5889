/** The model API's argument checks (tests/support/api-checks-cases.ts) on WebGPU. */
import { describe } from 'vitest';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { describeApiChecks } from '../support/api-checks-cases.js';
import { exampleModel, planOf } from './support.js';

const gpu = await deviceForTests();

describe.skipIf(gpu === null)('WebGPU', () => {
  const base = exampleModel('planar.nn');
  const model = { ...base, optimizer: { kind: 'adam' as const, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } };
  describeApiChecks('WebGPU', {
    planarAdam: () => createWebGpuModel(gpu!.device, planOf(model)),
    array: (values) => Float32Array.from(values),
  });
});
