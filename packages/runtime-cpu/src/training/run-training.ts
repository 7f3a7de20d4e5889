/**
 * The training driver shared by every backend (CPU reference, generated TypeScript, WebGPU):
 * runs `model.train` in chunks, reports the training-set cost every `reportEvery` iterations, stops with a
 * message naming the iteration when the cost diverges (divergence.ts), and saves checkpoints
 * (the parameters file with the optimizer state) atomically every `checkpoint.every` iterations
 * and at the end, only after checking that the parameters being saved have a sound cost, so a
 * diverged run never overwrites a good checkpoint.
 *
 * Iterations are counted from the model's optimizer step count at the start (0 for a fresh
 * model, the saved step for a restored checkpoint), so reports and checkpoints stay on the same
 * schedule across resumed runs. The chunks rely on `train` continuing the mini-batch schedule
 * from the optimizer's step count (as the reference interpreter does, batches.ts).
 */
import type { CompiledModel, CompiledModelAsync, FloatArray, ReportEvent } from '@nnc/compiler';
import type { ParametersFile, Standardization } from '@nnc/dsl/ir';
import { DEFAULT_DIVERGENCE_FACTOR, divergence } from './divergence.js';
import { nonFiniteStep } from './finite-check.js';
import { makeParametersFile, writeParametersFile } from './parameters-file.js';

export interface CheckpointOptions {
  readonly path: string;
  /** Save every this many iterations (and at the end). */
  readonly every: number;
}

export interface RunTrainingOptions {
  readonly model: CompiledModel | CompiledModelAsync;
  readonly X: FloatArray;
  readonly Y: FloatArray;
  readonly m: number;
  readonly iterations: number;
  readonly reportEvery: number;
  /** Called at each report; training waits for a returned promise (e.g. a held-out evaluation). */
  readonly onProgress?: (event: ReportEvent) => void | Promise<void>;
  readonly checkpoint?: CheckpointOptions;
  /** Recorded in checkpoints so that prediction standardises the same way. */
  readonly standardization?: Standardization | null;
  /** Recorded in checkpoints so that prediction names the classes. */
  readonly labels?: ParametersFile['labels'];
  /** Recorded in checkpoints so that prediction matches the feature columns by name. */
  readonly features?: ParametersFile['features'];
  /** Stop when the cost exceeds this multiple of the first cost; default 10. */
  readonly divergenceFactor?: number;
  /**
   * For progress bars: `onTick(iteration)` is called after every `tickEvery` iterations (training
   * runs in chunks of that size, each costing one extra cost evaluation at its end).
   */
  readonly tickEvery?: number;
  readonly onTick?: (iteration: number) => void;
  /**
   * Asked after every chunk (a step boundary): true stops training there, writing the
   * checkpoint (when one is asked for) at that step; the outcome's status is 'stopped'. With
   * this set, the driver lets the event loop run between chunks, so that signal handlers and
   * stream errors are seen during training, and keeps chunks to about STOP_CHECK_MS of work
   * (results do not depend on where chunks end).
   */
  readonly shouldStop?: () => boolean;
}

export interface TrainingOutcome {
  /** 'stopped': shouldStop asked for it (a signal, early stopping). */
  readonly status: 'completed' | 'diverged' | 'stopped';
  /** Why training stopped early (status 'diverged'), naming the iteration; null otherwise. */
  readonly message: string | null;
  /** The optimizer step count at the end. */
  readonly iterations: number;
  /** Every report passed to onProgress. */
  readonly costs: ReportEvent[];
  /** Cost on the whole training set after the last step taken. */
  readonly finalCost: number;
  /** The last checkpoint written, if any. */
  readonly checkpoint: { readonly path: string; readonly iteration: number; readonly cost: number } | null;
}

export async function runTraining(options: RunTrainingOptions): Promise<TrainingOutcome> {
  const { model, X, Y, m, reportEvery, checkpoint } = options;
  const factor = options.divergenceFactor ?? DEFAULT_DIVERGENCE_FACTOR;
  if (!(reportEvery >= 1) || (checkpoint !== undefined && !(checkpoint.every >= 1))) {
    throw new Error('reportEvery and checkpoint.every must be positive');
  }
  const start = (await model.getOptimizerState()).step;
  const end = start + options.iterations;
  const costs: ReportEvent[] = [];
  const record = async (report: ReportEvent) => {
    costs.push(report);
    await options.onProgress?.(report);
  };
  let initial: ReportEvent | null = null;
  let message: string | null = null;
  let saved: TrainingOutcome['checkpoint'] = null;
  let position = start;
  let finalCost = options.iterations > 0 ? NaN : await model.cost(X, Y, m);
  let stopped = false;

  // Reports give the cost on the whole training set (with mini-batches, not the noisy cost of one
  // batch): at the start, then from each chunk's final cost, since every multiple of reportEvery
  // ends a chunk. Growth is judged on these whole-set costs only (a single batch's cost may well
  // be ten times the mean); the batch costs that `train` reports every `probe` steps are checked
  // for NaN and Infinity.
  if (options.iterations > 0) {
    initial = { iteration: start, cost: await model.cost(X, Y, m) };
    if (start % reportEvery === 0) await record(initial);
    message = divergence(initial.cost, start, initial, factor);
  }
  const probe = checkpoint === undefined ? reportEvery : gcd(reportEvery, checkpoint.every);
  // Steps per chunk when shouldStop is set: from 1, adjusted to the time chunks take.
  let budget = 1;
  while (position < end && message === null) {
    // Chunks end at every multiple of reportEvery, checkpoint.every and tickEvery, so each report
    // falls at a chunk's start (train reports its step 0) and each checkpoint at a chunk's end.
    const next = Math.min(
      end,
      nextMultiple(position, reportEvery),
      nextMultiple(position, checkpoint?.every),
      nextMultiple(position, options.tickEvery),
      options.shouldStop === undefined ? Infinity : position + budget,
    );
    const chunkStart = position;
    const chunkStarted = performance.now();
    const result = await model.train(X, Y, m, {
      iterations: next - position,
      reportEvery: probe,
      onReport: (event: ReportEvent) => {
        if (Number.isFinite(event.cost) || initial === null) return true;
        message = divergence(event.cost, chunkStart + event.iteration, initial, factor);
        return false;
      },
    });
    position = chunkStart + result.iterations;
    finalCost = result.finalCost;
    const took = performance.now() - chunkStarted;
    budget = Math.max(1, Math.min(budget * 4, Math.round((result.iterations * STOP_CHECK_MS) / Math.max(took, 1e-3))));
    options.onTick?.(position);
    if (message !== null) break;
    // Checked before any checkpoint is written, so a diverged run never replaces a good one.
    if (initial !== null) message = divergence(finalCost, position, initial, factor) ?? (await nonFiniteStep(model, position));
    if (position % reportEvery === 0 && (position < end || message !== null)) await record({ iteration: position, cost: finalCost });
    if (message !== null) break;
    if (options.shouldStop !== undefined) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      stopped = position < end && options.shouldStop();
    }
    if (checkpoint !== undefined && (position % checkpoint.every === 0 || position === end || stopped)) {
      const file = makeParametersFile(model.meta, {
        layers: await model.getParameters(),
        standardization: options.standardization ?? null,
        training: { iterations: position, cost: finalCost },
        optimizerState: await model.getOptimizerState(),
        labels: options.labels ?? null,
        features: options.features ?? null,
      });
      writeParametersFile(checkpoint.path, file);
      saved = { path: checkpoint.path, iteration: position, cost: finalCost };
    }
    if (stopped) break;
  }
  return {
    status: message !== null ? 'diverged' : stopped ? 'stopped' : 'completed',
    message,
    iterations: position,
    costs,
    finalCost,
    checkpoint: saved,
  };
}

/** About this much training between two looks at shouldStop. */
const STOP_CHECK_MS = 250;

/** The first multiple of `every` after `position` (Infinity when `every` is not set). */
function nextMultiple(position: number, every: number | undefined): number {
  return every === undefined ? Infinity : (Math.floor(position / every) + 1) * every;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
