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

export interface KernelContext {
  /** Shape of every buffer, by name. */
  readonly shapes: ReadonlyMap<string, Shape>;
  /** Helpers used so far (filled while writing). */
  readonly helpers: Set<HelperName>;
}

/** Loop variables as text; '0' where a dimension is not looped over. */
interface At {
  readonly i: string;
  readonly j: string;
}

const dim = (d: Dim): string => String(d);

function indexText(index: Index, shape: Shape, at: At): string {
  switch (index) {
    case '00':
      return '0';
    case 'i0':
      return at.i;
    case '0j':
      return at.j;
    case 'ij': {
      const cols = dim(shape[1]);
      if (at.i === '0') return at.j;
      return at.j === '0' ? `${at.i} * ${cols}` : `${at.i} * ${cols} + ${at.j}`;
    }
  }
}

function literal(value: number, mPower: number): Rendered {
  const base = String(value);
  if (mPower === 0) return { text: base, prec: value < 0 ? 3 : 4 };
  const power = Math.abs(mPower) === 1 ? 'm' : `m ** ${Math.abs(mPower)}`;
  return { text: `${base} ${mPower < 0 ? '/' : '*'} ${Math.abs(mPower) === 1 ? power : `(${power})`}`, prec: 2 };
}

export function renderExpr(expr: Expr, ctx: KernelContext, at: At): Rendered {
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
      const args = expr.args.map((a) => renderExpr(a, ctx, at));
      return spelling.render(args, expr.attrs as never);
    }
  }
}

function writeStores(writer: CodeBlockWriter, outs: readonly Store[], ctx: KernelContext, at: At): void {
  const target = (s: Store) => {
    const shape = ctx.shapes.get(s.buffer) as Shape;
    return `${s.buffer}[${indexText(indexFor(shape), shape, at)}]`;
  };
  if (outs.length === 1) {
    writer.writeLine(`${target(outs[0])} = ${renderExpr(outs[0].expr, ctx, at).text};`);
    return;
  }
  outs.forEach((s) => writer.writeLine(`const ${s.buffer}Value = ${renderExpr(s.expr, ctx, at).text};`));
  outs.forEach((s) => writer.writeLine(`${target(s)} = ${s.buffer}Value;`));
}

function loop(writer: CodeBlockWriter, variable: string, size: Dim, body: () => void): void {
  writer.write(`for (let ${variable} = 0; ${variable} < ${dim(size)}; ${variable}++) `).block(body);
}

/** A one-line description of the kernel, written above its loops. */
export function kernelComment(kernel: Kernel): string {
  switch (kernel.kind) {
    case 'matmul':
      return `${kernel.outs.map((s) => s.buffer).join(', ')} from ${kernel.a}${kernel.transA ? '^T' : ''} ${kernel.b}${kernel.transB ? '^T' : ''}`;
    case 'map':
      return kernel.outs.map((s) => s.buffer).join(', ');
    case 'reduce':
      return `${kernel.outs.map((s) => s.buffer).join(', ')} from a sum over ${kernel.axis === 'all' ? 'all elements' : kernel.axis}`;
    case 'columnwise':
      return `${kernel.out} = ${kernel.fn} of each column of ${kernel.input}`;
  }
}

export function writeKernel(writer: CodeBlockWriter, kernel: Kernel, ctx: KernelContext): void {
  writer.writeLine(`// ${kernelComment(kernel)}`);
  const full: At = { i: 'i', j: 'j' };
  switch (kernel.kind) {
    case 'matmul': {
      const a = ctx.shapes.get(kernel.a) as Shape;
      const b = ctx.shapes.get(kernel.b) as Shape;
      const left = kernel.transA ? `${kernel.a}[k * ${dim(a[1])} + i]` : `${kernel.a}[i * ${dim(a[1])} + k]`;
      const right = kernel.transB ? `${kernel.b}[j * ${dim(b[1])} + k]` : `${kernel.b}[k * ${dim(b[1])} + j]`;
      loop(writer, 'i', kernel.rows, () =>
        loop(writer, 'j', kernel.cols, () => {
          writer.writeLine('let acc = 0;');
          writer.writeLine(`for (let k = 0; k < ${dim(kernel.inner)}; k++) acc += ${left} * ${right};`);
          writeStores(writer, kernel.outs, ctx, full);
        }),
      );
      return;
    }
    case 'map':
      if (kernel.rows === 1 && kernel.cols === 1) {
        writer.block(() => writeStores(writer, kernel.outs, ctx, { i: '0', j: '0' }));
        return;
      }
      loop(writer, 'i', kernel.rows, () => loop(writer, 'j', kernel.cols, () => writeStores(writer, kernel.outs, ctx, full)));
      return;
    case 'reduce': {
      const sum = () => writer.writeLine(`acc += ${renderExpr(kernel.input, ctx, full).text};`);
      if (kernel.axis === 'cols') {
        loop(writer, 'i', kernel.rows, () => {
          writer.writeLine('let acc = 0;');
          loop(writer, 'j', kernel.cols, sum);
          writeStores(writer, kernel.outs, ctx, { i: 'i', j: '0' });
        });
      } else if (kernel.axis === 'rows') {
        loop(writer, 'j', kernel.cols, () => {
          writer.writeLine('let acc = 0;');
          loop(writer, 'i', kernel.rows, sum);
          writeStores(writer, kernel.outs, ctx, { i: '0', j: 'j' });
        });
      } else {
        writer.block(() => {
          writer.writeLine('let acc = 0;');
          loop(writer, 'i', kernel.rows, () => loop(writer, 'j', kernel.cols, sum));
          writeStores(writer, kernel.outs, ctx, { i: '0', j: '0' });
        });
      }
      return;
    }
    case 'columnwise': {
      const { input, out, rows, cols } = kernel;
      const x = `${input}[i * ${dim(cols)} + j]`;
      loop(writer, 'j', cols, () => {
        writer.writeLine('let max = -Infinity;');
        writer.writeLine(`for (let i = 0; i < ${dim(rows)}; i++) max = Math.max(max, ${x});`);
        writer.writeLine('let sum = 0;');
        writer.writeLine(`for (let i = 0; i < ${dim(rows)}; i++) sum += Math.exp(${x} - max);`);
        if (kernel.fn === 'softmax') {
          writer.writeLine(`for (let i = 0; i < ${dim(rows)}; i++) ${out}[i * ${dim(cols)} + j] = Math.exp(${x} - max) / sum;`);
        } else {
          writer.writeLine(`${out}[j] = max + Math.log(sum);`);
        }
      });
      return;
    }
  }
}
