/**
 * The schedule: what both emitters (TypeScript and WGSL) consume. It is the fused graph laid out
 * as an ordered list of loop nests ("kernels") over named, preallocated buffers, split into the
 * four phases a compiled model runs:
 *   forward   X -> A[L]                       (forward(), and first in every other call)
 *   cost      -> J (from the logits)          (cost(), step(), gradients())
 *   backward  -> dW[l], db[l]                 (gradients(), step())
 *   update    parameters and optimizer slots  (step())
 * Running forward, cost, backward, update in this order is always valid: a phase only reads
 * buffers written by itself or by an earlier phase (or params / inputs / slots / scalars).
 *
 * Indexing. A kernel iterates (i, j) over rows x cols. A `load` names a buffer and how it is
 * indexed from (i, j), which follows from the buffer's shape:
 *   'ij' buffer (rows, cols): element i * cols + j     'i0' buffer (n, 1): element i
 *   '0j' buffer (1, cols):    element j                 '00' scalar []:     element 0
 * Stores always write the kernel's own (i, j) (reductions: the reduced index, see below).
 *
 * Evaluation order inside one kernel: for each (i, j), every `outs[k].expr` is evaluated first
 * (all loads see the values from before the kernel), then every result is stored. So an update
 * kernel may read and overwrite W1 in place, and writing outs in any order is correct.
 *
 * Optimizer updates are ordinary `map` kernels of the update phase (add-optimizer builds them as
 * graph nodes): they store the new W1 / vW1 / sW1 over the `param` and `state` buffers in place.
 *
 * Numbers: every loaded or computed value is f64 in TypeScript (f32 buffers round on store) and
 * the buffer dtype in WGSL. `const` values are value * m^mPower (mPower -1: the folded 1/m).
 */
import type { ModelIR } from '@nnc/dsl/ir';
import type { DType, Dim, Shape } from './graph.js';
import type { ElementwiseOp, OpAttrs } from './ops.js';

/**
 * param       W1, b1 ...       (persist; written only by the update phase)
 * input       X, Y             (the caller's arrays, or the current mini-batch; never written)
 * scalar      bias_correction1, bias_correction2: [] values the host sets before `update`
 *             (1 / (1 - beta1^t), 1 / (1 - beta2^t) with t the step number after increment)
 * state       optimizer slots vW1, sW1 ... (persist)
 * activation  forward intermediates kept for the backward pass, and A[L]
 * gradient    dW1, db1 ...     (what `gradients()` returns)
 * cost        J, a [] buffer
 * scratch     any other intermediate
 * Buffers whose shape contains 'm' are allocated once per batch size m.
 */
import type { BufferRole } from '@nnc/model/webgpu-plan';
export type { BufferRole };

export interface BufferDecl {
  readonly name: string;
  readonly role: BufferRole;
  readonly shape: Shape;
  readonly dtype: DType;
}

export type Index = 'ij' | 'i0' | '0j' | '00';

/** One elementwise op application; `attrs` typed per op (leaky_relu carries its slope). */
export type ApplyExpr = {
  [K in ElementwiseOp]: { readonly kind: 'apply'; readonly op: K; readonly args: readonly Expr[]; readonly attrs: OpAttrs[K] };
}[ElementwiseOp];

/**
 * A per-element expression. `acc` is the kernel's accumulator: the dot product of a matmul, the
 * sum of a reduction. Ops are the op table's elementwise ops (their meaning: `OPS[op].scalar`).
 */
export type Expr =
  | { readonly kind: 'const'; readonly value: number; readonly mPower: number }
  | { readonly kind: 'load'; readonly buffer: string; readonly index: Index }
  | { readonly kind: 'acc' }
  | ApplyExpr;

export interface Store {
  readonly buffer: string;
  readonly expr: Expr;
}

export type Kernel =
  /** acc = sum_k op(a)[i,k] op(b)[k,j]; then the outs (epilogue) at (i, j). */
  | {
      readonly kind: 'matmul';
      readonly a: string;
      readonly b: string;
      readonly transA: boolean;
      readonly transB: boolean;
      readonly rows: Dim;
      readonly cols: Dim;
      readonly inner: Dim;
      readonly outs: readonly Store[];
    }
  /** A fused elementwise loop over rows x cols. */
  | { readonly kind: 'map'; readonly rows: Dim; readonly cols: Dim; readonly outs: readonly Store[] }
  /**
   * acc = sum of `input` over (i, j) in rows x cols along `axis`:
   *   'cols' (sum over j): outs evaluated and stored at (i, 0), out buffers (rows, 1)
   *   'rows' (sum over i): outs at (0, j), out buffers (1, cols)
   *   'all':               outs at (0, 0), out buffers []
   */
  | {
      readonly kind: 'reduce';
      readonly axis: 'cols' | 'rows' | 'all';
      readonly rows: Dim;
      readonly cols: Dim;
      readonly input: Expr;
      readonly outs: readonly Store[];
    }
  /** Per column j of `input` (rows x cols): softmax into (rows, cols) or log-sum-exp into (1, cols); max-shifted. */
  | {
      readonly kind: 'columnwise';
      readonly fn: 'softmax' | 'logsumexp';
      readonly input: string;
      readonly out: string;
      readonly rows: Dim;
      readonly cols: Dim;
    };

export type PhaseName = 'forward' | 'cost' | 'backward' | 'update';
export const PHASES: readonly PhaseName[] = ['forward', 'cost', 'backward', 'update'];

export interface Schedule {
  readonly model: ModelIR;
  readonly buffers: readonly BufferDecl[];
  readonly phases: { readonly [P in PhaseName]: readonly Kernel[] };
  /** The buffer holding A[L] (n_L, m). */
  readonly prediction: string;
  /** The [] buffer holding J. */
  readonly cost: string;
  /** Per parameter (W1, b1, W2 ...), the buffer with its gradient. */
  readonly gradients: readonly { readonly param: string; readonly buffer: string }[];
  /** Optimizer slots (vW1, sW1 ...) and the parameter each belongs to. */
  readonly slots: readonly { readonly name: string; readonly param: string }[];
}

/** The index kind a buffer of this shape is read with (see the header). */
export function indexFor(shape: Shape): Index {
  if (shape.length === 0) return '00';
  if (shape[1] === 1) return 'i0';
  if (shape[0] === 1) return '0j';
  return 'ij';
}
