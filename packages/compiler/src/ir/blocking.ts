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

/** Length of the scalar target's pieces of k, and the inner size above which k is cut. */
export const SCALAR_PIECE = 256;
const SCALAR_UNCUT_INNER = 4096;

/**
 * Pieces of k of the scalar target, or null when k runs whole. A 'broadcast' block reads the
 * right operand down its columns, one cache line per k: over a long k (the first layer's W X,
 * 12288 inputs: 768 KiB of lines per 4 columns) the lines fall out of the L2 cache before the
 * next row block comes back to them, and every row block fetches them from memory again. Cut
 * into pieces of about SCALAR_PIECE (all of one length), one block's lines stay in L1 across
 * the row blocks; the partial sums (f64, the accumulators' type, so the sums stay bit-identical)
 * wait in a per-batch scratch. Only products with m columns are cut (the only broadcast
 * products the networks have; the scratch is rows x m).
 */
export function scalarInnerPiece(kernel: MatmulKernel): number | null {
  if (matmulLayout(kernel) !== 'broadcast' || kernel.cols !== 'm' || kernel.inner === 'm') return null;
  if (kernel.inner <= SCALAR_UNCUT_INNER) return null;
  return Math.ceil(kernel.inner / Math.round(kernel.inner / SCALAR_PIECE));
}

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

/**
 * Blocking of a SIMD target (WebAssembly f32x4 / f64x2), per layout:
 *   broadcast  rowsPerBlock rows x vectorsPerBlock vectors of columns in registers; the k loop
 *              cut into `innerBlock` pieces (partial sums kept in a scratch buffer) and the
 *              columns into `colsPanel` panels, so that the piece of the right operand one panel
 *              reads (innerBlock x colsPanel) stays in the L2 cache while every row block reuses it;
 *   dot        rowsPerBlock x colsPerBlock dot products, each a vector of lanes over k, added
 *              across lanes at the end; k (= m) cut into `innerBlock` pieces so that the rows of
 *              the left operand stay in cache.
 * Sizes are those that measured best for these shapes on x86-64 (AVX2 and AVX-512 machines):
 * 4 x 2 blocks keep 8 accumulators and the loaded values within the 16 vector registers; blocks
 * of fewer rows take more columns (columnsFor).
 */
export interface SimdBlocking {
  readonly layout: MatmulLayout;
  readonly rowsPerBlock: number;
  /** broadcast: vectors of columns per block; dot: columns (rows of the right operand) per block. */
  readonly colsPerBlock: number;
  /** Length of one piece of k, or null when k runs whole. */
  readonly innerBlock: number | null;
  /** broadcast: columns per panel, or null for one panel. */
  readonly colsPanel: number | null;
  /**
   * broadcast with one or two output rows: stream the right operand row by row instead (see
   * STREAMED_ROWS); the other fields then do not apply.
   */
  readonly streamRows: boolean;
}

/**
 * Output rows up to which a broadcast product streams its right operand row by row: with one or
 * two rows (logistic regression's W X, a narrow output layer), no element of the right operand is
 * used twice, so the register blocks gain nothing and only the order of reading it matters. Read
 * down 4-column strips (the blocked kernel) it is a strided walk that the prefetchers follow
 * poorly; row by row, k outer, it is read once from start to end, 4 rows at a time, while the sums
 * of all columns wait in the scratch (in L1: rows x m). Every column still adds its k terms in
 * increasing k, so the results equal the blocked kernel's bit for bit.
 */
export const STREAMED_ROWS = 2;

/** Bytes of the right operand's piece that one panel reads; about half an L2 cache. */
const PANEL_BYTES = 128 * 1024;

/**
 * Columns (dot: right rows; broadcast: vectors) per block for blocks of `rows` rows: 8
 * accumulators in all, so that a product with one or two output rows (logistic regression's
 * W X and dZ X^T, a narrow last layer) still keeps eight independent multiply-add chains in
 * flight instead of waiting on the latency of two.
 */
function columnsFor(rows: number): number {
  return rows === 1 ? 8 : rows === 2 ? 4 : 2;
}

export function simdBlocking(kernel: MatmulKernel, lanes: number, bytes: number): SimdBlocking {
  const layout = matmulLayout(kernel);
  const rows = kernel.rows === 'm' ? 4 : Math.min(4, kernel.rows);
  if (layout === 'dot') {
    const leftRows = kernel.rows === 'm' ? 64 : kernel.rows;
    // The left rows' piece may take the whole L2 cache: the right rows of a block sit in L1.
    const piece = Math.max(64 * lanes, Math.floor((2 * PANEL_BYTES) / (leftRows * bytes) / lanes) * lanes);
    return { layout, rowsPerBlock: rows, colsPerBlock: columnsFor(rows), innerBlock: piece, colsPanel: null, streamRows: false };
  }
  if (layout === 'generic') return { layout, rowsPerBlock: 1, colsPerBlock: 1, innerBlock: null, colsPanel: null, streamRows: false };
  if (kernel.rows !== 'm' && kernel.rows <= STREAMED_ROWS && kernel.cols === 'm' && kernel.inner !== 'm') {
    return { layout, rowsPerBlock: kernel.rows, colsPerBlock: 1, innerBlock: null, colsPanel: null, streamRows: true };
  }
  const vectors = columnsFor(rows);
  const width = vectors * lanes;
  // Pieces of about 1 KiB of k per row, all of one length (784 = 4 x 196, not 3 x 256 + 16).
  const longest = 1024 / bytes;
  const pieces = kernel.inner === 'm' ? 1 : Math.ceil(kernel.inner / longest);
  const innerBlock = kernel.inner !== 'm' && pieces > 1 ? Math.ceil(kernel.inner / pieces) : null;
  const depth = innerBlock ?? (kernel.inner === 'm' ? 256 : kernel.inner);
  const panel = Math.max(width, Math.floor(PANEL_BYTES / (depth * bytes) / width) * width);
  const colsPanel = kernel.cols !== 'm' && kernel.cols <= panel ? null : panel;
  return { layout, rowsPerBlock: rows, colsPerBlock: vectors, innerBlock, colsPanel, streamRows: false };
}
