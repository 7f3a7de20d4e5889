/**
 * The mini-batch schedule shared by every backend (model-ir.ts, `Training`): optimizer step t
 * (0-based, counted over the whole run) falls in epoch e = floor(t / B) with B = ceil(m / size)
 * batches per epoch, and uses batch t mod B of that epoch. Each epoch's order is
 * `np.random.seed(shuffleSeed + e); np.random.permutation(m)`, cut into consecutive batches of
 * `size` examples, the last one smaller when size does not divide m. Because the schedule is a
 * function of t, training resumes exactly where a checkpoint's optimizer step count left off.
 */
import { NumpyRandom } from '@nnc/model';

export function batchesPerEpoch(m: number, batchSize: number | null): number {
  return batchSize === null ? 1 : Math.ceil(m / batchSize);
}

export class BatchSchedule {
  private epoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(
    private readonly m: number,
    private readonly batchSize: number,
    private readonly shuffleSeed: number,
  ) {}

  /** Column indices (examples) of the batch used by optimizer step t. */
  columns(t: number): Int32Array {
    const perEpoch = batchesPerEpoch(this.m, this.batchSize);
    const epoch = Math.floor(t / perEpoch);
    if (epoch !== this.epoch) {
      this.order = new NumpyRandom(this.shuffleSeed + epoch).permutation(this.m);
      this.epoch = epoch;
    }
    const start = (t % perEpoch) * this.batchSize;
    return this.order.subarray(start, Math.min(start + this.batchSize, this.m));
  }
}

/** The columns `columns` of the (rows, m) row-major matrix M, as a (rows, columns.length) matrix. */
export function selectColumns(M: Float64Array, rows: number, m: number, columns: Int32Array): Float64Array {
  const count = columns.length;
  const out = new Float64Array(rows * count);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < count; j++) out[i * count + j] = M[i * m + columns[j]];
  }
  return out;
}
