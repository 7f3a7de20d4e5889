// The WGSL emitter on the course's models: which kernels it produces and what their epilogues
// fuse (bias + activation into the forward product, the activation's derivative into the
// backward product, 1/m into dW and db), and how host-set scalars are read.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../testing/model-builder.js';
import { compileWebGpuPlan } from './emit-wgsl.js';
import type { PlanKernel } from '@nnc/model/webgpu-plan';

const planar = compileWebGpuPlan(
  buildModel({ name: 'planar', sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy', precision: 'f32' }),
  { nncVersion: '0.0.0' },
);

function kernel(name: string, plan = planar): PlanKernel {
  const found = plan.kernels.find((k) => k.name === name);
  if (found === undefined) throw new Error(`no kernel ${name} in ${plan.kernels.map((k) => k.name).join(', ')}`);
  return found;
}

describe('emitWebGpuPlan', () => {
  it('lays out the planar model as tiled matmuls, column reductions and fused updates', () => {
    expect(planar.phases.forward).toEqual(['forward_0_A1', 'forward_1_Z2']);
    expect(planar.phases.cost).toEqual(['cost_0_J']);
    expect(planar.phases.update).toHaveLength(4);
    expect(kernel('forward_0_A1').code).toContain('var<workgroup> tile_a: array<f32, TILE * TILE>;');
    expect(kernel('backward_1_db2').code).toContain('sum over columns j, one workgroup per row');
    expect(kernel('cost_0_J').code).toContain('sum over every element, one workgroup');
  });

  it('fuses bias add and activation into the forward product', () => {
    expect(kernel('forward_0_A1').code).toMatch(/let value0 = nnc_tanh\(\((b1\[i\] \+ acc|acc \+ b1\[i\])\)\);/);
    expect(kernel('forward_0_A1').bindings.map((b) => b.buffer)).toEqual(['A1', 'W1', 'X', 'b1']);
  });

  it('fuses tanh\'s derivative into dZ1 = W2^T dZ2 and 1/m into dW and db', () => {
    const dZ1 = kernel('backward_3_dZ1').code;
    expect(dZ1).toContain('W2[k * 4u + i] times dZ2[k * step.m + j], summed over k');
    expect(dZ1).toMatch(/let value0 = \(acc \* \(1f - nnc_square\(A1\[i \* step\.m \+ j\]\)\)\);/);
    expect(kernel('backward_5_dW1').code).toContain('dZ1[i * step.m + k] times X[j * step.m + k], summed over k');
    expect(kernel('backward_5_dW1').code).toMatch(/let value0 = \((step\.inv_m \* acc|acc \* step\.inv_m)\);/);
  });

  it('computes the cost from the logits and includes only the helpers a kernel calls', () => {
    const cost = kernel('cost_0_J').code;
    expect(cost).toContain('nnc_bce_logits(Z2[j], Y[j])');
    expect(cost).toContain('fn nnc_log1p(');
    expect(cost).not.toContain('fn nnc_tanh(');
    expect(kernel('update_0_W1').code).not.toContain('fn nnc_');
    // Recorded while spelling: the forward product calls tanh, its backward product square only.
    expect(kernel('forward_0_A1').code.match(/^fn nnc_\w+/gm)).toEqual(['fn nnc_tanh']);
    expect(kernel('backward_3_dZ1').code.match(/^fn nnc_\w+/gm)).toEqual(['fn nnc_square']);
  });

  it('derives every kernel\'s x workgroup index from a grid that may be folded into z', () => {
    for (const k of planar.kernels) {
      expect(k.code, k.name).toContain('@builtin(num_workgroups) groups: vec3<u32>');
      expect(k.code, k.name).toContain('(group.z * groups.x + group.x)');
    }
    expect(kernel('backward_4_db1').code).toContain('if (r >= 4u) {');
    expect(kernel('backward_1_db2').code).not.toContain('if (r >=');
  });

  it('reads Adam\'s bias corrections from the per-step uniform, not from a buffer', () => {
    const adam = compileWebGpuPlan(
      buildModel({
        sizes: [3, 2],
        activations: ['sigmoid'],
        loss: 'binary_cross_entropy',
        optimizer: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      }),
      { nncVersion: '0.0.0' },
    );
    const update = adam.phases.update.map((name) => kernel(name, adam).code).join('\n');
    expect(update).toContain('step.bias1');
    expect(update).toContain('step.bias2');
    expect(adam.buffers.map((b) => b.name)).not.toContain('bias_correction1');
    expect(adam.slots.map((s) => s.name).sort()).toEqual(['sW1', 'sb1', 'vW1', 'vb1']);
  });
});
