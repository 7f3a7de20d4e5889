/**
 * How a matmul kernel of the schedule is cut into register blocks: the decisions every CPU
 * target shares (TypeScript loops, WebAssembly SIMD). A kernel computes
 *   acc(i, j) = sum_k left(i, k) right(k, j),   left = op(a), right = op(b)
 * over rows x cols x inner; each block keeps rowsPerBlock x colsPerBlock accumulators in
 * registers while k runs, so every loaded element of one operand is used against several of the
 * other. Every accumulator still adds its k terms in increasing k from 0, so blocking alone never
 * changes a result.
 *
 * The two layouts that matter (the shapes the course's networks produce):
 *   'broadcast'  right is read along its rows (b not transposed): Z = W A, dA = W^T dZ. The
 *                columns j are contiguous in right and in the output, so SIMD targets vectorise
 *                over j and broadcast one left element per row.
 *   'dot'        both operands are read along k (a not transposed, b transposed): dW = dZ A^T,
 *                inner = m. Each output element is a dot product of two contiguous rows, so SIMD
 *                targets vectorise over k and add the lanes at the end.
 *   'generic'    anything else (a transposed and b transposed); scalar blocks.
 */
import type { Dim, Shape } from './graph.js';
import type { Kernel } from './schedule.js';

export type MatmulKernel = Extract<Kernel, { kind: 'matmul' }>;
export type MatmulLayout = 'broadcast' | 'dot' | 'generic';

export function matmulLayout(kernel: MatmulKernel): MatmulLayout {
  if (!kernel.transB) return 'broadcast';
  return kernel.transA ? 'generic' : 'dot';
}

/**
 * Where element (i, k) of left and (k, j) of right sit, as flat offsets: index = i * iStride +
 * k * kStride (left) and k * kStride + j * jStride (right). Strides are literals or 'm'.
 */
export interface OperandStrides {
  readonly left: { readonly i: Dim; readonly k: Dim };
  readonly right: { readonly k: Dim; readonly j: Dim };
}

export function operandStrides(kernel: MatmulKernel, shapes: ReadonlyMap<string, Shape>): OperandStrides {
  const aCols = (shapes.get(kernel.a) as Shape)[1] ?? 1;
  const bCols = (shapes.get(kernel.b) as Shape)[1] ?? 1;
  return {
    left: kernel.transA ? { i: 1, k: aCols } : { i: aCols, k: 1 },
    right: kernel.transB ? { k: 1, j: bCols } : { k: bCols, j: 1 },
  };
}

/** Register block of the scalar (TypeScript) target: 4 x 4 accumulators (fewer at the edges). */
export const SCALAR_BLOCK = { rows: 4, cols: 4 } as const;

/**
 * One run of blocks along a dimension: `count` blocks of `width` starting at `start` ('rest':
 * after the previous segment, as many as fit; only for 'm', where the count is known at run time).
 */
export interface Segment {
  readonly width: number;
  /** A fixed number of blocks, or 'fit' (as many as fit in m), or 'rest' (one-wide up to m). */
  readonly count: number | 'fit' | 'rest';
  readonly start: number | 'after';
}

/**
 * Blocks of `width` over a dimension of `size`: for a fixed size, full blocks then one block of
 * the remainder (known at compile time); for m, full blocks while they fit, then single columns.
 */
export function segments(size: Dim, width: number): Segment[] {
  if (size === 'm') {
    return width === 1 ? [{ width: 1, count: 'rest', start: 0 }] : [
      { width, count: 'fit', start: 0 },
      { width: 1, count: 'rest', start: 'after' },
    ];
  }
  const full = Math.floor(size / width);
  const rest = size % width;
  const out: Segment[] = [];
  if (full > 0) out.push({ width, count: full, start: 0 });
  if (rest > 0) out.push({ width: rest, count: 1, start: full * width });
  return out;
}
