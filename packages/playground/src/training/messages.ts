// What the page and the CPU training worker (cpu-worker.ts) say to each other.
import type { LayerParameters, OptimizerState } from '@nnc/dsl/ir';
import type { LoopData, LoopOutcome, LoopPlan, Progress } from './train-loop.js';

export type ToWorker =
  | { readonly type: 'load'; readonly script: string; readonly seed: number; readonly data: LoopData }
  | { readonly type: 'train'; readonly plan: LoopPlan }
  | { readonly type: 'stop' }
  | { readonly type: 'reset' }
  | { readonly type: 'parameters' };

export type FromWorker =
  | { readonly type: 'ready'; readonly device: string }
  | { readonly type: 'report'; readonly progress: Progress }
  | { readonly type: 'boundary'; readonly values: Float64Array | Float32Array; readonly iteration: number }
  | { readonly type: 'done'; readonly outcome: LoopOutcome }
  | { readonly type: 'reset-done' }
  | { readonly type: 'parameters'; readonly layers: LayerParameters[]; readonly optimizerState: OptimizerState }
  | { readonly type: 'error'; readonly message: string };
