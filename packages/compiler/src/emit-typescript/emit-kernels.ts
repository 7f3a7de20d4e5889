/**
 * Writes the loops of one schedule kernel as TypeScript statements. Sizes are literals (the
 * batch size is the variable `m`), buffers are the local names the phase method binds, and
 * expressions are spelled with TS_SPELLING. Within a kernel every out is computed before any is
 * stored (ir/schedule.ts), so multi-out kernels go through `const` temporaries.
 */
import type { CodeBlockWriter } from 'ts-morph';
import type { Dim, Shape } from '../ir/graph.js';
import { indexFor, type Expr, type Index, type Kernel, type Store } from '../ir/schedule.js';
import { TS_SPELLING, type HelperName, type Rendered, type Spelling } from './spelling.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { writeBlockedMatmul } from './matmul-blocks.js';
import { kernelComment } from '../ir/print-schedule.js';

export interface KernelContext {
  /** Shape of every buffer, by name. */
  readonly shapes: ReadonlyMap<string, Shape>;
  /** Helpers used so far (filled while writing). */
  readonly helpers: Set<HelperName>;
  /** f32 buffers: temporaries that stand for stored values are rounded with Math.fround. */
  readonly f32: boolean;
}

/** Loop variables as text; '0' where a dimension is not looped over. */
interface At {
  readonly i: string;
  readonly j: string;
}

const dim = (d: Dim): string => String(d);

/** row * stride + col, leaving out the parts that are zero. */
function flatIndex(row: string, col: string, stride: string): string {
  if (row === '0') return col;
  return col === '0' ? `${row} * ${stride}` : `${row} * ${stride} + ${col}`;
}

function indexText(index: Index, shape: Shape, at: At): string {
  switch (index) {
    case '00':
      return '0';
    case 'i0':
      return at.i;
    case '0j':
      return at.j;
    case 'ij':
      return flatIndex(at.i, at.j, dim(shape[1]));
  }
}

function literal(value: number, mPower: number): Rendered {
  const base = String(value);
  if (mPower === 0) return { text: base, prec: value < 0 ? 3 : 4 };
  const power = Math.abs(mPower) === 1 ? 'm' : `m ** ${Math.abs(mPower)}`;
  return { text: `${base} ${mPower < 0 ? '/' : '*'} ${Math.abs(mPower) === 1 ? power : `(${power})`}`, prec: 2 };
}

/**
 * Renders `expr`; `known` maps the JSON of expressions already held in temporaries (earlier outs
 * of the same kernel, which merged loops substitute into later ones) to the temporary's name.
 */
export function renderExpr(expr: Expr, ctx: KernelContext, at: At, known?: ReadonlyMap<string, string>): Rendered {
  const temporary = known?.get(JSON.stringify(expr));
  if (temporary !== undefined) return { text: temporary, prec: 4 };
  switch (expr.kind) {
    case 'const':
      return literal(expr.value, expr.mPower);
    case 'acc':
      return { text: 'acc', prec: 4 };
    case 'load': {
      const shape = ctx.shapes.get(expr.buffer) as Shape;
      return { text: `${expr.buffer}[${indexText(expr.index, shape, at)}]`, prec: 4 };
    }
    case 'apply': {
      const spelling = TS_SPELLING[expr.op] as Spelling<ElementwiseOp>;
      if (spelling.helper !== undefined) ctx.helpers.add(spelling.helper);
      const args = expr.args.map((a) => renderExpr(a, ctx, at, known));
      return spelling.render(args, expr.attrs as never);
    }
  }
}

export function writeStores(writer: CodeBlockWriter, outs: readonly Store[], ctx: KernelContext, at: At): void {
  const target = (s: Store) => {
    const shape = ctx.shapes.get(s.buffer) as Shape;
    return `${s.buffer}[${indexText(indexFor(shape), shape, at)}]`;
  };
  if (outs.length === 1) {
    writer.writeLine(`${target(outs[0])} = ${renderExpr(outs[0].expr, ctx, at).text};`);
    return;
  }
  const known = new Map<string, string>();
  for (const s of outs) {
    const value = renderExpr(s.expr, ctx, at, known).text;
    writer.writeLine(`const ${s.buffer}Value = ${ctx.f32 ? `Math.fround(${value})` : value};`);
    if (s.expr.kind === 'apply') known.set(JSON.stringify(s.expr), `${s.buffer}Value`);
  }
  outs.forEach((s) => writer.writeLine(`${target(s)} = ${s.buffer}Value;`));
}

/** `for (let v = 0; v < size; v++) { body }`, or just the body (with v = 0) when size is 1. */
function loop(writer: CodeBlockWriter, variable: 'i' | 'j', size: Dim, body: (v: string) => void): void {
  if (size === 1) {
    body('0');
    return;
  }
  writer.write(`for (let ${variable} = 0; ${variable} < ${dim(size)}; ${variable}++) `).block(() => body(variable));
}

export { kernelComment };

export function writeKernel(writer: CodeBlockWriter, kernel: Kernel, ctx: KernelContext): void {
  writer.writeLine(`// ${kernelComment(kernel)}`);
  // A kernel whose outermost loop has size 1 declares `acc` or temporaries at statement level:
  // a block keeps them local.
  if (declaresAtTopLevel(kernel)) writer.block(() => writeLoops(writer, kernel, ctx));
  else writeLoops(writer, kernel, ctx);
}

function declaresAtTopLevel(kernel: Kernel): boolean {
  switch (kernel.kind) {
    case 'matmul':
      return false;
    case 'map':
      return kernel.rows === 1 && kernel.cols === 1 && kernel.outs.length > 1;
    case 'reduce':
      return kernel.axis === 'all' || (kernel.axis === 'cols' ? kernel.rows === 1 : kernel.cols === 1);
    case 'columnwise':
      return kernel.cols === 1;
  }
}

function writeLoops(writer: CodeBlockWriter, kernel: Kernel, ctx: KernelContext): void {
  switch (kernel.kind) {
    case 'matmul':
      writeBlockedMatmul(writer, kernel, ctx);
      return;
    case 'map':
      loop(writer, 'i', kernel.rows, (i) => loop(writer, 'j', kernel.cols, (j) => writeStores(writer, kernel.outs, ctx, { i, j })));
      return;
    case 'reduce': {
      const sum = (i: string, j: string) => writer.writeLine(`acc += ${renderExpr(kernel.input, ctx, { i, j }).text};`);
      if (kernel.axis === 'cols') {
        loop(writer, 'i', kernel.rows, (i) => {
          writer.writeLine('let acc = 0;');
          loop(writer, 'j', kernel.cols, (j) => sum(i, j));
          writeStores(writer, kernel.outs, ctx, { i, j: '0' });
        });
      } else if (kernel.axis === 'rows') {
        loop(writer, 'j', kernel.cols, (j) => {
          writer.writeLine('let acc = 0;');
          loop(writer, 'i', kernel.rows, (i) => sum(i, j));
          writeStores(writer, kernel.outs, ctx, { i: '0', j });
        });
      } else {
        writer.writeLine('let acc = 0;');
        loop(writer, 'i', kernel.rows, (i) => loop(writer, 'j', kernel.cols, (j) => sum(i, j)));
        writeStores(writer, kernel.outs, ctx, { i: '0', j: '0' });
      }
      return;
    }
    case 'columnwise': {
      const { input, out, rows, cols } = kernel;
      loop(writer, 'j', cols, (j) => {
        const x = `${input}[${flatIndex('i', j, dim(cols))}]`;
        writer.writeLine('let max = -Infinity;');
        writer.writeLine(`for (let i = 0; i < ${dim(rows)}; i++) max = Math.max(max, ${x});`);
        writer.writeLine('let sum = 0;');
        writer.writeLine(`for (let i = 0; i < ${dim(rows)}; i++) sum += Math.exp(${x} - max);`);
        if (kernel.fn === 'softmax') {
          writer.writeLine(`for (let i = 0; i < ${dim(rows)}; i++) ${out}[${flatIndex('i', j, dim(cols))}] = Math.exp(${x} - max) / sum;`);
        } else {
          writer.writeLine(`${out}[${j}] = max + Math.log(sum);`);
        }
      });
      return;
    }
  }
}
