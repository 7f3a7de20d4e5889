/**
 * Schedule -> a WebAssembly text module: one exported function per kernel of every phase,
 * `(ws, m, j0, j1)`, over one linear memory that the host owns (imported from "env"). Buffers
 * of fixed size sit at fixed addresses (the layout); buffers whose size depends on m live in a
 * per-batch-size workspace whose descriptor (the address of each buffer, one i32 each) the
 * host writes and passes as `ws`. Matmuls compute the output columns [j0, j1) so that the host
 * can split them across threads; the other kernels ignore j0 and j1.
 */
import { simdBlocking, type MatmulKernel } from '../ir/blocking.js';
import type { Shape } from '../ir/graph.js';
import { kernelComment } from '../ir/print-schedule.js';
import { PHASES, type Kernel, type PhaseName, type Schedule } from '../ir/schedule.js';
import { kernelEnv } from './kernel-env.js';
import { kernelBuffers, writeColumnwise, writeMap, writeReduce } from './loop-kernels.js';
import { writeBroadcastMatmul, writeDotMatmul, writeGenericMatmul, writeStreamedRowsMatmul } from './matmul-kernels.js';
import { SCRATCH } from './scratch.js';
import { mathFunctions, type MathFunction } from './wasm-math.js';
import { functionsOf } from './wat-expr.js';
import { WatFunction } from './wat-function.js';
import { BYTES, IMPORTED, LANES, type Imported, type Scalar } from './wasm-spelling.js';


export interface FixedBuffer {
  readonly name: string;
  /** Byte address. */
  readonly offset: number;
  /** Elements. */
  readonly length: number;
}

/** A buffer of the workspace: perM * m + fixed elements, its address in descriptor slot `slot`. */
export interface BatchBuffer {
  readonly name: string;
  readonly slot: number;
  readonly perM: number;
  readonly fixed: number;
}

export interface WasmLayout {
  readonly scalar: Scalar;
  readonly fixed: readonly FixedBuffer[];
  /** First byte after the fixed buffers (16-aligned). */
  readonly fixedBytes: number;
  readonly perBatch: readonly BatchBuffer[];
}

export interface WasmKernel {
  /** Exported function name: `${phase}_${index}`. */
  readonly name: string;
  readonly phase: PhaseName;
  readonly kernel: Kernel;
  /** Columns the function's [j0, j1) ranges over (a literal or m), when it can be split. */
  readonly columns: number | 'm' | null;
  /** Column splits keep blocks whole: multiples of this. */
  readonly align: number;
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** Elements of a shape as perM * m + fixed. */
function sizeOf(shape: Shape): { perM: number; fixed: number } {
  const fixed = shape.reduce<number>((n, d) => (d === 'm' ? n : n * d), 1);
  return shape.includes('m') ? { perM: fixed, fixed: 0 } : { perM: 0, fixed };
}

export function wasmLayout(schedule: Schedule): WasmLayout {
  const scalar = schedule.model.precision;
  const bytes = BYTES[scalar];
  const fixed: FixedBuffer[] = [];
  const perBatch: BatchBuffer[] = [];
  let offset = 64;
  for (const b of schedule.buffers) {
    if (b.dtype !== scalar) throw new Error(`wasm: buffer ${b.name} is ${b.dtype} in an ${scalar} model`);
    const size = sizeOf(b.shape);
    if (size.perM > 0) {
      perBatch.push({ name: b.name, slot: perBatch.length, ...size });
    } else {
      fixed.push({ name: b.name, offset, length: size.fixed });
      offset = align16(offset + size.fixed * bytes);
    }
  }
  const scratch = { perM: 0, fixed: 0 };
  for (const phase of PHASES) {
    for (const kernel of schedule.phases[phase]) {
      if (kernel.kind !== 'matmul' || !needsScratch(kernel, scalar)) continue;
      if (kernel.cols === 'm') scratch.perM = Math.max(scratch.perM, kernel.rows as number);
      else scratch.fixed = Math.max(scratch.fixed, (kernel.rows as number) * kernel.cols);
    }
  }
  if (scratch.perM + scratch.fixed > 0) perBatch.push({ name: SCRATCH, slot: perBatch.length, ...scratch });
  return { scalar, fixed, fixedBytes: align16(offset), perBatch };
}

function needsScratch(kernel: MatmulKernel, scalar: Scalar): boolean {
  const blocking = simdBlocking(kernel, LANES[scalar], BYTES[scalar]);
  return blocking.layout === 'dot' || (blocking.layout === 'broadcast' && (blocking.innerBlock !== null || blocking.streamRows));
}

export function wasmKernels(schedule: Schedule): WasmKernel[] {
  const scalar = schedule.model.precision;
  const out: WasmKernel[] = [];
  for (const phase of PHASES) {
    schedule.phases[phase].forEach((kernel, index) => {
      const name = `${phase}_${index}`;
      if (kernel.kind !== 'matmul') {
        out.push({ name, phase, kernel, columns: null, align: 1 });
        return;
      }
      const blocking = simdBlocking(kernel, LANES[scalar], BYTES[scalar]);
      const align = blocking.layout === 'broadcast' ? blocking.colsPerBlock * LANES[scalar] : blocking.colsPerBlock;
      out.push({ name, phase, kernel, columns: kernel.cols, align });
    });
  }
  return out;
}

export interface WatOptions {
  /** Relaxed-SIMD fused multiply-add in the matmuls. */
  readonly fma: boolean;
  /** Import the memory as shared (for threads). */
  readonly shared: boolean;
}

/** The most pages a shared memory may grow to (2 GiB). */
export const MAX_PAGES = 32768;

export function emitWat(schedule: Schedule, options: WatOptions): string {
  const layout = wasmLayout(schedule);
  const T = layout.scalar;
  const shapes = new Map<string, Shape>(schedule.buffers.map((b) => [b.name, b.shape]));
  const fixedAt = new Map(layout.fixed.map((b) => [b.name, b.offset]));
  const slotOf = new Map(layout.perBatch.map((b) => [b.name, b.slot]));
  const imports = new Set<Imported>();
  const math = new Set<MathFunction>();
  const functions: string[] = [];
  for (const k of wasmKernels(schedule)) {
    const fn = new WatFunction(k.name, [['ws', 'i32'], ['m', 'i32'], ['j0', 'i32'], ['j1', 'i32']], k.name);
    const kernel = k.kernel;
    const local = new Map<string, string>();
    const base = (buffer: string): string => {
      const offset = fixedAt.get(buffer);
      if (offset !== undefined) return `(i32.const ${offset})`;
      const name = local.get(buffer);
      if (name === undefined) throw new Error(`wasm: kernel ${k.name} reads unknown buffer ${buffer}`);
      return `(local.get ${name})`;
    };
    const kernelShapes = new Map(shapes);
    if (kernel.kind === 'matmul') kernelShapes.set(SCRATCH, [kernel.rows, kernel.cols]);
    const env = kernelEnv(fn, T, options.fma, kernelShapes, base);
    fn.comment(kernelComment(kernel));
    fn.set(env.m, `(${T}.convert_i32_u (local.get $m))`);
    fn.set(fn.local('mBytes', 'i32'), `(i32.mul (local.get $m) (i32.const ${BYTES[T]}))`);
    const used = [...kernelBuffers(kernel)];
    if (kernel.kind === 'matmul' && slotOf.has(SCRATCH)) used.push(SCRATCH);
    for (const buffer of used) {
      const slot = slotOf.get(buffer);
      if (slot === undefined) continue;
      const name = fn.local(`p_${buffer === SCRATCH ? 'scratch' : buffer}`, 'i32');
      local.set(buffer, name);
      fn.set(name, `(i32.load offset=${slot * 4} (local.get $ws))`);
    }
    writeKernelBody(env, kernel);
    collectFunctions(kernel, imports, math);
    functions.push(fn.text());
  }
  const pages = Math.max(1, Math.ceil(layout.fixedBytes / 65536));
  const memory = options.shared ? `(memory ${pages} ${MAX_PAGES} shared)` : `(memory ${pages})`;
  return [
    `(module`,
    ...IMPORTED.filter((name) => imports.has(name)).map((name) => `  (import "math" "${name}" (func $${name} (param f64) (result f64)))`),
    `  (import "env" "memory" ${memory})`,
    ...mathFunctions(math, T),
    ...functions,
    ')',
    '',
  ].join('\n');
}

function writeKernelBody(env: ReturnType<typeof kernelEnv>, kernel: Kernel): void {
  switch (kernel.kind) {
    case 'matmul': {
      const blocking = simdBlocking(kernel, env.lanes, env.bytes);
      if (blocking.streamRows) writeStreamedRowsMatmul(env, kernel);
      else if (blocking.layout === 'broadcast') writeBroadcastMatmul(env, kernel, blocking);
      else if (blocking.layout === 'dot') writeDotMatmul(env, kernel, blocking);
      else writeGenericMatmul(env, kernel);
      return;
    }
    case 'map':
      writeMap(env, kernel);
      return;
    case 'reduce':
      writeReduce(env, kernel);
      return;
    case 'columnwise':
      writeColumnwise(env, kernel);
      return;
  }
}

function collectFunctions(kernel: Kernel, imports: Set<Imported>, math: Set<MathFunction>): void {
  if (kernel.kind === 'columnwise') {
    math.add('exp');
    if (kernel.fn === 'logsumexp') imports.add('log');
    return;
  }
  if (kernel.kind === 'reduce') functionsOf(kernel.input, imports, math);
  for (const s of kernel.outs) functionsOf(s.expr, imports, math);
}
