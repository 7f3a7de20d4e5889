/**
 * The WebGPU plan: everything the generated wrapper hands to @nnc/runtime-webgpu, as plain data
 * (JSON-compatible), and the dispatch arithmetic both sides share. The WGSL emitter in
 * @nnc/compiler builds it from the Schedule; the runtime creates buffers and pipelines from it
 * once and records the phases into command buffers. Nothing here loads the compiler.
 */
import type { ModelMeta } from './model-api.js';
import type { InitScale, Optimizer } from './model-ir.js';

export type Dim = number | 'm';

export interface KernelBinding {
  readonly buffer: string;
  readonly access: 'read' | 'read_write';
}

/**
 * ceil(factor * dim / per) workgroups along one axis; `per` is 1 or one of the two workgroup
 * sizes that the host chooses from the adapter's limits and passes as override constants:
 * TILE (side of the square matmul tile) and WG (threads of the 1-D kernels).
 */
export interface DispatchAxis {
  readonly dim: Dim;
  readonly factor: number;
  readonly per: 1 | 'TILE' | 'WG';
}

/**
 * The workgroup grid to dispatch for batch size m: [x, y, z]. A kernel's y count never depends
 * on m; an x count above the device's maxComputeWorkgroupsPerDimension is folded into z
 * (x * z >= the count, fewer than z groups to spare), and every kernel takes its x group index as
 * GROUP_X and bounds-checks it, so the spare groups do nothing.
 */
export function dispatchGrid(
  dispatch: readonly [DispatchAxis, DispatchAxis],
  m: number,
  sizes: Readonly<Record<OverrideName, number>>,
  maxPerDimension: number,
): [number, number, number] {
  const [x, y] = dispatch.map((axis) => workgroupCount(axis, m, sizes));
  const z = Math.max(1, Math.ceil(x / maxPerDimension));
  if (y > maxPerDimension || z > maxPerDimension) {
    throw new Error(
      `batch size m = ${m} needs a ${x} x ${y} grid of workgroups, beyond this device's maxComputeWorkgroupsPerDimension (${maxPerDimension})`,
    );
  }
  return [Math.ceil(x / z), y, z];
}

/** The override constants a kernel declares (the host sets them when creating its pipeline). */
export type OverrideName = 'TILE' | 'WG';

/** Workgroups along one axis for batch size m and the chosen sizes. */
export function workgroupCount(axis: DispatchAxis, m: number, sizes: Readonly<Record<OverrideName, number>>): number {
  const dim = axis.dim === 'm' ? m : axis.dim;
  const per = axis.per === 1 ? 1 : sizes[axis.per];
  return Math.ceil((axis.factor * dim) / per);
}

/** Bytes between two per-step uniform records (WebGPU's minUniformBufferOffsetAlignment maximum). */
export const STEP_RECORD_BYTES = 256;

/** What a buffer holds (the compiler's schedule assigns one to each). */
export type BufferRole = 'param' | 'input' | 'scalar' | 'state' | 'activation' | 'gradient' | 'cost' | 'scratch';

/** The four phases of a compiled model, in execution order (see ir/schedule.ts). */
export type PlanPhase = 'forward' | 'cost' | 'backward' | 'update';

export interface PlanBuffer {
  readonly name: string;
  readonly role: BufferRole;
  readonly rows: Dim;
  readonly cols: Dim;
}

export interface PlanKernel {
  readonly name: string;
  /** The WGSL source. */
  readonly code: string;
  readonly bindings: readonly KernelBinding[];
  readonly dispatch: readonly [DispatchAxis, DispatchAxis];
  readonly overrides: readonly OverrideName[];
}

export interface PlanLayer {
  readonly W: string;
  readonly b: string;
  /** 'zeros' draws nothing; otherwise W = randn(rows, cols) scaled by initScale (see initScale in model-ir.ts). */
  readonly init: 'random' | 'zeros';
  readonly initScale: InitScale;
}

export interface WebGpuPlan {
  readonly meta: ModelMeta;
  readonly buffers: readonly PlanBuffer[];
  readonly kernels: readonly PlanKernel[];
  /** Kernel names in execution order per phase. */
  readonly phases: { readonly [P in PlanPhase]: readonly string[] };
  readonly layers: readonly PlanLayer[];
  /** Optimizer state: slot name as in the parameters file (vW1, sb2 ...) -> buffer. */
  readonly slots: readonly { readonly name: string; readonly buffer: string }[];
  /** dW[l], db[l] buffers per layer, as `gradients()` returns them. */
  readonly gradients: readonly { readonly dW: string; readonly db: string }[];
  readonly io: { readonly X: string; readonly Y: string; readonly output: string; readonly cost: string };
  readonly optimizer: Optimizer;
  readonly seed: number;
  readonly training: {
    readonly iterations: number | null;
    readonly epochs: number | null;
    readonly batchSize: number | null;
    readonly shuffleSeed: number;
    readonly reportEvery: number;
  };
}
