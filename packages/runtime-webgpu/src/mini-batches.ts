/**
 * Mini-batches on the GPU, with the schedule every backend shares (see @nnc/runtime-cpu's
 * BatchSchedule and model-ir.ts): optimizer step t (0-based over the whole run) is in epoch
 * e = floor(t / B), B = ceil(m / size), and uses batch t mod B of the permutation
 * `np.random.seed(shuffleSeed + e); np.random.permutation(m)`, the last batch smaller.
 *
 * At each epoch change the host uploads that epoch's examples in batch order (batch b as an
 * (n, size_b) block), and every step copies its block into the model's X and Y buffers inside
 * the command buffer, so that the steps of one epoch need no host round trip.
 */
import type { FloatArray } from '@nnc/model';
import type { WebGpuPlan } from '@nnc/model/webgpu-plan';
import { NumpyRandom } from '@nnc/model';
import type { GpuProgram } from './gpu-program.js';

export class MiniBatches {
  readonly perEpoch: number;
  private epoch = -1;
  private readonly epochX: GPUBuffer;
  private readonly epochY: GPUBuffer;
  private readonly nx: number;
  private readonly ny: number;

  constructor(
    private readonly program: GpuProgram,
    private readonly plan: WebGpuPlan,
    private readonly X: FloatArray,
    private readonly Y: FloatArray,
    private readonly m: number,
    private readonly batchSize: number,
    private readonly shuffleSeed: number,
  ) {
    const sizes = plan.meta.sizes;
    [this.nx, this.ny] = [sizes[0], sizes[sizes.length - 1]];
    this.perEpoch = Math.ceil(m / batchSize);
    const largest = Math.max(this.nx, this.ny) * m * 4;
    if (largest > program.limits.maxBufferSize) {
      throw new Error(
        `m = ${m} training examples take ${largest} bytes per epoch buffer, above this WebGPU device's maxBufferSize of ${program.limits.maxBufferSize} bytes`,
      );
    }
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.epochX = program.device.createBuffer({ label: 'epoch X', size: this.nx * m * 4, usage });
    this.epochY = program.device.createBuffer({ label: 'epoch Y', size: this.ny * m * 4, usage });
  }

  /** Batch index (within its epoch) of optimizer step t. */
  batchOf(t: number): number {
    return t % this.perEpoch;
  }

  /** Examples in batch b. */
  sizeOf(batch: number): number {
    return Math.min(this.batchSize, this.m - batch * this.batchSize);
  }

  needsUpload(t: number): boolean {
    return Math.floor(t / this.perEpoch) !== this.epoch;
  }

  /** Uploads the shuffled examples of the epoch containing step t, batch after batch. */
  upload(t: number): void {
    this.epoch = Math.floor(t / this.perEpoch);
    const order = new NumpyRandom(this.shuffleSeed + this.epoch).permutation(this.m);
    const write = (source: FloatArray, rows: number, target: GPUBuffer): void => {
      const out = new Float32Array(rows * this.m);
      for (let b = 0; b < this.perEpoch; b++) {
        const [start, size] = [b * this.batchSize, this.sizeOf(b)];
        const base = rows * start;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < size; j++) out[base + i * size + j] = source[i * this.m + order[start + j]];
        }
      }
      this.program.device.queue.writeBuffer(target, 0, out);
    };
    write(this.X, this.nx, this.epochX);
    write(this.Y, this.ny, this.epochY);
  }

  /** Records the copies of batch b into the model's X and Y. */
  copyInto(encoder: GPUCommandEncoder, batch: number): void {
    const [start, size] = [batch * this.batchSize, this.sizeOf(batch)];
    encoder.copyBufferToBuffer(this.epochX, this.nx * start * 4, this.program.buffer(this.plan.io.X), 0, this.nx * size * 4);
    encoder.copyBufferToBuffer(this.epochY, this.ny * start * 4, this.program.buffer(this.plan.io.Y), 0, this.ny * size * 4);
  }

  dispose(): void {
    this.epochX.destroy();
    this.epochY.destroy();
  }
}
