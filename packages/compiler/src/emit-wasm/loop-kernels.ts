/**
 * The elementwise, reduction and per-column kernels of the WebAssembly target. Maps and sums run
 * over whole vectors of lanes where every op has a SIMD spelling (the leftover elements one at a
 * time), else element by element; a map whose loads all follow its own layout runs over the
 * buffers as one flat range.
 */
import { loadsOf } from '../ir/expr.js';
import type { Dim } from '../ir/graph.js';
import type { Expr, Index, Kernel, Store } from '../ir/schedule.js';
import { add, dimText, get, i32, laneSum, mul, scalarSite, storeAt, vectorSite, type KernelEnv } from './kernel-env.js';
import { scalarText, vectorizable, vectorText, writeOuts, type Site } from './wat-expr.js';
import { mathCall } from './wasm-math.js';
import { VECTOR } from './wasm-spelling.js';

type MapKernel = Extract<Kernel, { kind: 'map' }>;
type ReduceKernel = Extract<Kernel, { kind: 'reduce' }>;
type ColumnwiseKernel = Extract<Kernel, { kind: 'columnwise' }>;

/** Every index kind the outs of a map read with. */
function indexKinds(outs: readonly Store[]): Set<Index> {
  const kinds = new Set<Index>();
  const visit = (e: Expr) => {
    if (e.kind === 'load') kinds.add(e.index);
    else if (e.kind === 'apply') e.args.forEach(visit);
  };
  outs.forEach((s) => visit(s.expr));
  return kinds;
}

/** A flat element p of a map whose buffers all share its layout ('00' loads broadcast). */
function flatSite(env: KernelEnv, p: string, lanes: boolean): Site {
  return {
    load: (buffer, index) => {
      const address = index === '00' ? env.base(buffer) : add(env.base(buffer), mul(p, i32(env.bytes)));
      if (!lanes) return `(${env.T}.load ${address})`;
      return index === '00' ? `(v128.load${env.bytes * 8}_splat ${address})` : `(v128.load ${address})`;
    },
  };
}

/** `for (v = from; v + lanes <= to; v += lanes) vector(v); for (; v < to; v++) scalar(v)`. */
function vectorThenScalar(env: KernelEnv, variable: string, from: string, to: string, vector: (() => void) | null, scalar: () => void): void {
  const { fn, lanes } = env;
  fn.set(variable, from);
  if (vector !== null) {
    fn.whileLoop(`(i32.le_s ${add(get(variable), i32(lanes))} ${to})`, () => {
      vector();
      fn.set(variable, add(get(variable), i32(lanes)));
    });
  }
  fn.whileLoop(`(i32.lt_s ${get(variable)} ${to})`, () => {
    scalar();
    fn.set(variable, add(get(variable), i32(1)));
  });
}

export function writeMap(env: KernelEnv, kernel: MapKernel): void {
  const { fn } = env;
  const lanes = kernel.outs.every((s) => vectorizable(s.expr));
  const kinds = indexKinds(kernel.outs);
  const flat =
    [...kinds].every((k) => k === 'ij' || k === '00') ||
    (kernel.cols === 1 && [...kinds].every((k) => k === 'i0' || k === '00')) ||
    (kernel.rows === 1 && [...kinds].every((k) => k === '0j' || k === '00'));
  if (flat) {
    const p = fn.local('p', 'i32');
    const size = sizeText(env, kernel.rows, kernel.cols);
    const flatStore = (vector: boolean) => (buffer: string, value: string) => {
      const address = add(env.base(buffer), mul(get(p), i32(env.bytes)));
      return vector ? `(v128.store ${address} ${value})` : `(${env.T}.store ${address} ${value})`;
    };
    vectorThenScalar(
      env,
      p,
      i32(0),
      size,
      lanes ? () => writeOuts(kernel.outs, flatSite(env, get(p), true), env, true, flatStore(true)) : null,
      () => writeOuts(kernel.outs, flatSite(env, get(p), false), env, false, flatStore(false)),
    );
    return;
  }
  const [i, j] = [fn.local('i', 'i32'), fn.local('j', 'i32')];
  fn.forLoop(i, i32(0), dimText(env, kernel.rows), 1, () =>
    vectorThenScalar(
      env,
      j,
      i32(0),
      dimText(env, kernel.cols),
      lanes ? () => writeOuts(kernel.outs, vectorSite(env, get(i), get(j)), env, true, storeAt(env, true, get(i), get(j))) : null,
      () => writeOuts(kernel.outs, scalarSite(env, get(i), get(j)), env, false, storeAt(env, false, get(i), get(j))),
    ),
  );
}

function sizeText(env: KernelEnv, rows: Dim, cols: Dim): string {
  return mul(dimText(env, rows), dimText(env, cols));
}

export function writeReduce(env: KernelEnv, kernel: ReduceKernel): void {
  const { fn, T } = env;
  const V = VECTOR[T];
  const lanes = vectorizable(kernel.input);
  const [i, j] = [fn.local('i', 'i32'), fn.local('j', 'i32')];
  const vacc = fn.local('va', 'v128');
  const sacc = fn.local('sa', T);
  const addVector = (site: Site) => fn.set(vacc, `(${V}.add ${get(vacc)} ${vectorText(kernel.input, site, env)})`);
  const addScalar = (site: Site) => fn.set(sacc, `(${T}.add ${get(sacc)} ${scalarText(kernel.input, site, env)})`);
  const rows = dimText(env, kernel.rows);
  const cols = dimText(env, kernel.cols);
  /** Sum over j of row $i into sacc (vector lanes, then their sum, then the rest). */
  const sumRow = () => {
    fn.set(vacc, '(v128.const i64x2 0 0)');
    fn.set(sacc, `(${T}.const 0)`);
    fn.set(j, i32(0));
    if (lanes) {
      fn.whileLoop(`(i32.le_s ${add(get(j), i32(env.lanes))} ${cols})`, () => {
        addVector(vectorSite(env, get(i), get(j)));
        fn.set(j, add(get(j), i32(env.lanes)));
      });
      fn.set(sacc, laneSum(env, vacc));
    }
    fn.whileLoop(`(i32.lt_s ${get(j)} ${cols})`, () => {
      addScalar(scalarSite(env, get(i), get(j)));
      fn.set(j, add(get(j), i32(1)));
    });
  };
  switch (kernel.axis) {
    case 'cols':
      fn.forLoop(i, i32(0), rows, 1, () => {
        sumRow();
        writeOuts(kernel.outs, scalarSite(env, get(i), i32(0), get(sacc)), env, false, storeAt(env, false, get(i), i32(0)));
      });
      return;
    case 'all': {
      const total = fn.local('total', T);
      fn.set(total, `(${T}.const 0)`);
      fn.forLoop(i, i32(0), rows, 1, () => {
        sumRow();
        fn.set(total, `(${T}.add ${get(total)} ${get(sacc)})`);
      });
      writeOuts(kernel.outs, scalarSite(env, i32(0), i32(0), get(total)), env, false, storeAt(env, false, i32(0), i32(0)));
      return;
    }
    case 'rows': {
      // Lanes of columns: each lane sums its column over i.
      const columnBlock = (vector: boolean) => {
        if (vector) fn.set(vacc, '(v128.const i64x2 0 0)');
        else fn.set(sacc, `(${T}.const 0)`);
        fn.forLoop(i, i32(0), rows, 1, () => (vector ? addVector(vectorSite(env, get(i), get(j))) : addScalar(scalarSite(env, get(i), get(j)))));
        if (vector) {
          for (let lane = 0; lane < env.lanes; lane++) {
            const col = add(get(j), i32(lane));
            writeOuts(kernel.outs, scalarSite(env, i32(0), col, `(${V}.extract_lane ${lane} ${get(vacc)})`), env, false, storeAt(env, false, i32(0), col));
          }
        } else {
          writeOuts(kernel.outs, scalarSite(env, i32(0), get(j), get(sacc)), env, false, storeAt(env, false, i32(0), get(j)));
        }
      };
      vectorThenScalar(env, j, i32(0), cols, lanes ? () => columnBlock(true) : null, () => columnBlock(false));
      return;
    }
  }
}

export function writeColumnwise(env: KernelEnv, kernel: ColumnwiseKernel): void {
  const { fn, T } = env;
  const [i, j] = [fn.local('i', 'i32'), fn.local('j', 'i32')];
  const [max, sum] = [fn.local('max', T), fn.local('sum', T)];
  const x = scalarSite(env, get(i), get(j)).load(kernel.input, 'ij');
  const exp = (value: string) => mathCall('exp', value, T);
  const log = (value: string) => (T === 'f64' ? `(call $log ${value})` : `(f32.demote_f64 (call $log (f64.promote_f32 ${value})))`);
  const rows = dimText(env, kernel.rows);
  fn.forLoop(j, i32(0), dimText(env, kernel.cols), 1, () => {
    fn.set(max, `(${T}.const -inf)`);
    fn.forLoop(i, i32(0), rows, 1, () => fn.set(max, `(${T}.max ${get(max)} ${x})`));
    fn.set(sum, `(${T}.const 0)`);
    fn.forLoop(i, i32(0), rows, 1, () => fn.set(sum, `(${T}.add ${get(sum)} ${exp(`(${T}.sub ${x} ${get(max)})`)})`));
    if (kernel.fn === 'softmax') {
      fn.forLoop(i, i32(0), rows, 1, () =>
        fn.line(storeAt(env, false, get(i), get(j))(kernel.out, `(${T}.div ${exp(`(${T}.sub ${x} ${get(max)})`)} ${get(sum)})`)),
      );
    } else {
      fn.line(storeAt(env, false, i32(0), get(j))(kernel.out, `(${T}.add ${get(max)} ${log(get(sum))})`));
    }
  });
}

/** The buffers a kernel reads or writes (for the workspace descriptor loads of its function). */
export function kernelBuffers(kernel: Kernel): Set<string> {
  const names = new Set<string>();
  if (kernel.kind === 'columnwise') return new Set([kernel.input, kernel.out]);
  if (kernel.kind === 'matmul') [kernel.a, kernel.b].forEach((n) => names.add(n));
  if (kernel.kind === 'reduce') loadsOf(kernel.input, names);
  for (const s of kernel.outs) {
    names.add(s.buffer);
    loadsOf(s.expr, names);
  }
  return names;
}
