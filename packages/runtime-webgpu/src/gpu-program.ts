/**
 * A set of WGSL kernels bound to their buffers on one device: created once, run many times.
 *
 * Buffers whose shape involves the batch size m are allocated for a capacity and re-allocated
 * (with their bind groups) only when a larger batch arrives; pipelines never change. Every kernel
 * reads the per-step uniform record at a dynamic offset, so many optimizer steps can be recorded
 * into one command buffer, each with its own m, t and Adam bias corrections.
 */
import type { Dim, PlanBuffer, PlanKernel } from '@nnc/model/webgpu-plan';
import { STEP_RECORD_BYTES, dispatchGrid } from '@nnc/model/webgpu-plan';
import { checkedSubmit } from './device-errors.js';
import { createCheckedPipeline } from './shader-errors.js';
import { type WorkgroupSizes, tileFor } from './workgroup-sizes.js';

/** Steps whose uniform records fit in the step buffer (one command buffer's worth at most). */
export const MAX_STEPS_PER_SUBMIT = 512;

export interface StepRecord {
  readonly m: number;
  readonly t: number;
  readonly bias1: number;
  readonly bias2: number;
}

/** The device limits that bound the batch size m. */
export interface ProgramLimits {
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

/** The device's limits, lowered where `lower` says so (tests use this to exercise large-m paths). */
export function effectiveLimits(device: GPUDevice, lower: Partial<ProgramLimits> = {}): ProgramLimits {
  const pick = (key: keyof ProgramLimits): number => Math.min(device.limits[key], lower[key] ?? Infinity);
  return {
    maxComputeWorkgroupsPerDimension: pick('maxComputeWorkgroupsPerDimension'),
    maxStorageBufferBindingSize: pick('maxStorageBufferBindingSize'),
    maxBufferSize: pick('maxBufferSize'),
  };
}

interface CompiledKernel {
  readonly plan: PlanKernel;
  /** The override constants this kernel was compiled with (TILE may be below the program's). */
  readonly sizes: Readonly<Record<'TILE' | 'WG', number>>;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  bindGroup: GPUBindGroup | null;
}

export class GpuProgram {
  private readonly buffers = new Map<string, GPUBuffer>();
  private readonly stepBuffer: GPUBuffer;
  private capacity = 0;
  private disposed = false;

  private constructor(
    readonly device: GPUDevice,
    readonly limits: ProgramLimits,
    private readonly decls: ReadonlyMap<string, PlanBuffer>,
    private readonly kernels: ReadonlyMap<string, CompiledKernel>,
  ) {
    this.stepBuffer = device.createBuffer({
      label: 'step records',
      size: MAX_STEPS_PER_SUBMIT * STEP_RECORD_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /**
   * Compiles every kernel (WGSL errors surface as WgslCompileError with a code frame). `limits`
   * may lower the device's limits on grids and buffers (never raise them).
   */
  static async create(
    device: GPUDevice,
    buffers: readonly PlanBuffer[],
    kernels: readonly PlanKernel[],
    sizes: WorkgroupSizes,
    limits: Partial<ProgramLimits> = {},
  ): Promise<GpuProgram> {
    const compiled = new Map<string, CompiledKernel>();
    await Promise.all(
      kernels.map(async (plan) => {
        const layout = device.createBindGroupLayout({
          label: plan.name,
          entries: [
            { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
            ...plan.bindings.map((b, index) => ({
              binding: index + 1,
              visibility: GPUShaderStage.COMPUTE,
              buffer: { type: b.access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
            })),
          ],
        });
        // A matmul's dispatch axes are its output's (cols, rows): size its tile to them.
        const [x, y] = plan.dispatch;
        const kernelSizes = { TILE: plan.overrides.includes('TILE') ? tileFor(y.dim, x.dim, sizes.tile) : sizes.tile, WG: sizes.linear };
        const constants: Record<string, number> = {};
        for (const name of plan.overrides) constants[name] = kernelSizes[name];
        const pipelineLayout = device.createPipelineLayout({ label: plan.name, bindGroupLayouts: [layout] });
        const pipeline = await createCheckedPipeline(device, plan.name, plan.code, pipelineLayout, constants);
        compiled.set(plan.name, { plan, sizes: kernelSizes, pipeline, layout, bindGroup: null });
      }),
    );
    return new GpuProgram(device, effectiveLimits(device, limits), new Map(buffers.map((b) => [b.name, b])), compiled);
  }

  /** Number of f32 elements of a buffer for batch size m. */
  elementCount(name: string, m: number): number {
    const decl = this.decl(name);
    return dimValue(decl.rows, m) * dimValue(decl.cols, m);
  }

  /** Makes every buffer large enough for batch size m (contents of m-sized buffers are lost on growth). */
  ensureCapacity(m: number): void {
    this.checkLive();
    if (this.buffers.size > 0 && m <= this.capacity) return;
    const capacity = Math.max(m, 1);
    for (const decl of this.decls.values()) this.checkSize(decl, capacity);
    for (const decl of this.decls.values()) {
      const old = this.buffers.get(decl.name);
      const dependsOnM = decl.rows === 'm' || decl.cols === 'm';
      if (old !== undefined && !dependsOnM) continue;
      old?.destroy();
      const bytes = Math.max(4, this.elementCount(decl.name, capacity) * 4);
      const buffer = this.device.createBuffer({
        label: decl.name,
        size: Math.ceil(bytes / 4) * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      this.buffers.set(decl.name, buffer);
    }
    this.capacity = capacity;
    for (const kernel of this.kernels.values()) {
      kernel.bindGroup = this.device.createBindGroup({
        label: kernel.plan.name,
        layout: kernel.layout,
        entries: [
          { binding: 0, resource: { buffer: this.stepBuffer, offset: 0, size: STEP_RECORD_BYTES } },
          ...kernel.plan.bindings.map((b, index) => ({ binding: index + 1, resource: { buffer: this.buffer(b.buffer) } })),
        ],
      });
    }
  }

  /**
   * Throws an error naming m and the limit when buffer `decl` would exceed what one storage
   * binding (or one buffer) may hold on this device, instead of letting WebGPU fail later.
   */
  private checkSize(decl: PlanBuffer, m: number): void {
    const bytes = this.elementCount(decl.name, m) * 4;
    const [limit, name] =
      this.limits.maxStorageBufferBindingSize <= this.limits.maxBufferSize
        ? [this.limits.maxStorageBufferBindingSize, 'maxStorageBufferBindingSize']
        : [this.limits.maxBufferSize, 'maxBufferSize'];
    if (bytes <= limit) return;
    const perExample = this.elementCount(decl.name, 1) * 4;
    const hint = decl.rows === 'm' || decl.cols === 'm' ? `; use at most ${Math.floor(limit / perExample)} examples per call (or mini-batches)` : '';
    throw new Error(
      `batch size m = ${m} is too large for this WebGPU device: buffer '${decl.name}' (${decl.rows} x ${decl.cols}) would take ` +
        `${bytes} bytes, above its ${name} of ${limit} bytes${hint}`,
    );
  }

  buffer(name: string): GPUBuffer {
    const buffer = this.buffers.get(name);
    if (buffer === undefined) throw new Error(`GpuProgram: no buffer '${name}' (call ensureCapacity first)`);
    return buffer;
  }

  /** Uploads `data` (converted to f32) at the start of buffer `name`. */
  write(name: string, data: ArrayLike<number>): void {
    this.checkLive();
    const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
    this.device.queue.writeBuffer(this.buffer(name), 0, f32.buffer, f32.byteOffset, f32.byteLength);
  }

  /** Copies `count` f32 elements of buffer `name` back to the host. */
  async read(name: string, count: number): Promise<Float32Array> {
    this.checkLive();
    const bytes = Math.max(4, count * 4);
    const staging = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      await checkedSubmit(this.device, `reading buffer '${name}'`, () => {
        const encoder = this.device.createCommandEncoder();
        encoder.copyBufferToBuffer(this.buffer(name), 0, staging, 0, bytes);
        this.device.queue.submit([encoder.finish()]);
      });
      await staging.mapAsync(GPUMapMode.READ);
      return new Float32Array(staging.getMappedRange().slice(0, count * 4));
    } finally {
      staging.destroy();
    }
  }

  /** Writes the uniform records of the steps about to be recorded (slot k = records[k]). */
  writeSteps(records: readonly StepRecord[]): void {
    if (records.length > MAX_STEPS_PER_SUBMIT) throw new Error(`at most ${MAX_STEPS_PER_SUBMIT} steps per submit`);
    const data = new ArrayBuffer(records.length * STEP_RECORD_BYTES);
    records.forEach((r, k) => {
      const view = new DataView(data, k * STEP_RECORD_BYTES, 20);
      view.setUint32(0, r.m, true);
      view.setUint32(4, r.t, true);
      view.setFloat32(8, 1 / r.m, true);
      view.setFloat32(12, r.bias1, true);
      view.setFloat32(16, r.bias2, true);
    });
    this.device.queue.writeBuffer(this.stepBuffer, 0, data);
  }

  /** Records the kernels, in order, into one compute pass, reading step record `slot`. */
  encode(encoder: GPUCommandEncoder, kernelNames: readonly string[], slot: number, m: number): void {
    this.checkLive();
    if (kernelNames.length === 0) return;
    const pass = encoder.beginComputePass();
    for (const name of kernelNames) {
      const kernel = this.kernels.get(name);
      if (kernel === undefined || kernel.bindGroup === null) throw new Error(`GpuProgram: kernel '${name}' is not ready`);
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, kernel.bindGroup, [slot * STEP_RECORD_BYTES]);
      const [x, y, z] = dispatchGrid(kernel.plan.dispatch, m, kernel.sizes, this.limits.maxComputeWorkgroupsPerDimension);
      if (x > 0 && y > 0) pass.dispatchWorkgroups(x, y, z);
    }
    pass.end();
  }

  /** Releases every GPU buffer now; the program cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const buffer of this.buffers.values()) buffer.destroy();
    this.buffers.clear();
    this.stepBuffer.destroy();
  }

  private decl(name: string): PlanBuffer {
    const decl = this.decls.get(name);
    if (decl === undefined) throw new Error(`GpuProgram: no buffer '${name}'`);
    return decl;
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('this WebGPU model was disposed');
  }
}

function dimValue(dim: Dim, m: number): number {
  return dim === 'm' ? m : dim;
}
