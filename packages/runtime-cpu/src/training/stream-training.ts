/**
 * Mini-batch training on a data set read from its file block by block (ExampleStream), for data
 * that does not fit in memory: memory holds one block (a whole number of batches, about
 * BLOCK_BYTES of examples) and the model, whatever the file's size.
 *
 * The schedule is a function of the optimizer step t, so that a checkpoint resumes exactly:
 * with B = ceil(m / batch) batches per epoch and K batches per block, step t is in epoch
 * e = floor(t / B), uses batch t mod B, which lies in block floor((t mod B) / K). Each block's
 * examples are shuffled by NumpyRandom(shuffleSeed + e * blocksPerEpoch + block).permutation,
 * then cut into batches (the epoch's last batch shorter when batch does not divide m). Batches
 * thus mix examples within a block, not across the file as the in-memory schedule does.
 *
 * Reports give the mean of the batch costs since the previous report (a whole-file cost would
 * cost a pass over the file); training stops on a NaN or infinite batch cost, on a mean that has
 * grown tenfold, or on a non-finite parameter, before any checkpoint is written. At the end one
 * more pass gives the cost and metrics on the whole file.
 */
import { NumpyRandom, type CompiledModel, type CompiledModelAsync } from '@nnc/compiler';
import type { LossKind, ParametersFile, Standardization } from '@nnc/dsl/ir';
import type { ExampleBlock, ExampleStream } from '../data/example-stream.js';
import { applyStandardization } from '../data/standardization.js';
import { selectColumns } from '../reference/batches.js';
import { DEFAULT_DIVERGENCE_FACTOR, divergence } from './divergence.js';
import { EvaluationAccumulator, type Evaluation } from './evaluate.js';
import { nonFiniteStep as nonFinite } from './finite-check.js';
import { makeParametersFile, writeParametersFile } from './parameters-file.js';
import type { CheckpointOptions } from './run-training.js';

/** Examples per forward pass of the final evaluation. */
const EVALUATION_SLICE = 4096;

/** About this many bytes of examples per block. */
export const BLOCK_BYTES = 16 * 2 ** 20;

export interface StreamTrainingOptions {
  readonly model: CompiledModel | CompiledModelAsync;
  readonly stream: ExampleStream;
  readonly batchSize: number;
  readonly shuffleSeed: number;
  /** Steps to take, from the model's optimizer step count. */
  readonly iterations: number;
  readonly reportEvery: number;
  readonly loss: LossKind;
  /** The model's L2 lambda, for the final whole-file cost. */
  readonly l2: number;
  readonly standardization: Standardization | null;
  readonly labels?: ParametersFile['labels'];
  readonly features?: ParametersFile['features'];
  readonly checkpoint?: CheckpointOptions;
  readonly divergenceFactor?: number;
  /** Batches per block (default: as many as fit in BLOCK_BYTES, at least one). */
  readonly blockBatches?: number;
  readonly onReport?: (report: StreamReport) => void;
  /** After each block: the step count, epoch and how far into the file the epoch is. */
  readonly onBlock?: (progress: { readonly iteration: number; readonly epoch: number; readonly position: number }) => void;
  /**
   * Asked after every block (a step boundary; the event loop runs first, so that signal
   * handlers are seen): true stops training there, writing the checkpoint when one is asked for.
   */
  readonly shouldStop?: () => boolean;
}

export interface StreamReport {
  readonly iteration: number;
  readonly epoch: number;
  /** Mean of the batch costs of the steps since the previous report. */
  readonly cost: number;
}

export interface StreamOutcome {
  /** 'stopped': shouldStop asked for it (a signal). */
  readonly status: 'completed' | 'diverged' | 'stopped';
  readonly message: string | null;
  /** The optimizer step count at the end. */
  readonly iterations: number;
  readonly reports: StreamReport[];
  /** Cost on the whole file after training (with the L2 term); NaN when training diverged. */
  readonly finalCost: number;
  /** Metrics on the whole file after training; null when training diverged. */
  readonly evaluation: Evaluation | null;
  readonly checkpoint: { readonly path: string; readonly iteration: number; readonly cost: number } | null;
}

/** Batches per block for blocks of about `bytes` (float64 X and Y rows per example). */
export function blockBatchesFor(batchSize: number, rowsPerExample: number, bytes = BLOCK_BYTES): number {
  return Math.max(1, Math.floor(bytes / (8 * rowsPerExample * batchSize)));
}

export async function runStreamedTraining(options: StreamTrainingOptions): Promise<StreamOutcome> {
  const { model, stream, batchSize, reportEvery, checkpoint } = options;
  const factor = options.divergenceFactor ?? DEFAULT_DIVERGENCE_FACTOR;
  const perEpoch = Math.ceil(stream.m / batchSize);
  const K = options.blockBatches ?? blockBatchesFor(batchSize, stream.nx + stream.ny);
  const blockExamples = K * batchSize;
  const blocksPerEpoch = Math.ceil(stream.m / blockExamples);
  const start = (await model.getOptimizerState()).step;
  const end = start + options.iterations;
  const reports: StreamReport[] = [];
  let first: StreamReport | null = null;
  let message: string | null = null;
  let saved: StreamOutcome['checkpoint'] = null;
  let [sum, count] = [0, 0];
  let t = start;
  let stopped = false;

  /** At a report step: the mean cost, judged against the first; a message when training must stop. */
  const report = async (epoch: number): Promise<string | null> => {
    const event = { iteration: t, epoch, cost: sum / count };
    [sum, count] = [0, 0];
    reports.push(event);
    options.onReport?.(event);
    first ??= event;
    return divergence(event.cost, t, first, factor) ?? (await nonFinite(model, t));
  };

  while (t < end && message === null) {
    const epoch = Math.floor(t / perEpoch);
    let blockIndex = Math.floor((t % perEpoch) / K);
    for (const block of stream.blocks(blockExamples, blockIndex * blockExamples)) {
      const X = options.standardization ? applyStandardization(block.X, block.m, options.standardization) : block.X;
      const seed = (options.shuffleSeed + epoch * blocksPerEpoch + blockIndex) % 2 ** 32;
      const order = new NumpyRandom(seed).permutation(block.m);
      const batches = Math.ceil(block.m / batchSize);
      for (let k = (t % perEpoch) - blockIndex * K; k < batches && t < end; k++) {
        const columns = order.subarray(k * batchSize, Math.min((k + 1) * batchSize, block.m));
        const Xb = selectColumns(X, stream.nx, block.m, columns);
        const Yb = selectColumns(block.Y, stream.ny, block.m, columns);
        const cost = await model.step(Xb, Yb, columns.length);
        if (!Number.isFinite(cost)) {
          message = divergence(cost, t, first ?? { iteration: t, cost }, factor);
          break;
        }
        [sum, count] = [sum + cost, count + 1];
        t++;
        if (t % reportEvery === 0) message = await report(epoch);
        if (message === null && checkpoint !== undefined && t % checkpoint.every === 0) {
          message = await nonFinite(model, t);
          if (message === null) saved = await writeCheckpoint(options, t, reports.at(-1)?.cost ?? sum / count);
        }
        if (message !== null) break;
      }
      options.onBlock?.({ iteration: t, epoch, position: block.position });
      blockIndex++;
      if (options.shouldStop !== undefined && message === null && t < end) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        stopped = options.shouldStop();
      }
      if (message !== null || stopped || t >= end || t % perEpoch === 0) break;
    }
    if (stopped) break;
  }
  if (message === null && count > 0) message = await report(Math.floor((t - 1) / perEpoch));
  if (message === null && checkpoint !== undefined && saved?.iteration !== t) {
    saved = await writeCheckpoint(options, t, reports.at(-1)?.cost ?? 0);
  }
  if (message !== null) return { status: 'diverged', message, iterations: t, reports, finalCost: NaN, evaluation: null, checkpoint: saved };
  if (stopped) return { status: 'stopped', message: null, iterations: t, reports, finalCost: reports.at(-1)?.cost ?? NaN, evaluation: null, checkpoint: saved };
  const evaluation = await evaluateStream(model, stream, options.loss, options.standardization, blockExamples);
  const finalCost = evaluation.cost + (options.l2 > 0 ? (options.l2 / (2 * stream.m)) * squaredWeights(await model.getParameters()) : 0);
  return { status: 'completed', message: null, iterations: t, reports, finalCost, evaluation, checkpoint: saved };
}

/** Cost and metrics of the model on every block of the stream (without the L2 term). */
export async function evaluateStream(
  model: CompiledModel | CompiledModelAsync,
  stream: ExampleStream,
  loss: LossKind,
  standardization: Standardization | null,
  blockExamples: number,
): Promise<Evaluation> {
  const accumulator = new EvaluationAccumulator(loss, stream.ny);
  for (const block of stream.blocks(blockExamples) as Iterable<ExampleBlock>) {
    const X = standardization ? applyStandardization(block.X, block.m, standardization) : block.X;
    // In slices, so that the model's workspace stays small whatever the block's size.
    for (let first = 0; first < block.m; first += EVALUATION_SLICE) {
      const columns = Int32Array.from({ length: Math.min(EVALUATION_SLICE, block.m - first) }, (_, j) => first + j);
      const Xs = selectColumns(X, stream.nx, block.m, columns);
      accumulator.add(await model.forward(Xs, columns.length), selectColumns(block.Y, stream.ny, block.m, columns), columns.length);
    }
  }
  return accumulator.result();
}

/** The parameters file with the optimizer state; its cost is that of the last report (or of the steps before the first). */
async function writeCheckpoint(options: StreamTrainingOptions, iteration: number, recorded: number) {
  const path = (options.checkpoint as CheckpointOptions).path;
  const file = makeParametersFile(options.model.meta, {
    layers: await options.model.getParameters(),
    standardization: options.standardization,
    training: { iterations: iteration, cost: recorded },
    optimizerState: await options.model.getOptimizerState(),
    labels: options.labels ?? null,
    features: options.features ?? null,
  });
  writeParametersFile(path, file);
  return { path, iteration, cost: recorded };
}

function squaredWeights(layers: readonly { readonly W: readonly (readonly number[])[] }[]): number {
  let sum = 0;
  for (const { W } of layers) for (const row of W) for (const w of row) sum += w * w;
  return sum;
}
