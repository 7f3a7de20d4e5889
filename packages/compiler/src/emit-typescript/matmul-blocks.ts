/**
 * A schedule matmul as TypeScript register blocks (ir/blocking.ts): for each block of up to 4
 * rows x 4 columns, 16 accumulators run over k together, so each loaded element of one operand
 * is multiplied against four of the other. Each accumulator adds its k terms in the same order
 * as one accumulator per element, so the results are bit-identical to the plain loop (and to the
 * reference interpreter). The block's sums go through the small `tile` buffer into the epilogue
 * (the kernel's outs: bias, activation, derivative, 1/m), written once per kernel.
 */
import type { CodeBlockWriter } from 'ts-morph';
import { operandStrides, SCALAR_BLOCK, scalarInnerPiece, segments, type MatmulKernel, type Segment } from '../ir/blocking.js';
import type { Dim } from '../ir/graph.js';
import type { Kernel } from '../ir/schedule.js';
import { writeStores, type KernelContext } from './emit-kernels.js';

/** The per-workspace f64 scratch a block's accumulators are handed to the epilogue through. */
export const TILE = 'tile';
export const TILE_SIZE = SCALAR_BLOCK.rows * SCALAR_BLOCK.cols;

/** The per-batch f64 scratch (rows x m) of the partial sums of a product whose k runs in pieces. */
export const PARTIAL = 'partial';

/** Whether `kernel` hands blocks through the tile (any matmul with more than one output element). */
export function usesTile(kernel: Kernel): boolean {
  return kernel.kind === 'matmul' && !(kernel.rows === 1 && kernel.cols === 1);
}

/** Rows of the partial-sum scratch `kernel` needs (0: its k runs whole). */
export function partialRows(kernel: Kernel): number {
  return kernel.kind === 'matmul' && scalarInnerPiece(kernel) !== null ? (kernel.rows as number) : 0;
}

/** `base * stride` as text ('' for a zero product is never needed: callers pass a variable). */
function times(base: string, stride: Dim): string {
  if (stride === 1) return base;
  return `${base} * ${stride}`;
}

/** `pointer + r * stride` for the r-th row or column of a block. */
function offset(pointer: string, r: number, stride: Dim): string {
  if (r === 0) return pointer;
  if (stride === 'm') return `${pointer} + ${r === 1 ? 'm' : `${r} * m`}`;
  return `${pointer} + ${r * stride}`;
}

/**
 * Loops `variable` over one segment of blocks and writes `body` for each; segments over m share
 * one variable (declared by the caller) so that the one-wide rest continues where the full
 * blocks stopped.
 */
function writeSegment(writer: CodeBlockWriter, variable: string, segment: Segment, body: () => void): void {
  const { width, count, start } = segment;
  if (count === 'fit') {
    writer.write(`for (; ${variable} + ${width} <= m; ${variable} += ${width}) `).block(body);
  } else if (count === 'rest') {
    writer.write(`for (; ${variable} < m; ${variable}++) `).block(body);
  } else if (count === 1) {
    writer.block(() => {
      writer.writeLine(`const ${variable} = ${start};`);
      body();
    });
  } else {
    const first = start as number;
    writer.write(`for (let ${variable} = ${first}; ${variable} < ${first + count * width}; ${variable} += ${width}) `).block(body);
  }
}

/** All segments of a dimension, with the shared variable of m-sized ones declared first. */
function writeDimension(writer: CodeBlockWriter, variable: string, size: Dim, width: number, body: (width: number) => void): void {
  if (size === 'm') writer.writeLine(`let ${variable} = 0;`);
  for (const segment of segments(size, width)) writeSegment(writer, variable, segment, () => body(segment.width));
}

/** The columns [j0, j1) of a column-range kernel: full blocks, then one-wide ones. */
function writeColumnRange(writer: CodeBlockWriter, width: number, body: (width: number) => void): void {
  writer.writeLine('let j = j0;');
  writer.write(`for (; j + ${width} <= j1; j += ${width}) `).block(() => body(width));
  writer.write('for (; j < j1; j++) ').block(() => body(1));
}

/**
 * Whether the TypeScript target writes `kernel` as a function of the output columns [j0, j1) it
 * computes (column-kernels.ts), so that threads can split them: products with m columns or at
 * least two blocks' worth of them, whose rows are not m.
 */
export function splitsColumns(kernel: Kernel): kernel is MatmulKernel {
  return kernel.kind === 'matmul' && kernel.rows !== 'm' && (kernel.cols === 'm' || kernel.cols >= 2 * SCALAR_BLOCK.cols);
}

/** `range`: the columns are [j0, j1) (variables of the enclosing function), not all of them. */
export function writeBlockedMatmul(writer: CodeBlockWriter, kernel: MatmulKernel, ctx: KernelContext, range = false): void {
  const strides = operandStrides(kernel, ctx.shapes);
  const piece = scalarInnerPiece(kernel);
  const block = (rows: number, cols: number) => writeBlock(writer, kernel, ctx, strides, rows, cols, piece !== null);
  // The larger operand is streamed once: its blocks are the outer loop, the smaller operand's
  // blocks (which stay in cache) the inner one. Rows are layer sizes; columns are m or a size.
  const columnsOuter = kernel.cols === 'm' || (kernel.rows !== 'm' && kernel.cols >= kernel.rows);
  const rowsOf = (body: (rows: number) => void) => writeDimension(writer, 'i', kernel.rows, SCALAR_BLOCK.rows, body);
  const colsOf = (body: (cols: number) => void) =>
    range ? writeColumnRange(writer, SCALAR_BLOCK.cols, body) : writeDimension(writer, 'j', kernel.cols, SCALAR_BLOCK.cols, body);
  const nest = () => {
    if (columnsOuter) colsOf((cols) => rowsOf((rows) => block(rows, cols)));
    else rowsOf((rows) => colsOf((cols) => block(rows, cols)));
  };
  // An m-sized outer dimension declares its loop variable: a block keeps it local to the kernel
  // (a column range is the whole body of its function).
  const declaresOuter = columnsOuter ? !range && kernel.cols === 'm' : kernel.rows === 'm';
  const kernelNest = () => (declaresOuter ? writer.block(nest) : nest());
  if (piece === null) {
    kernelNest();
    return;
  }
  // k in pieces [k0, k1) (ir/blocking.ts scalarInnerPiece): each block resumes its sums from the
  // partial scratch, and the last piece finishes them.
  const inner = kernel.inner as number;
  writer.write(`for (let k0 = 0; k0 < ${inner}; k0 += ${piece}) `).block(() => {
    writer.writeLine(inner % piece === 0 ? `const k1 = k0 + ${piece};` : `const k1 = Math.min(k0 + ${piece}, ${inner});`);
    kernelNest();
  });
}

function writeBlock(
  writer: CodeBlockWriter,
  kernel: MatmulKernel,
  ctx: KernelContext,
  strides: ReturnType<typeof operandStrides>,
  rows: number,
  cols: number,
  pieces: boolean,
): void {
  const { left, right } = strides;
  const step = (stride: Dim) => (stride === 1 ? '++' : ` += ${stride}`);
  const start = (base: string, stride: Dim) => (pieces ? `${base} + ${times('k0', stride)}` : base);
  const header = pieces
    ? `for (let k = k0, pa = ${start(times('i', left.i), left.k)}, pb = ${start(times('j', right.j), right.k)}; k < k1; k++, pa${step(left.k)}, pb${step(right.k)}) `
    : `for (let k = 0, pa = ${times('i', left.i)}, pb = ${times('j', right.j)}; k < ${kernel.inner}; k++, pa${step(left.k)}, pb${step(right.k)}) `;
  const rs = Array.from({ length: rows }, (_, r) => r);
  const cs = Array.from({ length: cols }, (_, c) => c);
  const single = rows === 1 && cols === 1;
  const acc = (r: number, c: number) => (single ? 'acc' : `c${r}${c}`);
  const accs = rs.flatMap((r) => cs.map((c) => ({ name: acc(r, c), at: `${offset('o', r, kernel.cols)}${c === 0 ? '' : ` + ${c}`}` })));
  writer.writeLine(`let ${accs.map((a) => `${a.name} = 0`).join(', ')};`);
  if (pieces) {
    // The block's sums so far, at (i + r) * cols + j + c of the partial scratch.
    writer.writeLine(`const o = ${times('i', kernel.cols)} + j;`);
    writer.write('if (k0 > 0) ').block(() => writer.writeLine(accs.map((a) => `${a.name} = ${PARTIAL}[${a.at}];`).join(' ')));
  }
  const finish = () => {
    if (single) {
      writeStores(writer, kernel.outs, ctx, { i: 'i', j: 'j' });
    } else {
      writeBlockEpilogue(writer, kernel, ctx, rows, cols);
    }
  };
  if (single) {
    writer.write(header).block(() => writer.writeLine(`acc += ${kernel.a}[pa] * ${kernel.b}[pb];`));
  } else {
    writer.write(header).block(() => {
      writer.writeLine(`const ${rs.map((r) => `a${r} = ${kernel.a}[${offset('pa', r, left.i)}]`).join(', ')};`);
      writer.writeLine(`const ${cs.map((c) => `b${c} = ${kernel.b}[${offset('pb', c, right.j)}]`).join(', ')};`);
      for (const r of rs) writer.writeLine(cs.map((c) => `${acc(r, c)} += a${r} * b${c};`).join(' '));
    });
  }
  if (!pieces) {
    finish();
    return;
  }
  writer.write(`if (k1 < ${kernel.inner}) `).inlineBlock(() => writer.writeLine(accs.map((a) => `${PARTIAL}[${a.at}] = ${a.name};`).join(' ')));
  writer.write(' else ').block(finish);
}

/** The block's sums, handed through the tile, into the kernel's stores (bias, activation, ...). */
function writeBlockEpilogue(writer: CodeBlockWriter, kernel: MatmulKernel, ctx: KernelContext, rows: number, cols: number): void {
  const rs = Array.from({ length: rows }, (_, r) => r);
  const cs = Array.from({ length: cols }, (_, c) => c);
  writer.writeLine(rs.flatMap((r) => cs.map((c) => `${TILE}[${r * cols + c}] = c${r}${c};`)).join(' '));
  const epilogue = (row: string, col: string, index: string) => {
    writer.writeLine(`const acc = ${TILE}[${index}];`);
    writeStores(writer, kernel.outs, ctx, { i: row, j: col });
  };
  if (rows === 1) {
    writer.write(`for (let c = 0; c < ${cols}; c++) `).block(() => {
      writer.writeLine('const col = j + c;');
      epilogue('i', 'col', 'c');
    });
  } else if (cols === 1) {
    writer.write(`for (let r = 0; r < ${rows}; r++) `).block(() => {
      writer.writeLine('const row = i + r;');
      epilogue('row', 'j', 'r');
    });
  } else {
    writer.write(`for (let r = 0; r < ${rows}; r++) `).block(() => {
      writer.write(`for (let c = 0; c < ${cols}; c++) `).block(() => {
        writer.writeLine('const row = i + r, col = j + c;');
        epilogue('row', 'col', `r * ${cols} + c`);
      });
    });
  }
}
