/**
 * Prints a schedule for `--dump-ir=after:schedule`: the buffers, then each phase's kernels with
 * their loops and stores, expressions written infix-free as op(args), loads as buffer[index].
 */
import { literalText } from './expr.js';
import { PHASES, type Expr, type Kernel, type Schedule } from './schedule.js';

export function printSchedule(schedule: Schedule): string {
  const lines: string[] = ['buffers:'];
  for (const b of schedule.buffers) lines.push(`  ${b.name}:${b.dtype}[${b.shape.join(',')}] ${b.role}`);
  for (const phase of PHASES) {
    lines.push(`${phase}:`);
    for (const kernel of schedule.phases[phase]) lines.push(...printKernel(kernel).map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function printKernel(kernel: Kernel): string[] {
  const space = `${kernel.rows}x${kernel.cols}`;
  const stores = (k: { outs: readonly { buffer: string; expr: Expr }[] }) => k.outs.map((s) => `  ${s.buffer} = ${printExpr(s.expr)}`);
  switch (kernel.kind) {
    case 'matmul': {
      const a = kernel.transA ? `${kernel.a}^T` : kernel.a;
      const b = kernel.transB ? `${kernel.b}^T` : kernel.b;
      return [`matmul ${space} inner ${kernel.inner}: acc = ${a} ${b}`, ...stores(kernel)];
    }
    case 'map':
      return [`map ${space}:`, ...stores(kernel)];
    case 'reduce':
      return [`reduce ${space} over ${kernel.axis}: acc = sum ${printExpr(kernel.input)}`, ...stores(kernel)];
    case 'columnwise':
      return [`columnwise ${space}: ${kernel.out} = ${kernel.fn}(${kernel.input})`];
  }
}

export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'const':
      return literalText(expr.value, expr.mPower);
    case 'load':
      return `${expr.buffer}[${expr.index}]`;
    case 'acc':
      return 'acc';
    case 'apply': {
      const slope = 'slope' in expr.attrs ? `[${expr.attrs.slope}]` : '';
      return `${expr.op}${slope}(${expr.args.map(printExpr).join(', ')})`;
    }
  }
}

/** A one-line description of the kernel, written above its loops by the emitters. */
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
