/**
 * The TypeScript target's large products as module-level functions of the output columns they
 * compute: `function forwardKernel0(W1, X, b1, Z1, A1, partial, tile, m, j0, j1)`. A phase method
 * calls one whole (columns 0 to all), or hands it to the model's ThreadPool (../ts-threads.ts),
 * which splits the columns across worker threads whose program is these functions' own source
 * text. A function reads nothing but its arguments, Math and the op helpers (which the workers
 * get too), so that its text runs the same in a worker.
 */
import type { CodeBlockWriter, FunctionDeclarationStructure, WriterFunction } from 'ts-morph';
import { StructureKind } from 'ts-morph';
import { PHASES, type PhaseName, type Schedule } from '../ir/schedule.js';
import type { MatmulKernel } from '../ir/blocking.js';
import { kernelComment } from '../ir/print-schedule.js';
import type { KernelContext } from './emit-kernels.js';
import { splitsColumns, TILE, writeBlockedMatmul } from './matmul-blocks.js';
import { arrayTypeOf, buffersOfKernel, type ModulePlan } from './model-methods.js';

export interface ColumnKernel {
  /** Its position in the module's KERNELS list (the number the pool knows it by). */
  readonly index: number;
  readonly phase: PhaseName;
  /** Its position in the phase's kernels. */
  readonly position: number;
  readonly name: string;
  readonly kernel: MatmulKernel;
  /** The buffers it takes, in order (the tile, m, j0 and j1 follow). */
  readonly buffers: readonly string[];
}

export function columnKernels(schedule: Schedule): ColumnKernel[] {
  const out: ColumnKernel[] = [];
  for (const phase of PHASES) {
    schedule.phases[phase].forEach((kernel, position) => {
      if (!splitsColumns(kernel)) return;
      const buffers = [...buffersOfKernel(kernel)].filter((name) => name !== TILE);
      out.push({ index: out.length, phase, position, name: `${phase}Kernel${position}`, kernel, buffers });
    });
  }
  return out;
}

/** Multiply-adds of one product over all its columns, as a TypeScript expression of m (both CPU targets' hosts). */
export function workText(kernel: MatmulKernel): string {
  const dims = [kernel.rows, kernel.cols, kernel.inner];
  const fixed = dims.reduce<number>((n, d) => (d === 'm' ? n : n * d), 1);
  const ms = dims.filter((d) => d === 'm').length;
  return [String(fixed), ...Array.from({ length: ms }, () => 'm')].join(' * ');
}

/** The type of buffer `name` as a kernel parameter. */
function bufferType(plan: ModulePlan, name: string): string {
  const decl = [...plan.fields, ...plan.perBatch].find((b) => b.name === name);
  return decl === undefined ? 'FloatArray' : arrayTypeOf(plan, decl);
}

export function columnKernelFunction(plan: ModulePlan, k: ColumnKernel, ctx: KernelContext): FunctionDeclarationStructure {
  const body: WriterFunction = (w) => writeBlockedMatmul(w, k.kernel, ctx, true);
  return {
    kind: StructureKind.Function,
    name: k.name,
    docs: [`${kernelComment(k.kernel)}, output columns [j0, j1) (all of them, or one thread's part).`],
    parameters: [
      ...k.buffers.map((name) => ({ name, type: bufferType(plan, name) })),
      { name: TILE, type: 'Float64Array' },
      { name: 'm', type: 'number' },
      { name: 'j0', type: 'number' },
      { name: 'j1', type: 'number' },
    ],
    returnType: 'void',
    statements: [body],
  };
}

/** The phase method's call of column kernel `k`: split across the pool's threads, or whole here. */
export function writeColumnKernelCall(writer: CodeBlockWriter, k: ColumnKernel): void {
  const columns = k.kernel.cols === 'm' ? 'm' : String(k.kernel.cols);
  const buffers = k.buffers.join(', ');
  writer.writeLine(`// ${kernelComment(k.kernel)}`);
  writer.writeLine(`if (pool !== null && pool.splits(${workText(k.kernel)}, ${columns})) pool.run(${k.index}, [${buffers}], m, ${columns});`);
  writer.writeLine(`else ${k.name}(${buffers}, ${TILE}, m, 0, ${columns});`);
}
