/**
 * A compiled model running on WebGPU: the runtime behind every generated wrapper. It builds the
 * buffers and pipelines of a WebGpuPlan once and exposes the API of CompiledModelAsync.
 *
 * Training records as many optimizer steps as possible into one command buffer: a command buffer
 * ends only where the cost must be read back (report steps: the caller's onReport may stop the
 * run before that step is taken), at an epoch change of mini-batch training (the epoch's
 * shuffled data is uploaded between submits), or after MAX_STEPS_PER_SUBMIT steps.
 */
import type {
  CompiledModelAsync,
  FloatArray,
  Gradients,
  ModelMeta,
  ReportEvent,
  TrainOptions,
  TrainResult,
} from '@nnc/compiler';
import type { PlanPhase, WebGpuPlan } from '@nnc/compiler/webgpu-plan';
import { NumpyRandom } from '@nnc/compiler/numpy-random';
import { checkCount, checkExamples, checkLabels, checkLayers, checkOptimizerState } from '@nnc/compiler/api-checks';
import type { LayerParameters, OptimizerState } from '@nnc/dsl/ir';
import { checkedSubmit } from './device-errors.js';
import { GpuProgram, MAX_STEPS_PER_SUBMIT, type ProgramLimits, type StepRecord } from './gpu-program.js';
import { chooseWorkgroupSizes, defaultCaps } from './workgroup-sizes.js';
import { MiniBatches } from './mini-batches.js';

/** One compute pass of a command buffer: kernels reading one step record. */
interface Segment {
  readonly phases: readonly PlanPhase[];
  readonly record: StepRecord;
  readonly readCost: boolean;
  /** A mini-batch to copy into X and Y first. */
  readonly batch?: number;
}

export interface WebGpuModelOptions {
  /** Upper bounds on the workgroup sizes chosen from the device's limits (default: defaultCaps). */
  readonly maxWorkgroupSizes?: { readonly tile: number; readonly linear: number };
  /** Lowers the device's grid and buffer limits (tests exercise the large-m paths with small data). */
  readonly limits?: Partial<ProgramLimits>;
}

export async function createWebGpuModel(device: GPUDevice, plan: WebGpuPlan, options: WebGpuModelOptions = {}): Promise<CompiledModelAsync> {
  const caps = options.maxWorkgroupSizes ?? defaultCaps(device.adapterInfo?.isFallbackAdapter === true);
  const sizes = chooseWorkgroupSizes(device.limits, caps);
  const program = await GpuProgram.create(device, plan.buffers, plan.kernels, sizes, options.limits);
  program.ensureCapacity(1);
  const model = new WebGpuModel(plan, program);
  await model.initialize();
  return model;
}

class WebGpuModel implements CompiledModelAsync {
  readonly meta: ModelMeta;
  private stepCount = 0;
  /** The mini-batches of the training run in progress, if it uses them. */
  private batches: MiniBatches | null = null;
  private readonly sizes: readonly number[];
  /** The phases of a training step whose cost is not reported: 'cost' only if a later phase reads what it writes. */
  private readonly silentStep: readonly PlanPhase[];

  constructor(
    private readonly plan: WebGpuPlan,
    private readonly program: GpuProgram,
  ) {
    this.meta = plan.meta;
    this.sizes = plan.meta.sizes;
    this.silentStep = costFeedsTraining(plan) ? ['forward', 'cost', 'backward', 'update'] : ['forward', 'backward', 'update'];
  }

  async initialize(seed: number = this.plan.seed): Promise<void> {
    const random = new NumpyRandom(seed);
    this.plan.layers.forEach((layer, i) => {
      const [rows, cols] = [this.sizes[i + 1], this.sizes[i]];
      const W = new Float32Array(rows * cols);
      if (layer.init === 'random') {
        const draws = random.randnMatrix(rows, cols);
        // As scaleDraw in @nnc/dsl/ir (not imported: this runtime takes only types from the IR).
        const { op, by } = layer.initScale;
        for (let k = 0; k < W.length; k++) W[k] = op === 'divide' ? draws[k] / by : draws[k] * by;
      }
      this.program.write(layer.W, W);
      this.program.write(layer.b, new Float32Array(rows));
    });
    for (const slot of this.plan.slots) this.program.write(slot.buffer, new Float32Array(this.program.elementCount(slot.buffer, 1)));
    this.stepCount = 0;
  }

  async getParameters(): Promise<LayerParameters[]> {
    return Promise.all(
      this.plan.layers.map(async (layer, i) => {
        const [rows, cols] = [this.sizes[i + 1], this.sizes[i]];
        const W = await this.program.read(layer.W, rows * cols);
        const b = await this.program.read(layer.b, rows);
        return { W: toRows(W, rows, cols), b: Array.from(b) };
      }),
    );
  }

  async setParameters(layers: readonly LayerParameters[]): Promise<void> {
    checkLayers(layers, this.sizes);
    layers.forEach((layer, i) => {
      this.program.write(this.plan.layers[i].W, Float32Array.from(layer.W.flat()));
      this.program.write(this.plan.layers[i].b, layer.b);
    });
  }

  async getOptimizerState(): Promise<OptimizerState> {
    const slots: Record<string, number[][] | number[]> = {};
    for (const slot of this.plan.slots) {
      const decl = this.slotShape(slot.buffer);
      const data = await this.program.read(slot.buffer, decl.rows * decl.cols);
      slots[slot.name] = decl.cols === 1 ? Array.from(data) : toRows(data, decl.rows, decl.cols);
    }
    return { step: this.stepCount, slots };
  }

  async setOptimizerState(state: OptimizerState): Promise<void> {
    const shapes = this.plan.slots.map((slot) => {
      const decl = this.slotShape(slot.buffer);
      return { name: slot.name, rows: decl.rows, cols: decl.cols === 1 ? null : decl.cols, nonNegative: slot.name.startsWith('s') };
    });
    checkOptimizerState(state, shapes);
    for (const slot of this.plan.slots) this.program.write(slot.buffer, Float32Array.from(state.slots[slot.name].flat()));
    this.stepCount = state.step;
  }

  async forward(X: FloatArray, m: number): Promise<Float32Array> {
    this.upload(X, null, m);
    await this.run([{ phases: ['forward'], record: this.record(m, this.stepCount), readCost: false }]);
    return this.program.read(this.plan.io.output, this.sizes[this.sizes.length - 1] * m);
  }

  async cost(X: FloatArray, Y: FloatArray, m: number): Promise<number> {
    this.upload(X, Y, m);
    const [cost] = await this.run([{ phases: ['forward', 'cost'], record: this.record(m, this.stepCount), readCost: true }]);
    return cost;
  }

  async gradients(X: FloatArray, Y: FloatArray, m: number): Promise<Gradients> {
    this.upload(X, Y, m);
    await this.run([{ phases: this.silentStep.filter((p) => p !== 'update'), record: this.record(m, this.stepCount), readCost: false }]);
    const dW: Float32Array[] = [];
    const db: Float32Array[] = [];
    for (const [i, g] of this.plan.gradients.entries()) {
      dW.push(await this.program.read(g.dW, this.sizes[i + 1] * this.sizes[i]));
      db.push(await this.program.read(g.db, this.sizes[i + 1]));
    }
    return { dW, db };
  }

  async step(X: FloatArray, Y: FloatArray, m: number): Promise<number> {
    this.upload(X, Y, m);
    this.stepCount++;
    const segment: Segment = { phases: ['forward', 'cost', 'backward', 'update'], record: this.record(m, this.stepCount), readCost: true };
    const [cost] = await this.run([segment]);
    return cost;
  }

  /**
   * Takes `iterations` optimizer steps with the model's batching; at every k-th step of this call
   * (0, k, 2k ...) the cost of the batch about to be used, before that step, is reported, and
   * onReport returning false stops before that step is taken (as the reference interpreter does).
   */
  async train(
    X: FloatArray,
    Y: FloatArray,
    m: number,
    options: Omit<TrainOptions, 'onReport'> & { readonly onReport?: (event: ReportEvent) => void | boolean } = {},
  ): Promise<TrainResult> {
    const { iterations: modelIterations, epochs, batchSize, shuffleSeed, reportEvery: modelReportEvery } = this.plan.training;
    this.upload(X, Y, m);
    const batches = batchSize === null ? null : new MiniBatches(this.program, this.plan, X, Y, m, batchSize, shuffleSeed);
    this.batches = batches;
    try {
      return await this.trainSteps(X, Y, m, options, batches, { modelIterations, epochs, modelReportEvery });
    } finally {
      this.batches = null;
      batches?.dispose();
    }
  }

  private async trainSteps(
    X: FloatArray,
    Y: FloatArray,
    m: number,
    options: { readonly iterations?: number; readonly reportEvery?: number; readonly onReport?: (event: ReportEvent) => void | boolean },
    batches: MiniBatches | null,
    defaults: { modelIterations: number | null; epochs: number | null; modelReportEvery: number },
  ): Promise<TrainResult> {
    const perEpoch = batches?.perEpoch ?? 1;
    const iterations = checkCount(options.iterations ?? defaults.modelIterations ?? (defaults.epochs ?? 1) * perEpoch, 'iterations', 0);
    const reportEvery = checkCount(
      options.reportEvery ?? (defaults.epochs !== null ? defaults.modelReportEvery * perEpoch : defaults.modelReportEvery),
      'reportEvery',
      1,
    );
    const costs: ReportEvent[] = [];
    let pending: Segment[] = [];
    let taken = 0;
    for (let i = 0; i < iterations; i++) {
      const t = this.stepCount + 1;
      const batch = batches?.batchOf(this.stepCount);
      if (batches?.needsUpload(this.stepCount) === true) {
        await this.run(pending);
        pending = [];
        batches.upload(this.stepCount);
      }
      const bm = batches === null || batch === undefined ? m : batches.sizeOf(batch);
      const record = this.record(bm, t);
      if (i % reportEvery === 0) {
        pending.push({ phases: ['forward', 'cost'], record, readCost: true, batch });
        const measured = await this.run(pending);
        pending = [];
        const event = { iteration: i, cost: measured[measured.length - 1] };
        costs.push(event);
        if (options.onReport?.(event) === false) break;
        pending.push({ phases: ['backward', 'update'], record, readCost: false });
      } else {
        pending.push({ phases: this.silentStep, record, readCost: false, batch });
      }
      this.stepCount = t;
      taken++;
      if (pending.length >= MAX_STEPS_PER_SUBMIT) {
        await this.run(pending);
        pending = [];
      }
    }
    await this.run(pending);
    return { costs, iterations: taken, finalCost: await this.cost(X, Y, m) };
  }

  dispose(): void {
    this.program.dispose();
  }

  /** Uniform record of a step with batch size m at optimizer step t (Adam: 1 / (1 - beta^t)). */
  private record(m: number, t: number): StepRecord {
    const opt = this.plan.optimizer;
    const [bias1, bias2] = opt.kind === 'adam' && t > 0 ? [1 / (1 - opt.beta1 ** t), 1 / (1 - opt.beta2 ** t)] : [1, 1];
    return { m, t, bias1, bias2 };
  }

  private upload(X: FloatArray, Y: FloatArray | null, m: number): void {
    checkExamples(X, this.sizes[0], m, 'X');
    if (Y !== null) checkLabels(Y, this.sizes[this.sizes.length - 1], m, this.meta.loss);
    this.program.ensureCapacity(m);
    this.program.write(this.plan.io.X, X);
    if (Y !== null) this.program.write(this.plan.io.Y, Y);
  }

  /** Records the segments into one command buffer, submits it and returns the costs read back. */
  private async run(segments: readonly Segment[]): Promise<number[]> {
    if (segments.length === 0) return [];
    const device = this.program.device;
    this.program.writeSteps(segments.map((s) => s.record));
    const reads = segments.filter((s) => s.readCost).length;
    const readback = reads > 0 ? device.createBuffer({ size: reads * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }) : null;
    try {
      await checkedSubmit(device, `running ${segments.length} step(s) with m = ${segments[0].record.m}`, () => {
        const encoder = device.createCommandEncoder();
        let read = 0;
        segments.forEach((segment, slot) => {
          if (segment.batch !== undefined) this.batches?.copyInto(encoder, segment.batch);
          const kernels = segment.phases.flatMap((phase) => this.plan.phases[phase]);
          this.program.encode(encoder, kernels, slot, segment.record.m);
          if (segment.readCost && readback !== null) encoder.copyBufferToBuffer(this.program.buffer(this.plan.io.cost), 0, readback, 4 * read++, 4);
        });
        device.queue.submit([encoder.finish()]);
      });
      if (readback === null) return [];
      await readback.mapAsync(GPUMapMode.READ);
      return Array.from(new Float32Array(readback.getMappedRange().slice(0)));
    } finally {
      readback?.destroy();
    }
  }

  private slotShape(buffer: string): { rows: number; cols: number } {
    const decl = this.plan.buffers.find((b) => b.name === buffer);
    if (decl === undefined || decl.rows === 'm' || decl.cols === 'm') throw new Error(`slot buffer '${buffer}' is not a fixed-size buffer`);
    return { rows: decl.rows, cols: decl.cols };
  }
}

/** Whether the backward or update phase reads a buffer that the cost phase writes. */
export function costFeedsTraining(plan: WebGpuPlan): boolean {
  const kernels = new Map(plan.kernels.map((k) => [k.name, k]));
  const bindingsOf = (phase: PlanPhase) => plan.phases[phase].flatMap((name) => kernels.get(name)?.bindings ?? []);
  const costWrites = new Set(bindingsOf('cost').filter((b) => b.access === 'read_write').map((b) => b.buffer));
  return [...bindingsOf('backward'), ...bindingsOf('update')].some((b) => costWrites.has(b.buffer));
}

function toRows(data: Float32Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}
