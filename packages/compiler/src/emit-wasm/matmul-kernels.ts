/**
 * The matmul micro-kernels of the WebAssembly target, written from the shared blocking decisions
 * (ir/blocking.ts) with sizes and strides baked in and m read at run time. Each kernel function
 * computes the output columns [j0, j1), so that threads can split a product by columns.
 *
 *   broadcast  4 rows x 2 vectors of columns of accumulators; per k, the right operand's
 *              vectors are loaded once and every row's left element is broadcast against them.
 *              k runs in pieces (partial sums in the scratch buffer) over column panels.
 *              With one or two output rows: the right operand streamed row by row, 4 rows of k
 *              at a time, the sums of every column in the scratch (writeStreamedRowsMatmul).
 *   dot        4 x 2 dot products of rows, each a vector of lanes over k, lanes added at the end
 *              (then the leftover k one at a time); k = m runs in pieces for large m.
 *   generic    one element at a time (layouts the course's networks never produce).
 * Remainders (rows not a multiple of 4, columns not a multiple of the block) get blocks of
 * their own size, so an odd m costs only its share. The epilogue (bias, activation, derivative,
 * 1/m) runs on the accumulators before they leave the registers, on whole vectors when every op
 * has a SIMD spelling, else lane by lane.
 */
import { operandStrides, segments, type MatmulKernel, type SimdBlocking } from '../ir/blocking.js';
import type { Dim } from '../ir/graph.js';
import {
  add,
  dimText,
  get,
  i32,
  laneSum,
  mul,
  multiplyAdd,
  offsetSite,
  offsetStore,
  indexKindsOf,
  setRowOffsets,
  type KernelEnv,
  type RowOffsets,
} from './kernel-env.js';
import { SCRATCH } from './scratch.js';
import { vectorizable, writeOuts } from './wat-expr.js';
import { VECTOR } from './wasm-spelling.js';

const row = (r: number) => add(get('$i'), i32(r));

/** `(local.set $x (min a b))` for i32 text. */
function setMin(env: KernelEnv, local: string, a: string, b: string): void {
  env.fn.set(local, `(select ${a} ${b} (i32.lt_s ${a} ${b}))`);
}

/** Runs `body` for each block of rows: compile-time segments of rowsPerBlock and the rest. */
function forRowBlocks(env: KernelEnv, rows: Dim, width: number, body: (rows: number) => void): void {
  const i = env.fn.local('i', 'i32');
  for (const segment of segments(rows, width)) {
    if (segment.count === 'fit' || segment.count === 'rest') {
      throw new Error('wasm: matmul rows must be a fixed size');
    }
    if (segment.count === 1) {
      env.fn.set(i, i32(segment.start as number));
      body(segment.width);
    } else {
      const start = segment.start as number;
      env.fn.forLoop(i, i32(start), i32(start + segment.count * segment.width), segment.width, () => body(segment.width));
    }
  }
}

/** The epilogue of one element, column `column` of a block row, from a scalar accumulator value. */
function scalarEpilogue(env: KernelEnv, kernel: MatmulKernel, o: RowOffsets, column: number, acc: string): void {
  writeOuts(kernel.outs, offsetSite(env, o, column, false, acc), env, false, offsetStore(env, o, column, false));
}

/** The epilogue of a vector of accumulators at column `column` of a block row: whole vectors or lane by lane. */
function vectorEpilogue(env: KernelEnv, kernel: MatmulKernel, o: RowOffsets, column: number, acc: string): void {
  if (kernel.outs.every((s) => vectorizable(s.expr))) {
    writeOuts(kernel.outs, offsetSite(env, o, column, true, get(acc)), env, true, offsetStore(env, o, column, true));
    return;
  }
  for (let lane = 0; lane < env.lanes; lane++) {
    scalarEpilogue(env, kernel, o, column + lane, `(${VECTOR[env.T]}.extract_lane ${lane} ${get(acc)})`);
  }
}

/**
 * acc + a * b on scalars, rounded as the vector lanes round it: fused where the kernels fuse
 * (one lane of a relaxed multiply-add), so that a column's result does not depend on whether it
 * fell in a vector block or among the leftover columns.
 */
function scalarMultiplyAdd(env: KernelEnv, a: string, b: string, acc: string): string {
  if (!env.fma) return `(${env.T}.add ${acc} (${env.T}.mul ${a} ${b}))`;
  const V = VECTOR[env.T];
  return `(${V}.extract_lane 0 (${V}.relaxed_madd (${V}.splat ${a}) (${V}.splat ${b}) (${V}.splat ${acc})))`;
}

/** `value * bytes` for a stride that is a literal or m, as i32 text (a local for m). */
function strideBytes(env: KernelEnv, stride: Dim): string {
  return stride === 'm' ? get(env.fn.local('mBytes', 'i32')) : i32(stride * env.bytes);
}

export function writeBroadcastMatmul(env: KernelEnv, kernel: MatmulKernel, blocking: SimdBlocking): void {
  const { fn, lanes, bytes, T } = env;
  const V = VECTOR[T];
  const { left, right } = operandStrides(kernel, env.shapes);
  const inner = dimText(env, kernel.inner);
  const [jb, je, kb, ke, j, k, pa, pb] = ['jb', 'je', 'kb', 'ke', 'j', 'k', 'pa', 'pb'].map((n) => fn.local(n, 'i32'));
  const width = blocking.colsPerBlock * lanes;
  const cut = blocking.innerBlock !== null;

  // A left element of row r at the pointer: a constant offset when the row stride is fixed.
  const leftLoad = (r: number): string => {
    if (left.i !== 'm') return `(${T}.load offset=${r * left.i * bytes} ${get(pa)})`;
    return `(${T}.load ${add(get(pa), mul(i32(r), get(fn.local('mBytes', 'i32'))))})`;
  };
  // The same element broadcast to every lane, in one load where the row stride is fixed.
  const leftSplat = (r: number): string =>
    left.i !== 'm' ? `(v128.load${bytes * 8}_splat offset=${r * left.i * bytes} ${get(pa)})` : `(${V}.splat ${leftLoad(r)})`;
  const start = () => {
    fn.set(pa, add(env.base(kernel.a), mul(add(mul(get('$i'), dimText(env, left.i)), mul(get(kb), dimText(env, left.k))), i32(bytes))));
    fn.set(pb, add(env.base(kernel.b), mul(add(mul(get(kb), dimText(env, right.k)), get(j)), i32(bytes))));
    fn.set(k, get(kb));
  };
  const advance = () => {
    fn.set(pa, add(get(pa), strideBytes(env, left.k)));
    fn.set(pb, add(get(pb), strideBytes(env, right.k)));
    fn.set(k, add(get(k), i32(1)));
  };
  const uses = indexKindsOf(env, kernel.outs);
  const scratchUses = new Set(['ij'] as const);
  /** The byte address of (row r of the block, column j) in the partial-sum scratch. */
  const scratchRow = (r: number) => add(env.base(SCRATCH), get(setRowOffsets(env, kernel.cols, row(r), get(j), scratchUses).ij));

  /** rows x vectors accumulators at (i, j). */
  const vectorBlock = (rows: number, vectors: number) => {
    const acc = (r: number, v: number) => fn.local(`c${r}_${v}`, 'v128');
    const each = (body: (r: number, v: number) => void) => {
      for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) body(r, v);
    };
    const zero = () => each((r, v) => fn.set(acc(r, v), `(v128.const i64x2 0 0)`));
    const fromScratch = () => {
      for (let r = 0; r < rows; r++) {
        const address = scratchRow(r);
        for (let v = 0; v < vectors; v++) fn.set(acc(r, v), `(v128.load offset=${v * 16} ${address})`);
      }
    };
    if (cut) fn.ifElse(`(i32.eqz ${get(kb)})`, zero, fromScratch);
    else zero();
    start();
    fn.whileLoop(`(i32.lt_s ${get(k)} ${get(ke)})`, () => {
      for (let v = 0; v < vectors; v++) fn.set(fn.local(`b${v}`, 'v128'), `(v128.load offset=${v * 16} ${get(pb)})`);
      for (let r = 0; r < rows; r++) {
        const w = fn.local('w', 'v128');
        fn.set(w, leftSplat(r));
        for (let v = 0; v < vectors; v++) fn.set(acc(r, v), multiplyAdd(env, get(w), get(`$b${v}`), get(acc(r, v))));
      }
      advance();
    });
    const finish = () => {
      for (let r = 0; r < rows; r++) {
        const o = setRowOffsets(env, kernel.cols, row(r), get(j), uses);
        for (let v = 0; v < vectors; v++) vectorEpilogue(env, kernel, o, v * lanes, acc(r, v));
      }
    };
    const toScratch = () => {
      for (let r = 0; r < rows; r++) {
        const address = scratchRow(r);
        for (let v = 0; v < vectors; v++) fn.line(`(v128.store offset=${v * 16} ${address} ${get(acc(r, v))})`);
      }
    };
    if (cut) fn.ifElse(`(i32.eq ${get(ke)} ${inner})`, finish, toScratch);
    else finish();
  };

  /** rows x 1 scalar accumulators at (i, j). */
  const scalarBlock = (rows: number) => {
    const acc = (r: number) => fn.local(`s${r}`, T);
    const zero = () => Array.from({ length: rows }, (_, r) => fn.set(acc(r), `(${T}.const 0)`));
    if (cut) fn.ifElse(`(i32.eqz ${get(kb)})`, zero, () => Array.from({ length: rows }, (_, r) => fn.set(acc(r), `(${T}.load ${scratchRow(r)})`)));
    else zero();
    start();
    fn.whileLoop(`(i32.lt_s ${get(k)} ${get(ke)})`, () => {
      const b = fn.local('bs', T);
      fn.set(b, `(${T}.load ${get(pb)})`);
      for (let r = 0; r < rows; r++) fn.set(acc(r), scalarMultiplyAdd(env, leftLoad(r), get(b), get(acc(r))));
      advance();
    });
    const finish = () => {
      for (let r = 0; r < rows; r++) scalarEpilogue(env, kernel, setRowOffsets(env, kernel.cols, row(r), get(j), uses), 0, get(acc(r)));
    };
    if (cut) fn.ifElse(`(i32.eq ${get(ke)} ${inner})`, finish, () => Array.from({ length: rows }, (_, r) => fn.line(`(${T}.store ${scratchRow(r)} ${get(acc(r))})`)));
    else finish();
  };

  const panel = () => {
    const pieces = () =>
      forRowBlocks(env, kernel.rows, blocking.rowsPerBlock, (rows) => {
        fn.set(j, get(jb));
        fn.whileLoop(`(i32.le_s ${add(get(j), i32(width))} ${get(je)})`, () => {
          vectorBlock(rows, blocking.colsPerBlock);
          fn.set(j, add(get(j), i32(width)));
        });
        if (blocking.colsPerBlock > 1) {
          fn.whileLoop(`(i32.le_s ${add(get(j), i32(lanes))} ${get(je)})`, () => {
            vectorBlock(rows, 1);
            fn.set(j, add(get(j), i32(lanes)));
          });
        }
        fn.whileLoop(`(i32.lt_s ${get(j)} ${get(je)})`, () => {
          scalarBlock(rows);
          fn.set(j, add(get(j), i32(1)));
        });
      });
    if (cut) {
      fn.forLoop(kb, i32(0), inner, blocking.innerBlock as number, () => {
        setMin(env, ke, add(get(kb), i32(blocking.innerBlock as number)), inner);
        pieces();
      });
    } else {
      fn.set(kb, i32(0));
      fn.set(ke, inner);
      pieces();
    }
  };
  if (blocking.colsPanel !== null) {
    fn.forLoop(jb, get('$j0'), get('$j1'), blocking.colsPanel, () => {
      setMin(env, je, add(get(jb), i32(blocking.colsPanel as number)), get('$j1'));
      panel();
    });
  } else {
    fn.set(jb, get('$j0'));
    fn.set(je, get('$j1'));
    panel();
  }
}

/** k rows of the right operand one pass of writeStreamedRowsMatmul reads together. */
const STREAM_DEPTH = 4;

/**
 * A broadcast product of one or two output rows (ir/blocking.ts STREAMED_ROWS): for each group of
 * 4 k, the left elements are broadcast once, then every vector of columns in [j0, j1) loads its
 * sums from the scratch, adds its 4 terms in increasing k (the same multiply-adds, in the same
 * order, as a blocked kernel's accumulator) and stores them back; the right operand is read once,
 * row after row. The epilogue runs over the scratch's sums at the end.
 */
export function writeStreamedRowsMatmul(env: KernelEnv, kernel: MatmulKernel): void {
  const { fn, lanes, T } = env;
  const V = VECTOR[T];
  const { left, right } = operandStrides(kernel, env.shapes);
  const rows = kernel.rows as number;
  const inner = kernel.inner as number;
  const [j, k, pa, pb] = ['j', 'k', 'pa', 'pb'].map((n) => fn.local(n, 'i32'));
  fn.set(fn.local('i', 'i32'), i32(0));
  const scratchUses = new Set(['ij'] as const);
  const scratchAt = (r: number) => add(env.base(SCRATCH), get(setRowOffsets(env, kernel.cols, row(r), get(j), scratchUses).ij));
  const rightAt = (u: number) => (u === 0 ? get(pb) : add(get(pb), mul(i32(u), strideBytes(env, right.k))));
  const overColumns = (vector: (width: number) => void, scalar: () => void) => {
    fn.set(j, get('$j0'));
    fn.whileLoop(`(i32.le_s ${add(get(j), i32(lanes))} ${get('$j1')})`, () => {
      vector(lanes);
      fn.set(j, add(get(j), i32(lanes)));
    });
    fn.whileLoop(`(i32.lt_s ${get(j)} ${get('$j1')})`, () => {
      scalar();
      fn.set(j, add(get(j), i32(1)));
    });
  };
  // The sums start at 0.
  overColumns(
    () => Array.from({ length: rows }, (_, r) => fn.line(`(v128.store ${scratchAt(r)} (v128.const i64x2 0 0))`)),
    () => Array.from({ length: rows }, (_, r) => fn.line(`(${T}.store ${scratchAt(r)} (${T}.const 0))`)),
  );
  /** Adds the terms of k .. k + depth - 1 to every column's sums. */
  const pass = (depth: number) => {
    const w = (r: number, u: number) => fn.local(`w${r}_${u}`, T);
    const wv = (r: number, u: number) => fn.local(`wv${r}_${u}`, 'v128');
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < depth; u++) {
        const element = add(env.base(kernel.a), mul(add(mul(i32(r), dimText(env, left.i)), mul(add(get(k), i32(u)), dimText(env, left.k))), i32(env.bytes)));
        fn.set(w(r, u), `(${T}.load ${element})`);
        fn.set(wv(r, u), `(${V}.splat ${get(w(r, u))})`);
      }
    }
    const columnStart = () => fn.set(pb, add(get(pa), mul(get(j), i32(env.bytes))));
    overColumns(
      () => {
        columnStart();
        for (let r = 0; r < rows; r++) {
          const sum = fn.local(`acc${r}`, 'v128');
          const address = fn.local(`ps${r}`, 'i32');
          fn.set(address, scratchAt(r));
          fn.set(sum, `(v128.load ${get(address)})`);
          for (let u = 0; u < depth; u++) fn.set(sum, multiplyAdd(env, get(wv(r, u)), `(v128.load ${rightAt(u)})`, get(sum)));
          fn.line(`(v128.store ${get(address)} ${get(sum)})`);
        }
      },
      () => {
        columnStart();
        for (let r = 0; r < rows; r++) {
          const sum = fn.local(`s${r}`, T);
          const address = fn.local(`ps${r}`, 'i32');
          fn.set(address, scratchAt(r));
          fn.set(sum, `(${T}.load ${get(address)})`);
          for (let u = 0; u < depth; u++) fn.set(sum, scalarMultiplyAdd(env, get(w(r, u)), `(${T}.load ${rightAt(u)})`, get(sum)));
          fn.line(`(${T}.store ${get(address)} ${get(sum)})`);
        }
      },
    );
  };
  // pa: the byte address of right row k (column 0).
  const rowStart = () => fn.set(pa, add(env.base(kernel.b), mul(mul(get(k), dimText(env, right.k)), i32(env.bytes))));
  const full = inner - (inner % STREAM_DEPTH);
  if (full > 0) {
    fn.forLoop(k, i32(0), i32(full), STREAM_DEPTH, () => {
      rowStart();
      pass(STREAM_DEPTH);
    });
  }
  if (inner % STREAM_DEPTH > 0) {
    fn.set(k, i32(full));
    rowStart();
    pass(inner % STREAM_DEPTH);
  }
  // The epilogue over the sums.
  const uses = indexKindsOf(env, kernel.outs);
  overColumns(
    () => {
      for (let r = 0; r < rows; r++) {
        const sum = fn.local(`acc${r}`, 'v128');
        fn.set(sum, `(v128.load ${scratchAt(r)})`);
        vectorEpilogue(env, kernel, setRowOffsets(env, kernel.cols, row(r), get(j), uses), 0, sum);
      }
    },
    () => {
      for (let r = 0; r < rows; r++) {
        scalarEpilogue(env, kernel, setRowOffsets(env, kernel.cols, row(r), get(j), uses), 0, `(${T}.load ${scratchAt(r)})`);
      }
    },
  );
}

export function writeDotMatmul(env: KernelEnv, kernel: MatmulKernel, blocking: SimdBlocking): void {
  const { fn, lanes, bytes, T } = env;
  const { left, right } = operandStrides(kernel, env.shapes);
  const inner = dimText(env, kernel.inner);
  const [tb, te, j, t, offset] = ['tb', 'te', 'j', 't', 'toff'].map((n) => fn.local(n, 'i32'));
  const piece = blocking.innerBlock as number;
  const uses = indexKindsOf(env, kernel.outs);

  const block = (rows: number, cols: number) => {
    const acc = (r: number, c: number) => fn.local(`c${r}_${c}`, 'v128');
    const sum = (r: number, c: number) => fn.local(`s${r}_${c}`, T);
    const leftRow = (r: number) => fn.local(`pl${r}`, 'i32');
    const rightRow = (c: number) => fn.local(`pr${c}`, 'i32');
    const each = (body: (r: number, c: number) => void) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) body(r, c);
    };
    each((r, c) => fn.set(acc(r, c), '(v128.const i64x2 0 0)'));
    for (let r = 0; r < rows; r++) {
      fn.set(leftRow(r), add(env.base(kernel.a), mul(add(mul(row(r), dimText(env, left.i)), mul(get(tb), dimText(env, left.k))), i32(bytes))));
    }
    for (let c = 0; c < cols; c++) {
      const col = add(get(j), i32(c));
      fn.set(rightRow(c), add(env.base(kernel.b), mul(add(mul(col, dimText(env, right.j)), mul(get(tb), dimText(env, right.k))), i32(bytes))));
    }
    fn.set(t, get(tb));
    fn.set(offset, i32(0));
    fn.whileLoop(`(i32.le_s ${add(get(t), i32(lanes))} ${get(te)})`, () => {
      for (let r = 0; r < rows; r++) fn.set(fn.local(`l${r}`, 'v128'), `(v128.load ${add(get(leftRow(r)), get(offset))})`);
      for (let c = 0; c < cols; c++) fn.set(fn.local(`r${c}`, 'v128'), `(v128.load ${add(get(rightRow(c)), get(offset))})`);
      each((r, c) => fn.set(acc(r, c), multiplyAdd(env, get(`$l${r}`), get(`$r${c}`), get(acc(r, c)))));
      fn.set(offset, add(get(offset), i32(16)));
      fn.set(t, add(get(t), i32(lanes)));
    });
    each((r, c) => fn.set(sum(r, c), laneSum(env, acc(r, c))));
    fn.whileLoop(`(i32.lt_s ${get(t)} ${get(te)})`, () => {
      each((r, c) =>
        fn.set(sum(r, c), `(${T}.add ${get(sum(r, c))} (${T}.mul (${T}.load ${add(get(leftRow(r)), get(offset))}) (${T}.load ${add(get(rightRow(c)), get(offset))})))`),
      );
      fn.set(offset, add(get(offset), i32(bytes)));
      fn.set(t, add(get(t), i32(1)));
    });
    // Pieces after the first add the earlier pieces' sums from the scratch; the last one finishes.
    const scratchUses = new Set(['ij'] as const);
    fn.ifElse(`(i32.ne ${get(tb)} (i32.const 0))`, () => {
      for (let r = 0; r < rows; r++) {
        const address = add(env.base(SCRATCH), get(setRowOffsets(env, kernel.cols, row(r), get(j), scratchUses).ij));
        for (let c = 0; c < cols; c++) fn.set(sum(r, c), `(${T}.add (${T}.load offset=${c * bytes} ${address}) ${get(sum(r, c))})`);
      }
    });
    fn.ifElse(
      `(i32.eq ${get(te)} ${inner})`,
      () => {
        for (let r = 0; r < rows; r++) {
          const o = setRowOffsets(env, kernel.cols, row(r), get(j), uses);
          for (let c = 0; c < cols; c++) scalarEpilogue(env, kernel, o, c, get(sum(r, c)));
        }
      },
      () => {
        for (let r = 0; r < rows; r++) {
          const address = add(env.base(SCRATCH), get(setRowOffsets(env, kernel.cols, row(r), get(j), scratchUses).ij));
          for (let c = 0; c < cols; c++) fn.line(`(${T}.store offset=${c * bytes} ${address} ${get(sum(r, c))})`);
        }
      },
    );
  };

  fn.forLoop(tb, i32(0), inner, piece, () => {
    setMin(env, te, add(get(tb), i32(piece)), inner);
    fn.set(j, get('$j0'));
    fn.whileLoop(`(i32.le_s ${add(get(j), i32(blocking.colsPerBlock))} ${get('$j1')})`, () => {
      forRowBlocks(env, kernel.rows, blocking.rowsPerBlock, (rows) => block(rows, blocking.colsPerBlock));
      fn.set(j, add(get(j), i32(blocking.colsPerBlock)));
    });
    fn.whileLoop(`(i32.lt_s ${get(j)} ${get('$j1')})`, () => {
      forRowBlocks(env, kernel.rows, blocking.rowsPerBlock, (rows) => block(rows, 1));
      fn.set(j, add(get(j), i32(1)));
    });
  });
}

/** One element at a time, for any layout. */
export function writeGenericMatmul(env: KernelEnv, kernel: MatmulKernel): void {
  const { fn, T } = env;
  const { left, right } = operandStrides(kernel, env.shapes);
  const [i, j, k] = ['i', 'j', 'k'].map((n) => fn.local(n, 'i32'));
  const s = fn.local('s0', T);
  fn.forLoop(i, i32(0), dimText(env, kernel.rows), 1, () => {
    fn.forLoop(j, get('$j0'), get('$j1'), 1, () => {
      fn.set(s, `(${T}.const 0)`);
      fn.forLoop(k, i32(0), dimText(env, kernel.inner), 1, () => {
        const l = add(env.base(kernel.a), mul(add(mul(get(i), dimText(env, left.i)), mul(get(k), dimText(env, left.k))), i32(env.bytes)));
        const r = add(env.base(kernel.b), mul(add(mul(get(k), dimText(env, right.k)), mul(get(j), dimText(env, right.j))), i32(env.bytes)));
        fn.set(s, `(${T}.add ${get(s)} (${T}.mul (${T}.load ${l}) (${T}.load ${r})))`);
      });
      scalarEpilogue(env, kernel, setRowOffsets(env, kernel.cols, get(i), get(j), indexKindsOf(env, kernel.outs)), 0, get(s));
    });
  });
}
