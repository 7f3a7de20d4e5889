// costFeedsTraining decides whether a training step whose cost is not reported may skip the
// cost phase: only when no backward or update kernel reads a buffer that a cost kernel writes.
import { describe, expect, it } from 'vitest';
import type { PlanKernel, WebGpuPlan } from '@nnc/model/webgpu-plan';
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import { buildModel } from '@nnc/compiler/testing';
import { costFeedsTraining } from './webgpu-model.js';

const planar = compileWebGpuPlan(
  buildModel({ name: 'planar', sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy', l2: 0.1, precision: 'f32' }),
  { nncVersion: 'test' },
);

describe('costFeedsTraining', () => {
  it('is false for a compiled model: backward starts from the prediction, not from the cost', () => {
    expect(planar.phases.cost.length).toBeGreaterThan(0);
    expect(costFeedsTraining(planar)).toBe(false);
  });

  it('is true when a backward kernel reads what a cost kernel writes', () => {
    const reader: PlanKernel = { name: 'reads_cost', code: '', bindings: [{ buffer: planar.io.cost, access: 'read' }], dispatch: planar.kernels[0].dispatch, overrides: [] };
    const plan: WebGpuPlan = { ...planar, kernels: [...planar.kernels, reader], phases: { ...planar.phases, backward: [...planar.phases.backward, reader.name] } };
    expect(costFeedsTraining(plan)).toBe(true);
  });
});
