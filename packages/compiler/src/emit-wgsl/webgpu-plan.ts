/**
 * The WebGPU plan: everything the generated wrapper hands to @nnc/runtime-webgpu, as plain data
 * (JSON-compatible). The WGSL emitter builds it from the Schedule; the runtime creates buffers and
 * pipelines from it once and records the phases into command buffers.
 */
import type { InitScale, Optimizer } from '@nnc/dsl/ir';
import type { BufferRole } from '../ir/schedule.js';
import type { ModelMeta } from '../model-api.js';
import type { Dim, DispatchAxis, KernelBinding, OverrideName } from './kernel-source.js';

// What the runtime needs besides the plan's types (this file is the runtime's one entry into the
// WGSL backend, so that a browser bundle of a generated model carries no compiler).
export { STEP_RECORD_BYTES, dispatchGrid, workgroupCount } from './kernel-source.js';
export type { Dim, DispatchAxis, KernelBinding, OverrideName } from './kernel-source.js';

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
  /** 'zeros' draws nothing; otherwise W = randn(rows, cols) scaled by initScale (see initScale in @nnc/dsl). */
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
