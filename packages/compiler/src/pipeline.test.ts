import { describe, expect, it } from 'vitest';
import { compile, PASSES } from './pipeline.js';
import { buildModel } from './testing/model-builder.js';

describe('compile', () => {
  const model = buildModel({ name: 'planar', sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' });

  it('records the printed IR of the stages asked for, in pipeline order', () => {
    const { dumps } = compile(model, { dumpAfter: ['schedule', 'stabilize-loss'] });
    expect([...dumps.keys()]).toEqual(['stabilize-loss', 'schedule']);
    expect(dumps.get('stabilize-loss')).toMatch(/= bce_logits Z2 Y/);
    expect(compile(model, { dumpAfter: 'all' }).dumps.size).toBe(PASSES.length);
  });

  it('schedules the forward matmul with bias and activation in its epilogue', () => {
    const { dumps, schedule } = compile(model, { dumpAfter: ['schedule'] });
    expect(dumps.get('schedule')).toContain('matmul 4xm inner 2: acc = W1 X\n    A1 = tanh(add(b1[i0], acc))');
    expect(dumps.get('schedule')).toContain('matmul 4xm inner 1: acc = W2^T dZ2\n    dZ1 = mul(acc, sub(1, square(A1[ij])))');
    expect(schedule.phases.forward.map((k) => k.kind)).toEqual(['matmul', 'matmul']);
    expect(schedule.gradients).toEqual([
      { param: 'W1', buffer: 'dW1' },
      { param: 'b1', buffer: 'db1' },
      { param: 'W2', buffer: 'dW2' },
      { param: 'b2', buffer: 'db2' },
    ]);
  });
});
