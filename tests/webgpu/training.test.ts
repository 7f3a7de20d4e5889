// Whole training runs on WebGPU against the reference interpreter: the 1000-iteration flower run
// of the course (2-4-1 tanh/sigmoid, normal(0.01) seed 2, lr 1.2) ends within 1e-3 of the CPU
// cost with the same accuracy (+-1 point), and mini-batch training with Adam follows the same
// shuffled batches (costs reported at the same steps, same parameters).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReferenceModel } from '@nnc/runtime-cpu';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { EXAMPLES, exampleModel, flatten, planOf, randomData, roundParameters, worstMismatch } from './support.js';

const gpu = await deviceForTests();

function flowerData(): { X: Float32Array; Y: Float32Array; m: number } {
  const rows = readFileSync(new URL('data/planar_flower.csv', EXAMPLES), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const m = rows.length;
  const X = new Float32Array(2 * m);
  const Y = new Float32Array(m);
  rows.forEach(([x1, x2, y], j) => {
    X[j] = x1;
    X[m + j] = x2;
    Y[j] = y;
  });
  return { X, Y, m };
}

function accuracy(A: ArrayLike<number>, Y: ArrayLike<number>): number {
  let correct = 0;
  for (let j = 0; j < Y.length; j++) if ((A[j] > 0.5 ? 1 : 0) === Y[j]) correct++;
  return (100 * correct) / Y.length;
}

describe.skipIf(gpu === null)('WebGPU training runs', () => {
  it('trains the flower network for 1000 iterations like the CPU reference', async () => {
    const model = exampleModel('planar.nn');
    const { X, Y, m } = flowerData();
    const reference = createReferenceModel(model);
    const want = reference.train(X, Y, m, { iterations: 1000, reportEvery: 100 });
    const webgpu = await createWebGpuModel(gpu!.device, planOf(model));
    const seen: number[] = [];
    const got = await webgpu.train(X, Y, m, { iterations: 1000, reportEvery: 100, onReport: (e) => void seen.push(e.iteration) });
    expect(seen).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(got.iterations).toBe(1000);
    got.costs.forEach((event, k) => expect(Math.abs(event.cost - want.costs[k].cost)).toBeLessThan(1e-3));
    expect(Math.abs(got.finalCost - want.finalCost)).toBeLessThan(1e-3);
    const [gpuAccuracy, cpuAccuracy] = [accuracy(await webgpu.forward(X, m), Y), accuracy(reference.forward(X, m), Y)];
    expect(Math.abs(gpuAccuracy - cpuAccuracy)).toBeLessThanOrEqual(1);
    expect(cpuAccuracy).toBeGreaterThan(85);
    console.log(`flower: final cost GPU ${got.finalCost} CPU ${want.finalCost}, accuracy GPU ${gpuAccuracy}% CPU ${cpuAccuracy}%`);
    webgpu.dispose();
  });

  it('stops before the step whose report returns false', async () => {
    const model = exampleModel('planar.nn');
    const { X, Y, m } = flowerData();
    const webgpu = await createWebGpuModel(gpu!.device, planOf(model));
    const result = await webgpu.train(X, Y, m, { iterations: 50, reportEvery: 10, onReport: (e) => e.iteration < 20 });
    expect(result.iterations).toBe(20);
    expect(result.costs.map((e) => e.iteration)).toEqual([0, 10, 20]);
    expect((await webgpu.getOptimizerState()).step).toBe(20);
    webgpu.dispose();
  });

  it('follows the shuffled mini-batches of the reference (softmax.nn: Adam, batch 16)', async () => {
    const model = exampleModel('softmax.nn');
    const m = 37; // three batches per epoch, the last of 5 examples
    const { X, Y } = randomData(model, m, 5);
    const reference = createReferenceModel(model);
    reference.setParameters(roundParameters(reference.getParameters()));
    const webgpu = await createWebGpuModel(gpu!.device, planOf(model), { maxWorkgroupSizes: { tile: 8, linear: 64 } });
    const want = reference.train(X, Y, m, { iterations: 8, reportEvery: 3 });
    const got = await webgpu.train(X, Y, m, { iterations: 8, reportEvery: 3 });
    expect(got.costs.map((e) => e.iteration)).toEqual(want.costs.map((e) => e.iteration));
    got.costs.forEach((e, k) => expect(Math.abs(e.cost - want.costs[k].cost)).toBeLessThan(1e-5 * Math.max(1, want.costs[k].cost)));
    expect(worstMismatch(flatten(await webgpu.getParameters()), flatten(reference.getParameters()), 1e-4, 1e-5)).toBeNull();
    expect(Math.abs(got.finalCost - want.finalCost)).toBeLessThan(1e-4);
    webgpu.dispose();
  });
});
