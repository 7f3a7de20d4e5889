import { it } from 'vitest';
import { createWebGpuModel, deviceForTests } from '@nnc/runtime-webgpu';
import { exampleModel, planOf, randomData } from './support.js';
it('timing', async () => {
  const gpu = await deviceForTests();
  for (const f of ['planar.nn', 'regression.nn']) {
    const model = exampleModel(f);
    let t = performance.now();
    const plan = planOf(model);
    console.log(f, 'plan', performance.now() - t, plan.kernels.length, plan.kernels.map(k=>k.code.length).reduce((a,b)=>a+b));
    t = performance.now();
    const g = await createWebGpuModel(gpu!.device, plan);
    console.log('create', performance.now() - t);
    const { X, Y } = randomData(model, 23, 1);
    t = performance.now();
    await g.step(X, Y, 23);
    console.log('step', performance.now() - t);
    t = performance.now();
    await g.step(X, Y, 23);
    console.log('step2', performance.now() - t);
  }
});
