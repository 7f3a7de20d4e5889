/**
 * What a kernel generator needs while it writes one WebAssembly function: the scalar type and
 * its lanes, the function, buffer shapes and base addresses, and the element addressing that
 * follows from a buffer's shape (row-major, row stride = its column count, m at run time).
 */
import type { Dim, Shape } from '../ir/graph.js';
import type { Expr, Index, Store } from '../ir/schedule.js';
import type { ExprContext, Site } from './wat-expr.js';
import type { WatFunction } from './wat-function.js';
import { BYTES, LANES, VECTOR, type Scalar } from './wasm-spelling.js';

export interface KernelEnv extends ExprContext {
  readonly lanes: number;
  readonly bytes: number;
  /** Use relaxed-SIMD fused multiply-add in the matmul micro-kernels. */
  readonly fma: boolean;
  readonly shapes: ReadonlyMap<string, Shape>;
  /** i32 text: a buffer's base address. */
  base(buffer: string): string;
  /** i32 local holding m. */
  readonly mInt: string;
}

export function kernelEnv(
  fn: WatFunction,
  T: Scalar,
  fma: boolean,
  shapes: ReadonlyMap<string, Shape>,
  base: (buffer: string) => string,
): KernelEnv {
  const m = fn.local('mf', T);
  return { T, fn, m, lanes: LANES[T], bytes: BYTES[T], fma, shapes, base, mInt: '$m' };
}

export const i32 = (value: number): string => `(i32.const ${value})`;
export const get = (local: string): string => `(local.get ${local})`;

/** i32 text of a dimension (a literal, or m). */
export function dimText(env: KernelEnv, d: Dim): string {
  return d === 'm' ? get(env.mInt) : i32(d);
}

/** a + b, a * b on i32 text, folding literal zeros and ones. */
export function add(a: string, b: string): string {
  if (a === i32(0)) return b;
  if (b === i32(0)) return a;
  return `(i32.add ${a} ${b})`;
}
export function mul(a: string, b: string): string {
  if (a === i32(0) || b === i32(0)) return i32(0);
  if (a === i32(1)) return b;
  if (b === i32(1)) return a;
  return `(i32.mul ${a} ${b})`;
}

/** i32 text: the byte address of element `index` (row, col as i32 text) of `buffer`. */
export function elementAddress(env: KernelEnv, buffer: string, index: Index, row: string, col: string): string {
  const shape = env.shapes.get(buffer) as Shape;
  let element: string;
  switch (index) {
    case '00':
      element = i32(0);
      break;
    case 'i0':
      element = row;
      break;
    case '0j':
      element = col;
      break;
    case 'ij':
      element = add(mul(row, dimText(env, shape[1])), col);
      break;
  }
  return add(env.base(buffer), mul(element, i32(env.bytes)));
}

/** The site of one element (row, col): scalar loads. */
export function scalarSite(env: KernelEnv, row: string, col: string, acc?: string): Site {
  return { acc, load: (buffer, index) => `(${env.T}.load ${elementAddress(env, buffer, index, row, col)})` };
}

/**
 * The site of the lanes starting at (row, col) along the columns: contiguous loads for 'ij' and
 * '0j' buffers, one element broadcast to every lane for 'i0' and '00'.
 */
export function vectorSite(env: KernelEnv, row: string, col: string, acc?: string): Site {
  return {
    acc,
    load: (buffer, index) => {
      const address = elementAddress(env, buffer, index, row, col);
      if (index === 'ij' || index === '0j') return `(v128.load ${address})`;
      return `(v128.load${env.bytes * 8}_splat ${address})`;
    },
  };
}

/** Store text for one element or one vector at (row, col) of an out buffer. */
export function storeAt(env: KernelEnv, lanes: boolean, row: string, col: string): (buffer: string, value: string) => string {
  return (buffer, value) => {
    const shape = env.shapes.get(buffer) as Shape;
    const index: Index = shape.length === 0 ? '00' : shape[1] === 1 ? 'i0' : shape[0] === 1 ? '0j' : 'ij';
    const address = elementAddress(env, buffer, index, row, col);
    return lanes ? `(v128.store ${address} ${value})` : `(${env.T}.store ${address} ${value})`;
  };
}

/** The sum of the lanes of a v128 local, lanes added pairwise: (l0 + l1) + (l2 + l3). */
export function laneSum(env: KernelEnv, vector: string): string {
  const lane = (k: number) => `(${VECTOR[env.T]}.extract_lane ${k} ${get(vector)})`;
  if (env.lanes === 2) return `(${env.T}.add ${lane(0)} ${lane(1)})`;
  return `(${env.T}.add (${env.T}.add ${lane(0)} ${lane(1)}) (${env.T}.add ${lane(2)} ${lane(3)}))`;
}

/** acc + a * b on v128 text: fused (relaxed SIMD) or multiply then add. */
export function multiplyAdd(env: KernelEnv, a: string, b: string, acc: string): string {
  const V = VECTOR[env.T];
  return env.fma ? `(${V}.relaxed_madd ${a} ${b} ${acc})` : `(${V}.add ${acc} (${V}.mul ${a} ${b}))`;
}

/**
 * Byte offsets of one output row of a block, computed once and shared by every element of the
 * block's epilogue: `ij` = ((i + r) * cols + j) * bytes for buffers of the kernel's shape,
 * `i0` = (i + r) * bytes for column vectors, `j0` = j * bytes for row vectors.
 */
export interface RowOffsets {
  readonly ij: string;
  readonly i0: string;
  readonly j0: string;
}

/** Sets the row offsets `uses` needs (the index kinds its loads and stores use). */
export function setRowOffsets(env: KernelEnv, cols: Dim, row: string, col: string, uses: ReadonlySet<Index>): RowOffsets {
  const offsets = { ij: env.fn.local('oij', 'i32'), i0: env.fn.local('oi', 'i32'), j0: env.fn.local('oj', 'i32') };
  if (uses.has('ij')) env.fn.set(offsets.ij, mul(add(mul(row, dimText(env, cols)), col), i32(env.bytes)));
  if (uses.has('i0')) env.fn.set(offsets.i0, mul(row, i32(env.bytes)));
  if (uses.has('0j')) env.fn.set(offsets.j0, mul(col, i32(env.bytes)));
  return offsets;
}

/** The index kinds the outs of a kernel read and store with. */
export function indexKindsOf(env: KernelEnv, outs: readonly Store[]): Set<Index> {
  const kinds = new Set<Index>();
  const visit = (e: Expr) => {
    if (e.kind === 'load') kinds.add(e.index);
    else if (e.kind === 'apply') e.args.forEach(visit);
  };
  for (const out of outs) {
    visit(out.expr);
    kinds.add(indexOfShape(env.shapes.get(out.buffer) as Shape));
  }
  return kinds;
}

/** The index kind a buffer of this shape is stored with. */
function indexOfShape(shape: Shape): Index {
  return shape.length === 0 ? '00' : shape[1] === 1 ? 'i0' : shape[0] === 1 ? '0j' : 'ij';
}

/** The address text of element (row, col + column) of `buffer`, read with `index`, from row offsets. */
function offsetAddress(env: KernelEnv, o: RowOffsets, index: Index, buffer: string, column: number): { address: string; offset: number } {
  const base = env.base(buffer);
  const shift = column * env.bytes;
  switch (index) {
    case '00':
      return { address: base, offset: 0 };
    case 'i0':
      return { address: add(base, get(o.i0)), offset: 0 };
    case '0j':
      return { address: add(base, get(o.j0)), offset: shift };
    case 'ij':
      return { address: add(base, get(o.ij)), offset: shift };
  }
}

const memarg = (offset: number) => (offset === 0 ? '' : ` offset=${offset}`);

/** The site of column `column` of a block row (lanes: the vector starting there). */
export function offsetSite(env: KernelEnv, o: RowOffsets, column: number, lanes: boolean, acc?: string): Site {
  return {
    acc,
    load: (buffer, index) => {
      const { address, offset } = offsetAddress(env, o, index, buffer, column);
      if (!lanes) return `(${env.T}.load${memarg(offset)} ${address})`;
      if (index === 'ij' || index === '0j') return `(v128.load${memarg(offset)} ${address})`;
      return `(v128.load${env.bytes * 8}_splat ${address})`;
    },
  };
}

/** Stores of out buffers (of the kernel's shape) at column `column` of a block row. */
export function offsetStore(env: KernelEnv, o: RowOffsets, column: number, lanes: boolean): (buffer: string, value: string) => string {
  return (buffer, value) => {
    const { address, offset } = offsetAddress(env, o, indexOfShape(env.shapes.get(buffer) as Shape), buffer, column);
    return `(${lanes ? 'v128' : env.T}.store${memarg(offset)} ${address} ${value})`;
  };
}
