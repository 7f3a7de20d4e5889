import { describe, expect, it } from 'vitest';
import type { ModelIR } from '@nnc/dsl/ir';
import { MAX_REPORTS, trainingLength } from './training-length.js';

const model = (training: Partial<ModelIR['training']>) =>
  ({ training: { iterations: null, epochs: null, batchSize: null, reportEvery: 1000, shuffleSeed: 0, ...training } }) as unknown as ModelIR;

describe('trainingLength', () => {
  it("takes the model's count, or --iterations, as the total, also when resuming", () => {
    const planar = model({ iterations: 10000 });
    expect(trainingLength(planar, 1, 0)).toEqual({ total: 10000, steps: 10000, reportEvery: 1000, note: null });
    expect(trainingLength(planar, 1, 3800)).toMatchObject({ total: 10000, steps: 6200 });
    expect(trainingLength(planar, 1, 3800, { iterations: 5000 })).toMatchObject({ total: 5000, steps: 1200 });
    expect(trainingLength(planar, 1, 12000)).toMatchObject({ total: 10000, steps: 0 }); // already there
  });

  it('counts epochs times the batches of an epoch, and report_every in epochs', () => {
    const iris = model({ epochs: 200, batchSize: 16, reportEvery: 20 });
    expect(trainingLength(iris, 15, 0)).toEqual({ total: 3000, steps: 3000, reportEvery: 300, note: null });
    expect(trainingLength(iris, 15, 1000, { reportEvery: 5 })).toEqual({ total: 3000, steps: 2000, reportEvery: 75, note: null });
  });

  it(`caps a long run at about ${MAX_REPORTS} report lines unless --report-every is given`, () => {
    const long = model({ iterations: 10000, reportEvery: 1000 });
    const capped = trainingLength(long, 1, 0, { iterations: 300000 });
    // 300 reports asked; 1000 * 20 = 20000 gives 15 lines, a multiple of the model's interval
    expect(capped.reportEvery).toBe(20000);
    expect(capped.total / capped.reportEvery).toBeLessThanOrEqual(MAX_REPORTS);
    expect(capped.note).toBe('reporting every 20000 iterations (at most 20 report lines; --report-every N chooses)');
    expect(trainingLength(long, 1, 0, { iterations: 300000, reportEvery: 1000 })).toMatchObject({ reportEvery: 1000, note: null });
    const epochs = trainingLength(model({ epochs: 1000, batchSize: 10, reportEvery: 1 }), 4, 0);
    expect([epochs.reportEvery, epochs.note]).toEqual([200, 'reporting every 50 epochs (at most 20 report lines; --report-every N chooses)']);
  });
});
