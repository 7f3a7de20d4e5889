/**
 * The compiler pipeline: ModelIR -> graph passes -> fused graph -> schedule. Every graph is
 * verified after the pass that produced it; `dumpAfter` records the printed form of the chosen
 * stages (what `nnc compile --dump-ir=after:<pass>` shows).
 */
import type { ModelIR } from '@nnc/dsl/ir';
import type { Graph } from './ir/graph.js';
import { printGraph } from './ir/print.js';
import { printSchedule } from './ir/print-schedule.js';
import type { Schedule } from './ir/schedule.js';
import { assertValidGraph } from './ir/verify.js';
import { addOptimizer } from './passes/add-optimizer.js';
import { deriveGradients } from './passes/derive-gradients.js';
import { fuseElementwise, printFused, type FusedGraph } from './passes/fuse-elementwise.js';
import { lowerModel } from './passes/lower-model.js';
import { scheduleKernels } from './passes/schedule.js';
import { simplify } from './passes/simplify.js';
import { stabilizeLoss } from './passes/stabilize-loss.js';

export const PASSES = [
  'lower-model',
  'derive-gradients',
  'simplify',
  'stabilize-loss',
  'add-optimizer',
  'fuse-elementwise',
  'schedule',
] as const;
export type PassName = (typeof PASSES)[number];

export interface CompileOptions {
  /** Stages whose printed IR to record ('all' for every pass). */
  readonly dumpAfter?: readonly PassName[] | 'all';
}

export interface CompileResult {
  readonly schedule: Schedule;
  /** The graph after each graph pass. */
  readonly graphs: { readonly [P in Exclude<PassName, 'fuse-elementwise' | 'schedule'>]: Graph };
  readonly fused: FusedGraph;
  /** Printed IR of the stages asked for in `dumpAfter`, in pipeline order. */
  readonly dumps: ReadonlyMap<PassName, string>;
}

export function isPassName(name: string): name is PassName {
  return (PASSES as readonly string[]).includes(name);
}

/** The graph passes alone (what `nnc explain` reads): every graph, each verified. */
export function compileGraphs(model: ModelIR): CompileResult['graphs'] {
  const lowered = assertValidGraph(lowerModel(model), 'lower-model');
  const derived = assertValidGraph(deriveGradients(lowered), 'derive-gradients');
  const simplified = assertValidGraph(simplify(derived), 'simplify');
  const stabilized = assertValidGraph(stabilizeLoss(simplified), 'stabilize-loss');
  const optimized = assertValidGraph(addOptimizer(stabilized, model.optimizer, model.statementSpans.optimizer), 'add-optimizer');
  return {
    'lower-model': lowered,
    'derive-gradients': derived,
    simplify: simplified,
    'stabilize-loss': stabilized,
    'add-optimizer': optimized,
  };
}

export function compile(model: ModelIR, options: CompileOptions = {}): CompileResult {
  const graphs = compileGraphs(model);
  const fused = fuseElementwise(graphs['add-optimizer']);
  const schedule = scheduleKernels(fused, model);
  const wanted = options.dumpAfter === 'all' ? PASSES : options.dumpAfter ?? [];
  const dumps = new Map<PassName, string>();
  for (const pass of PASSES) {
    if (!wanted.includes(pass)) continue;
    if (pass === 'fuse-elementwise') dumps.set(pass, printFused(fused));
    else if (pass === 'schedule') dumps.set(pass, printSchedule(schedule));
    else dumps.set(pass, printGraph(graphs[pass], { sourceText: model.source.text }));
  }
  return { schedule, graphs, fused, dumps };
}
