// Batches whose workgroup grid exceeds the device's maxComputeWorkgroupsPerDimension, with the
// limit lowered to 16 so that small shapes exercise the folded grids: forward, cost, gradients,
// training steps and a reported training run agree with the reference interpreter. Buffers above
// the (lowered) storage limit raise an error naming m and the limit, and WebGPU validation errors
// surface as thrown errors, never as silent zeros.
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '@nnc/dsl/ir';
import { createReferenceModel } from '@nnc/runtime-cpu';
import { GpuError, checkedSubmit, createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { exampleModel, flatten, planOf, randomData, roundParameters, worstMismatch } from './support.js';

const gpu = await deviceForTests();
/** 16 workgroups per dimension: planar at m = 150 needs 75 groups of 8 threads, 38 tiles of 4 columns. */
const TINY_GRID = { maxWorkgroupSizes: { tile: 4, linear: 8 }, limits: { maxComputeWorkgroupsPerDimension: 16 } };

async function expectAgreement(model: ModelIR, m: number): Promise<void> {
  const reference = createReferenceModel(model);
  const start = roundParameters(reference.getParameters());
  reference.setParameters(start);
  const webgpu = await createWebGpuModel(gpu!.device, planOf(model), TINY_GRID);
  try {
    await webgpu.setParameters(start);
    const { X, Y } = randomData(model, m, 5);
    expect(worstMismatch(await webgpu.forward(X, m), reference.forward(X, m))).toBeNull();
    const [cost, wantCost] = [await webgpu.cost(X, Y, m), reference.cost(X, Y, m)];
    expect(Math.abs(cost - wantCost)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(wantCost), 1e-1));
    const [gradients, want] = [await webgpu.gradients(X, Y, m), reference.gradients(X, Y, m)];
    gradients.dW.forEach((dW, l) => expect(worstMismatch(dW, want.dW[l], 1e-4, 1e-6), `dW${l + 1}`).toBeNull());
    gradients.db.forEach((db, l) => expect(worstMismatch(db, want.db[l], 1e-4, 1e-6), `db${l + 1}`).toBeNull());
    const [stepCost, wantStepCost] = [await webgpu.step(X, Y, m), reference.step(X, Y, m)];
    expect(Math.abs(stepCost - wantStepCost)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(wantStepCost), 1e-1));
    expect(worstMismatch(flatten(await webgpu.getParameters()), flatten(reference.getParameters()))).toBeNull();
    // Non-report steps skip the cost phase; reported costs and parameters still agree.
    const got = await webgpu.train(X, Y, m, { iterations: 5, reportEvery: 2 });
    const wanted = reference.train(X, Y, m, { iterations: 5, reportEvery: 2 });
    expect(got.costs.map((c) => c.iteration)).toEqual([0, 2, 4]);
    got.costs.forEach((c, k) => expect(Math.abs(c.cost - wanted.costs[k].cost)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(wanted.costs[k].cost), 1e-1)));
    expect(worstMismatch(flatten(await webgpu.getParameters()), flatten(reference.getParameters()), 1e-4, 1e-6)).toBeNull();
  } finally {
    webgpu.dispose();
  }
}

describe.skipIf(gpu === null)('grids above maxComputeWorkgroupsPerDimension', () => {
  it('planar (maps, tiled matmuls over m columns, a reduction over all elements)', async () => {
    await expectAgreement(exampleModel('planar.nn'), 150);
  });

  it('softmax (column-wise softmax and sums over m columns)', async () => {
    await expectAgreement(exampleModel('softmax.nn'), 70);
  });

  it('a buffer above maxStorageBufferBindingSize is an error naming m and the limit', async () => {
    const model = exampleModel('planar.nn');
    const webgpu = await createWebGpuModel(gpu!.device, planOf(model), { ...TINY_GRID, limits: { maxStorageBufferBindingSize: 4096 } });
    try {
      const m = 300; // A1 is 4 x 300 f32 = 4800 bytes
      const { X } = randomData(model, m, 1);
      await expect(webgpu.forward(X, m)).rejects.toThrow(/m = 300 .*maxStorageBufferBindingSize of 4096 bytes; use at most 256 examples/);
      // 256 examples still fit.
      expect((await webgpu.forward(X.subarray(0, 2 * 256), 256)).length).toBe(256);
    } finally {
      webgpu.dispose();
    }
  });

  it('a WebGPU validation error becomes a thrown GpuError with its message', async () => {
    const device = gpu!.device;
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const [a, b] = [device.createBuffer({ size: 16, usage }), device.createBuffer({ size: 16, usage })];
    try {
      const invalid = checkedSubmit(device, 'copying', () => {
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(a, 0, b, 0, 6); // sizes must be multiples of 4
        device.queue.submit([encoder.finish()]);
      });
      await expect(invalid).rejects.toThrow(GpuError);
      await expect(invalid).rejects.toThrow(/validation error while copying/);
      await expect(checkedSubmit(device, 'copying', () => 7)).resolves.toBe(7);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
