/**
 * Writers for the members of the generated `Model` class: the public API of CompiledModel and
 * the private phase methods that run the schedule's kernels. Sizes, hyper-parameters and the
 * training settings are literals; buffers are class fields (fixed size) or live in a per-batch-
 * size workspace allocated on first use of that m.
 */
import { initScale, type ModelIR } from '@nnc/dsl/ir';
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { Shape } from '../ir/graph.js';
import { PHASES, type BufferDecl, type Kernel, type PhaseName, type Schedule } from '../ir/schedule.js';
import { writeKernel, type KernelContext } from './emit-kernels.js';
import { PARTIAL, partialRows, TILE, usesTile } from './matmul-blocks.js';
import { loadsOf } from '../ir/expr.js';
import { stringLiteral } from './user-text.js';
import { writeColumnKernelCall, type ColumnKernel } from './column-kernels.js';

export type PhaseParam = 'w' | 'X' | 'Y' | 'm';

export interface ModulePlan {
  readonly schedule: Schedule;
  readonly model: ModelIR;
  readonly sizes: readonly number[];
  readonly arrayType: 'Float32Array' | 'Float64Array';
  /** Buffers of fixed size: class fields. */
  readonly fields: readonly BufferDecl[];
  /** Buffers whose size depends on m: members of the Workspace. */
  readonly perBatch: readonly BufferDecl[];
  readonly phaseParams: { readonly [P in PhaseName]: readonly PhaseParam[] };
  /** Whether the backward phase reads something the cost phase writes. */
  readonly backwardNeedsCost: boolean;
  /**
   * Whether the module's buffers live on shared memory and its methods may run products on a
   * ThreadPool (`this.pool`; the TypeScript target), so that X is staged where workers can read it.
   */
  readonly threads: boolean;
}

const PARAM_TYPES: Record<PhaseParam, string> = { w: 'Workspace', X: 'FloatArray', Y: 'FloatArray', m: 'number' };

export const phaseMethodName = (phase: PhaseName): string => `${phase}Pass`;

export function phaseParameters(plan: ModulePlan, phase: PhaseName): { name: string; type: string }[] {
  return plan.phaseParams[phase].map((name) => ({ name, type: PARAM_TYPES[name] }));
}

/** `this.forwardPass(w, X, m);` with the arguments the phase takes, renamed by `args`. */
function callPhase(plan: ModulePlan, phase: PhaseName, args: Partial<Record<PhaseParam, string>> = {}): string {
  return `this.${phaseMethodName(phase)}(${plan.phaseParams[phase].map((p) => args[p] ?? p).join(', ')});`;
}

/** Size of a buffer as a TypeScript expression: the fixed factor times m where present. */
export function sizeText(shape: Shape): string {
  const fixed = shape.reduce<number>((n, d) => (d === 'm' ? n : n * d), 1);
  const ms = shape.filter((d) => d === 'm').length;
  if (ms === 0) return String(fixed);
  return [fixed === 1 ? null : String(fixed), ...Array.from({ length: ms }, () => 'm')].filter((x) => x !== null).join(' * ');
}

export function buffersOfKernel(kernel: Kernel): Set<string> {
  const names = new Set<string>();
  if (kernel.kind === 'columnwise') return new Set([kernel.input, kernel.out]);
  if (kernel.kind === 'matmul') [kernel.a, kernel.b].forEach((n) => names.add(n));
  if (usesTile(kernel)) names.add(TILE);
  if (partialRows(kernel) > 0) names.add(PARTIAL);
  if (kernel.kind === 'reduce') loadsOf(kernel.input, names);
  for (const store of kernel.outs) {
    names.add(store.buffer);
    loadsOf(store.expr, names);
  }
  return names;
}

/**
 * The phase method's body: its buffers bound to locals, then each kernel as loops, or as a call
 * of its column function where it has one (`columns`: the module's column kernels).
 */
export function writePhase(plan: ModulePlan, phase: PhaseName, ctx: KernelContext, columns: readonly ColumnKernel[] = []): WriterFunction {
  return (writer) => {
    const kernels = plan.schedule.phases[phase];
    const used = new Set<string>();
    kernels.forEach((k) => buffersOfKernel(k).forEach((n) => used.add(n)));
    const fields = plan.fields.filter((b) => used.has(b.name)).map((b) => b.name);
    const perBatch = plan.perBatch.filter((b) => used.has(b.name)).map((b) => b.name);
    if (fields.length > 0) writer.writeLine(`const { ${fields.join(', ')} } = this;`);
    if (perBatch.length > 0) writer.writeLine(`const { ${perBatch.join(', ')} } = w;`);
    const called = new Map(columns.filter((k) => k.phase === phase).map((k) => [k.position, k]));
    if (called.size > 0) writer.writeLine('const pool = this.pool;');
    kernels.forEach((kernel, position) => {
      const column = called.get(position);
      if (column !== undefined) writeColumnKernelCall(writer, column);
      else writeKernel(writer, kernel, ctx);
    });
  };
}

export function writeInitialize(plan: ModulePlan): WriterFunction {
  return (writer) => {
    writer.writeLine('const random = new NumpyRandom(seed);');
    plan.model.layers.forEach((layer, i) => {
      const [rows, cols] = [plan.sizes[i + 1], plan.sizes[i]];
      if (layer.init.kind === 'zeros') {
        writer.writeLine(`this.W${layer.index}.fill(0);`);
      } else {
        const scale = initScale(layer.init, cols);
        // xavier_course divides by sqrt(n[l-1]) as the notebook does, which is not always the same double as multiplying
        const op = scale.op === 'divide' ? `/ Math.sqrt(${cols})` : `* ${scale.by}`;
        writer.writeLine(`// W${layer.index} = randn(${rows}, ${cols}) ${op} (${layer.init.kind})`);
        writer.writeLine(`for (let k = 0; k < ${rows * cols}; k++) this.W${layer.index}[k] = random.randn() ${op};`);
      }
      writer.writeLine(`this.b${layer.index}.fill(0);`);
    });
    for (const slot of plan.schedule.slots) writer.writeLine(`this.${slot.name}.fill(0);`);
    writer.writeLine('this.t = 0;');
  };
}

const isMatrix = (name: string) => name.includes('W');
const shapeOf = (plan: ModulePlan, name: string) => plan.fields.find((b) => b.name === name)?.shape as Shape;

export function writeGetParameters(plan: ModulePlan): WriterFunction {
  return (writer) => {
    writer.write('return [').indent(() => {
      plan.model.layers.forEach((_, i) => {
        writer.writeLine(`{ W: toRows(this.W${i + 1}, ${plan.sizes[i + 1]}, ${plan.sizes[i]}), b: Array.from(this.b${i + 1}) },`);
      });
    });
    writer.writeLine('];');
  };
}

export function writeSetParameters(plan: ModulePlan): WriterFunction {
  const L = plan.model.layers.length;
  return (writer) => {
    writer.writeLine('// Every layer is checked before any is written: all or nothing.');
    writer.writeLine('checkLayers(layers, meta.sizes);');
    for (let i = 0; i < L; i++) {
      writer.writeLine(`copyRows(this.W${i + 1}, layers[${i}].W, ${plan.sizes[i]});`);
      writer.writeLine(`this.b${i + 1}.set(layers[${i}].b);`);
    }
  };
}

export function writeGetOptimizerState(plan: ModulePlan): WriterFunction {
  return (writer) => {
    writer.write('return {').indent(() => {
      writer.writeLine('step: this.t,');
      if (plan.schedule.slots.length === 0) {
        writer.writeLine('slots: {},');
        return;
      }
      writer.write('slots: {').indent(() => {
        for (const { name } of plan.schedule.slots) {
          const shape = shapeOf(plan, name);
          writer.writeLine(isMatrix(name) ? `${name}: toRows(this.${name}, ${shape[0]}, ${shape[1]}),` : `${name}: Array.from(this.${name}),`);
        }
      });
      writer.writeLine('},');
    });
    writer.writeLine('};');
  };
}

/** The optimizer's moment buffers as an array of SlotShape literals (the class's `optimizerSlots`). */
export function writeSlotShapes(plan: ModulePlan): WriterFunction {
  const slots = plan.schedule.slots.map(({ name }) => {
    const shape = shapeOf(plan, name);
    const rows = isMatrix(name) ? shape[0] : shape.reduce<number>((n, d) => n * (d as number), 1);
    const cols = isMatrix(name) ? String(shape[1]) : 'null';
    return `{ name: ${stringLiteral(name)}, rows: ${rows}, cols: ${cols}, nonNegative: ${name.startsWith('s')} }`;
  });
  return (writer) => {
    if (slots.length === 0) writer.write('[]');
    else writer.write('[').indent(() => slots.forEach((slot) => writer.writeLine(`${slot},`))).write(']');
  };
}

export function writeSetOptimizerState(plan: ModulePlan): WriterFunction {
  return (writer) => {
    writer.writeLine('// The whole state is checked before any of it is written: all or nothing.');
    writer.writeLine('checkOptimizerState(state, OPTIMIZER_SLOTS);');
    for (const { name } of plan.schedule.slots) {
      const shape = shapeOf(plan, name);
      const value = `state.slots[${stringLiteral(name)}]`;
      writer.writeLine(isMatrix(name) ? `copyRows(this.${name}, ${value} as number[][], ${shape[1]});` : `this.${name}.set(${value} as number[]);`);
    }
    writer.writeLine('this.t = state.step;');
  };
}

export function writeLoadWeights(plan: ModulePlan): WriterFunction {
  return (writer) => {
    writer.writeLine('// The whole file is checked before any of it is used: all or nothing.');
    writer.writeLine('checkParametersFile(file, meta.name, meta.sizes, OPTIMIZER_SLOTS);');
    writer.writeLine('this.setParameters(file.layers);');
    writer.writeLine('if (file.optimizerState) this.setOptimizerState(file.optimizerState);');
    writer.writeLine('else this.resetOptimizer();');
    writer.writeLine('const standardization = file.standardization ?? null;');
    writer.writeLine('this.standardization = standardization === null ? null : { mean: [...standardization.mean], std: [...standardization.std] };');
    writer.writeLine('const classes = file.labels?.classes ?? null;');
    writer.writeLine('this.classes = classes === null ? null : [...classes];');
  };
}

export function writeResetOptimizer(plan: ModulePlan): WriterFunction {
  return (writer) => {
    for (const slot of plan.schedule.slots) writer.writeLine(`this.${slot.name}.fill(0);`);
    writer.writeLine('this.t = 0;');
  };
}

export function writePredict(): WriterFunction {
  return (writer) => {
    writer.writeLine('const probabilities = this.forward(X, m);');
    writer.writeLine('return { probabilities, classes: classesOf(probabilities, m, meta.loss, this.classes) };');
  };
}

export function writeInput(plan: ModulePlan): WriterFunction {
  const standardized = 'this.standardization === null ? X : standardizeExamples(X, m, this.standardization)';
  return (writer) => {
    if (!plan.threads) {
      writer.writeLine(`return ${standardized};`);
      return;
    }
    writer.writeLine(`const x = ${standardized};`);
    writer.writeLine('return this.pool === null ? x : this.pool.stage(x, slot);');
  };
}

/** `new Float64Array(size)`, or the same on memory worker threads can share (a module with threads). */
export function newArrayText(plan: ModulePlan, type: 'Float32Array' | 'Float64Array', size: string): string {
  return plan.threads ? `${type === 'Float32Array' ? 'sharedFloat32' : 'sharedFloat64'}(${size})` : `new ${type}(${size})`;
}

/** The API checks of X (and Y) at the top of a public method. */
export function checkInputs(plan: ModulePlan, writer: CodeBlockWriter, withLabels: boolean): void {
  writer.writeLine(`checkExamples(X, ${plan.sizes[0]}, m, 'X');`);
  if (withLabels) writer.writeLine(`checkLabels(Y, ${plan.sizes[plan.sizes.length - 1]}, m, ${stringLiteral(plan.model.loss)});`);
}

export function writeForward(plan: ModulePlan): WriterFunction {
  return (writer) => {
    checkInputs(plan, writer, false);
    writer.writeLine('const x = this.input(X, m);');
    writer.writeLine('const w = this.workspace(m);');
    writer.writeLine(callPhase(plan, 'forward', { X: 'x' }));
    writer.writeLine(`return w.${plan.schedule.prediction}.slice();`);
  };
}

export function writeCost(plan: ModulePlan): WriterFunction {
  return (writer) => {
    checkInputs(plan, writer, true);
    writer.writeLine('const x = this.input(X, m);');
    writer.writeLine('const w = this.workspace(m);');
    writer.writeLine(callPhase(plan, 'forward', { X: 'x' }));
    writer.writeLine(callPhase(plan, 'cost', { X: 'x' }));
    writer.writeLine(`return this.${plan.schedule.cost}[0];`);
  };
}

export function writeGradients(plan: ModulePlan): WriterFunction {
  const list = (prefix: 'W' | 'b') =>
    plan.schedule.gradients.filter((g) => g.param.startsWith(prefix)).map((g) => `this.${g.buffer}.slice()`).join(', ');
  return (writer) => {
    checkInputs(plan, writer, true);
    writer.writeLine('const x = this.input(X, m);');
    writer.writeLine('const w = this.workspace(m);');
    writer.writeLine(callPhase(plan, 'forward', { X: 'x' }));
    if (plan.backwardNeedsCost) writer.writeLine(callPhase(plan, 'cost', { X: 'x' }));
    writer.writeLine(callPhase(plan, 'backward', { X: 'x' }));
    writer.writeLine(`return { dW: [${list('W')}], db: [${list('b')}] };`);
  };
}

export function writeStep(plan: ModulePlan): WriterFunction {
  return (writer) => {
    checkInputs(plan, writer, true);
    writer.writeLine('const x = this.input(X, m);');
    writer.writeLine('const w = this.workspace(m);');
    writer.writeLine(callPhase(plan, 'forward', { X: 'x' }));
    writer.writeLine(callPhase(plan, 'cost', { X: 'x' }));
    writer.writeLine(`const cost = this.${plan.schedule.cost}[0];`);
    writer.writeLine(callPhase(plan, 'backward', { X: 'x' }));
    writer.writeLine('this.update();');
    writer.writeLine('return cost;');
  };
}

/** Increments the step count, sets Adam's bias corrections, runs the update kernels. */
export function writeUpdate(plan: ModulePlan): WriterFunction {
  const optimizer = plan.model.optimizer;
  return (writer) => {
    writer.writeLine('this.t += 1;');
    if (optimizer.kind === 'adam') {
      writer.writeLine(`this.bias_correction1[0] = 1 / (1 - ${optimizer.beta1} ** this.t);`);
      writer.writeLine(`this.bias_correction2[0] = 1 / (1 - ${optimizer.beta2} ** this.t);`);
    }
    writer.writeLine(callPhase(plan, 'update'));
  };
}

/** The typed array holding buffer `b`: the model's precision, except f64 scratch (accumulators). */
export function arrayTypeOf(plan: ModulePlan, b: BufferDecl): 'Float32Array' | 'Float64Array' {
  return b.dtype === 'f64' ? 'Float64Array' : plan.arrayType;
}

export function writeWorkspace(plan: ModulePlan): WriterFunction {
  return (writer) => {
    writer.writeLine('let w = this.workspaces.get(m);');
    writer.write('if (w === undefined) ').block(() => {
      writer.write('w = {').indent(() => {
        for (const b of plan.perBatch) writer.writeLine(`${b.name}: ${newArrayText(plan, arrayTypeOf(plan, b), sizeText(b.shape))},`);
      });
      writer.writeLine('};');
      writer.writeLine('this.workspaces.set(m, w);');
    });
    writer.writeLine('return w;');
  };
}

export { PHASES };
