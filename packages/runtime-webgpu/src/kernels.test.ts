/**
 * The WGSL kernel templates against plain JavaScript loops that round to f32 after every
 * operation (the same order of additions as the kernels), on small odd shapes that exercise
 * partial tiles and the symbolic batch size m.
 */
import { describe, expect, it } from 'vitest';
import {
  type Dim,
  type PlanBuffer,
  type PlanKernel,
  type KernelSource,
  f32,
  mapKernel,
  matmulKernel,
  reduceKernel,
  columnwiseKernel,
  wgsl,
} from '@nnc/compiler/emit-wgsl';
import { GpuProgram, type ProgramLimits } from './gpu-program.js';
import { deviceForTests } from './test-device.js';

const gpu = await deviceForTests();
const fr = Math.fround;

function plan(kernel: KernelSource): PlanKernel {
  return { ...kernel, code: kernel.code.text };
}

function randomArray(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

async function run(
  buffers: Record<string, { rows: Dim; cols: Dim; data?: Float32Array }>,
  kernels: KernelSource[],
  m: number,
  sizes = { tile: 4, linear: 8 },
  step = { t: 1, bias1: 1, bias2: 1 },
  limits: Partial<ProgramLimits> = {},
): Promise<(name: string) => Promise<Float32Array>> {
  const decls: PlanBuffer[] = Object.entries(buffers).map(([name, b]) => ({ name, role: 'scratch', rows: b.rows, cols: b.cols }));
  const program = await GpuProgram.create(gpu!.device, decls, kernels.map(plan), sizes, limits);
  program.ensureCapacity(m);
  for (const [name, b] of Object.entries(buffers)) if (b.data) program.write(name, b.data);
  program.writeSteps([{ m, ...step }]);
  const encoder = gpu!.device.createCommandEncoder();
  program.encode(encoder, kernels.map((k) => k.name), 0, m);
  gpu!.device.queue.submit([encoder.finish()]);
  return (name) => program.read(name, program.elementCount(name, m));
}

function matmulReference(a: Float32Array, b: Float32Array, rows: number, cols: number, inner: number, transA: boolean, transB: boolean): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let k = 0; k < inner; k++) {
        const x = transA ? a[k * rows + i] : a[i * inner + k];
        const y = transB ? b[j * inner + k] : b[k * cols + j];
        acc = fr(acc + fr(x * y));
      }
      out[i * cols + j] = acc;
    }
  }
  return out;
}

describe.skipIf(gpu === null)('tiled matmul kernel', () => {
  it('computes the forward product with the bias + tanh epilogue (Z = W A + b, A = tanh Z)', async () => {
    const [n, k, m] = [5, 3, 7];
    const W = randomArray(n * k, 1);
    const X = randomArray(k * m, 2);
    const b = randomArray(n, 3);
    const kernel = matmulKernel({
      name: 'forward1', a: 'W1', b: 'X', transA: false, transB: false, rows: n, cols: 'm', inner: k,
      outs: [{ buffer: 'A1', value: wgsl`tanh(acc + b1[i])` }], reads: ['b1'],
    });
    const read = await run({ W1: { rows: n, cols: k, data: W }, X: { rows: k, cols: 'm', data: X }, b1: { rows: n, cols: 1, data: b }, A1: { rows: n, cols: 'm' } }, [kernel], m);
    const product = matmulReference(W, X, n, m, k, false, false);
    const expected = product.map((z, e) => Math.tanh(fr(z + b[Math.floor(e / m)])));
    const got = await read('A1');
    got.forEach((v, e) => expect(v).toBeCloseTo(expected[e], 6));
  });

  it('computes dW = dZ A^T / m with inner dimension m (transB), bit-equal to an f32 loop', async () => {
    const [n, k, m] = [6, 9, 11];
    const dZ = randomArray(n * m, 4);
    const A = randomArray(k * m, 5);
    const kernel = matmulKernel({
      name: 'dW', a: 'dZ', b: 'A', transA: false, transB: true, rows: n, cols: k, inner: 'm',
      outs: [{ buffer: 'dW', value: wgsl`acc * step.inv_m` }], reads: [],
    });
    const read = await run({ dZ: { rows: n, cols: 'm', data: dZ }, A: { rows: k, cols: 'm', data: A }, dW: { rows: n, cols: k } }, [kernel], m);
    const expected = matmulReference(dZ, A, n, k, m, false, true).map((x) => fr(x * fr(1 / m)));
    expect(Array.from(await read('dW'))).toEqual(Array.from(expected));
  });

  it('computes dZ_prev = (W^T dZ) * (1 - A^2) with the derivative in the epilogue (transA)', async () => {
    const [n, k, m] = [3, 5, 9];
    const W = randomArray(n * k, 6);
    const dZ = randomArray(n * m, 7);
    const A = randomArray(k * m, 8);
    const kernel = matmulKernel({
      name: 'dZ0', a: 'W', b: 'dZ', transA: true, transB: false, rows: k, cols: 'm', inner: n,
      outs: [{ buffer: 'dZ0', value: wgsl`acc * (1.0f - A[i * step.m + j] * A[i * step.m + j])` }], reads: ['A'],
    });
    const read = await run({ W: { rows: n, cols: k, data: W }, dZ: { rows: n, cols: 'm', data: dZ }, A: { rows: k, cols: 'm', data: A }, dZ0: { rows: k, cols: 'm' } }, [kernel], m, { tile: 2, linear: 8 });
    const product = matmulReference(W, dZ, k, m, n, true, false);
    const expected = product.map((x, e) => fr(x * fr(1 - fr(A[e] * A[e]))));
    expect(Array.from(await read('dZ0'))).toEqual(Array.from(expected));
  });
});

describe.skipIf(gpu === null)('reduction kernels', () => {
  it('sums columns (db = (1/m) sum_j dZ) and all elements (a cost), scaled', async () => {
    const [n, m] = [3, 37];
    const dZ = randomArray(n * m, 9);
    const db = reduceKernel({ name: 'db', axis: 'cols', rows: n, cols: 'm', input: wgsl`dZ[i * step.m + j]`, reads: ['dZ'], outs: [{ buffer: 'db', value: wgsl`acc * step.inv_m` }] });
    const cost = reduceKernel({ name: 'cost', axis: 'all', rows: n, cols: 'm', input: wgsl`dZ[i * step.m + j] * dZ[i * step.m + j]`, reads: ['dZ'], outs: [{ buffer: 'cost', value: wgsl`acc * ${f32(0.5)}` }] });
    const colSums = reduceKernel({ name: 'sums', axis: 'rows', rows: n, cols: 'm', input: wgsl`dZ[i * step.m + j]`, reads: ['dZ'], outs: [{ buffer: 'S', value: wgsl`acc` }] });
    const read = await run({ dZ: { rows: n, cols: 'm', data: dZ }, db: { rows: n, cols: 1 }, cost: { rows: 1, cols: 1 }, S: { rows: 1, cols: 'm' } }, [db, cost, colSums], m);
    const S = await read('S');
    for (let j = 0; j < m; j++) expect(S[j]).toBeCloseTo(dZ[j] + dZ[m + j] + dZ[2 * m + j], 6);
    const got = await read('db');
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += dZ[i * m + j];
      expect(got[i]).toBeCloseTo(sum / m, 6);
    }
    const squares = Array.from(dZ).reduce((s, x) => s + x * x, 0);
    expect((await read('cost'))[0]).toBeCloseTo(0.5 * squares, 5);
  });
});

describe.skipIf(gpu === null)('elementwise map kernel', () => {
  it('writes several outputs from one pass over (rows, m)', async () => {
    const [n, m] = [4, 13];
    const Z = randomArray(n * m, 10);
    const kernel = mapKernel({
      name: 'act', rows: n, cols: 'm', reads: ['Z'],
      outs: [
        { buffer: 'S', value: wgsl`1.0f / (1.0f + exp(-Z[i * step.m + j]))` },
        { buffer: 'R', value: wgsl`max(Z[i * step.m + j], 0.0f)` },
      ],
    });
    const read = await run({ Z: { rows: n, cols: 'm', data: Z }, S: { rows: n, cols: 'm' }, R: { rows: n, cols: 'm' } }, [kernel], m);
    const S = await read('S');
    const R = await read('R');
    Z.forEach((z, e) => {
      expect(S[e]).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
      expect(R[e]).toBe(Math.max(z, 0));
    });
  });
});

describe.skipIf(gpu === null)('columnwise kernel', () => {
  it('computes a max-shifted softmax and log-sum-exp per column', async () => {
    const [n, m] = [3, 5];
    const Z = randomArray(n * m, 15).map((x) => x * 40);
    const softmax = columnwiseKernel({ name: 'sm', fn: 'softmax', input: 'Z', out: 'P', rows: n, cols: 'm' });
    const lse = columnwiseKernel({ name: 'lse', fn: 'logsumexp', input: 'Z', out: 'L', rows: n, cols: 'm' });
    const read = await run({ Z: { rows: n, cols: 'm', data: Z }, P: { rows: n, cols: 'm' }, L: { rows: 1, cols: 'm' } }, [softmax, lse], m);
    const [P, L] = [await read('P'), await read('L')];
    for (let j = 0; j < m; j++) {
      const column = [0, 1, 2].map((i) => Z[i * m + j]);
      const max = Math.max(...column);
      const total = column.reduce((s, z) => s + Math.exp(z - max), 0);
      column.forEach((z, i) => expect(P[i * m + j]).toBeCloseTo(Math.exp(z - max) / total, 6));
      expect(L[j]).toBeCloseTo(max + Math.log(total), 5);
    }
  });
});

describe.skipIf(gpu === null)('grids folded below maxComputeWorkgroupsPerDimension', () => {
  it('give every kernel kind the same results as an unfolded grid (spare workgroups store nothing)', async () => {
    const [n, k, m] = [37, 3, 61];
    const W = randomArray(5 * k, 20);
    const X = randomArray(k * m, 21);
    const R = randomArray(n * m, 22);
    // Each limit folds that kernel's x groups (tiles of 4, lines of 8) into z, with spare groups.
    const cases: [KernelSource, number, string][] = [
      // 16 tiles -> 6 x 3
      [matmulKernel({ name: 'mm', a: 'W', b: 'X', transA: false, transB: false, rows: 5, cols: 'm', inner: k, outs: [{ buffer: 'Z', value: wgsl`acc` }], reads: [] }), 6, 'Z'],
      // 37 rows -> 7 x 6
      [reduceKernel({ name: 'rowsums', axis: 'cols', rows: n, cols: 'm', input: wgsl`R[i * step.m + j]`, reads: ['R'], outs: [{ buffer: 'r', value: wgsl`acc` }] }), 7, 'r'],
      // 61 columns -> 9 x 7
      [reduceKernel({ name: 'colsums', axis: 'rows', rows: k, cols: 'm', input: wgsl`X[i * step.m + j]`, reads: ['X'], outs: [{ buffer: 'c', value: wgsl`acc` }] }), 9, 'c'],
      // 183 elements / 8 = 23 groups -> 5 x 5
      [mapKernel({ name: 'sq', rows: k, cols: 'm', reads: ['X'], outs: [{ buffer: 'Q', value: wgsl`X[i * step.m + j] * X[i * step.m + j]` }] }), 5, 'Q'],
      // 61 columns / 8 = 8 groups -> 3 x 3
      [columnwiseKernel({ name: 'lse', fn: 'logsumexp', input: 'X', out: 'L', rows: k, cols: 'm' }), 3, 'L'],
    ];
    const buffers = {
      W: { rows: 5, cols: k, data: W }, X: { rows: k, cols: 'm' as const, data: X }, R: { rows: n, cols: 'm' as const, data: R },
      Z: { rows: 5, cols: 'm' as const }, r: { rows: n, cols: 1 }, c: { rows: 1, cols: 'm' as const }, Q: { rows: k, cols: 'm' as const }, L: { rows: 1, cols: 'm' as const },
    };
    const plain = await run(buffers, cases.map(([kernel]) => kernel), m);
    expect(Array.from(await plain('Z'))).toEqual(Array.from(matmulReference(W, X, 5, m, k, false, false)));
    for (const [kernel, limit, out] of cases) {
      const folded = await run(buffers, [kernel], m, { tile: 4, linear: 8 }, undefined, { maxComputeWorkgroupsPerDimension: limit });
      expect(Array.from(await folded(out)), kernel.name).toEqual(Array.from(await plain(out)));
    }
  });

  it('refuses a grid whose y count exceeds the limit, naming m and the limit', async () => {
    const kernel = matmulKernel({ name: 'tall', a: 'A', b: 'B', transA: false, transB: false, rows: 40, cols: 'm', inner: 1, outs: [{ buffer: 'C', value: wgsl`acc` }], reads: [] });
    await expect(
      run({ A: { rows: 40, cols: 1 }, B: { rows: 1, cols: 'm' }, C: { rows: 40, cols: 'm' } }, [kernel], 5, { tile: 4, linear: 8 }, undefined, { maxComputeWorkgroupsPerDimension: 3 }),
    ).rejects.toThrow("batch size m = 5 needs a 2 x 10 grid of workgroups, beyond this device's maxComputeWorkgroupsPerDimension (3)");
  });
});
