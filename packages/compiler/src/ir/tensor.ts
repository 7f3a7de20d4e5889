/**
 * Concrete tensors for the IR interpreter: row-major f64 data with the batch size resolved.
 * Every tensor is viewed as rows x cols (scalars are 1 x 1); binary elementwise ops broadcast a
 * size-1 row or column dimension.
 */
import type { Shape } from './graph.js';

export interface Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function resolveShape(shape: Shape, m: number): [number, number] {
  const dims = shape.map((d) => (d === 'm' ? m : d));
  return dims.length === 0 ? [1, 1] : [dims[0], dims[1] ?? 1];
}

export function tensor(rows: number, cols: number, data?: ArrayLike<number>): Tensor {
  const out = new Float64Array(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) throw new Error(`tensor: ${data.length} values for ${rows}x${cols}`);
    out.set(data);
  }
  return { rows, cols, data: out };
}

export function filled(rows: number, cols: number, value: number): Tensor {
  return { rows, cols, data: new Float64Array(rows * cols).fill(value) };
}

/** Element (i, j) of `t` broadcast to a larger iteration space. */
export function at(t: Tensor, i: number, j: number): number {
  return t.data[(t.rows === 1 ? 0 : i) * t.cols + (t.cols === 1 ? 0 : j)];
}

/** Applies `fn` elementwise over the broadcast of `inputs` into `rows x cols`. */
export function mapTensors(rows: number, cols: number, inputs: readonly Tensor[], fn: (...x: number[]) => number): Tensor {
  const out = tensor(rows, cols);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      for (let k = 0; k < inputs.length; k++) args[k] = at(inputs[k], i, j);
      out.data[i * cols + j] = fn(...args);
    }
  }
  return out;
}

export function matmulTensors(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const [rows, inner] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const cols = transB ? b.rows : b.cols;
  const out = tensor(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let k = 0; k < inner; k++) {
        const x = transA ? a.data[k * a.cols + i] : a.data[i * a.cols + k];
        const y = transB ? b.data[j * b.cols + k] : b.data[k * b.cols + j];
        acc += x * y;
      }
      out.data[i * cols + j] = acc;
    }
  }
  return out;
}

/** Sums over `axis`: 'cols' gives (rows, 1), 'rows' gives (1, cols), 'all' gives 1 x 1. */
export function sumTensor(t: Tensor, axis: 'cols' | 'rows' | 'all'): Tensor {
  const out = axis === 'cols' ? tensor(t.rows, 1) : axis === 'rows' ? tensor(1, t.cols) : tensor(1, 1);
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const index = axis === 'cols' ? i : axis === 'rows' ? j : 0;
      out.data[index] += t.data[i * t.cols + j];
    }
  }
  return out;
}

/** Per column: softmax (n, m) -> (n, m), or log-sum-exp (n, m) -> (1, m); both shift by the max. */
export function columnwise(t: Tensor, fn: 'softmax' | 'logsumexp'): Tensor {
  const out = fn === 'softmax' ? tensor(t.rows, t.cols) : tensor(1, t.cols);
  for (let j = 0; j < t.cols; j++) {
    let max = -Infinity;
    for (let i = 0; i < t.rows; i++) max = Math.max(max, t.data[i * t.cols + j]);
    let sum = 0;
    for (let i = 0; i < t.rows; i++) sum += Math.exp(t.data[i * t.cols + j] - max);
    if (fn === 'logsumexp') out.data[j] = max + Math.log(sum);
    else for (let i = 0; i < t.rows; i++) out.data[i * t.cols + j] = Math.exp(t.data[i * t.cols + j] - max) / sum;
  }
  return out;
}
