/**
 * `nnc train` on data that is not loaded whole (too big for memory, or `--stream`): the file is
 * checked in a first pass, then read block by block on every epoch (runStreamedTraining), with
 * a display of how far into the file each epoch is. Mini-batch models only; no holdout (it
 * would need the whole set); the batches mix examples within a block (stream-training.ts).
 */
import { basename, extname } from 'node:path';
import { layerSizes, type ModelIR, type ParametersFile } from '@nnc/dsl/ir';
import {
  blockBatchesFor,
  featureCheck,
  formatBytes,
  openCsvStream,
  openNpyStream,
  runStreamedTraining,
  type ExampleStream,
  type StreamOptions,
} from '@nnc/runtime-cpu';
import { createBackendModel, type Backend } from '../backends.js';
import { checkDataShape } from '../inputs.js';
import { memoryLimit } from '../memory-plan.js';
import { formatCost } from '../progress.js';
import { printEvaluation } from '../report.js';
import { signalExitCode, watchStopSignals } from '../signals.js';
import { trainingLength } from '../training-length.js';
import { announceStop, reportDivergence, saveTrained, trainedLine } from '../training-end.js';
import { UserError } from '../user-error.js';

export interface StreamedTrainOptions {
  readonly data: string;
  readonly label?: string;
  readonly save?: string;
  readonly iterations?: number;
  readonly standardize?: boolean;
  readonly holdout?: number;
  readonly checkpoint?: string;
  readonly checkpointEvery?: number;
  readonly reportEvery?: number;
}

export type RestoreOptimizer = (model: Awaited<ReturnType<typeof createBackendModel>>['model'], resumed: ParametersFile) => Promise<void>;

export async function trainStreamed(
  model: ModelIR,
  options: StreamedTrainOptions,
  backend: Backend,
  resumed: ParametersFile | null,
  restoreOptimizer: RestoreOptimizer,
): Promise<number> {
  const batchSize = model.training.batchSize;
  if (batchSize === null) throw new UserError(`${options.data}: only mini-batch models train on streamed data; model '${model.name}' trains on the full batch`);
  if (options.holdout) throw new UserError('--holdout needs the whole data set in memory; with streamed data, evaluate on a separate file');
  const stream = openStream(model, options, resumed);
  try {
    checkDataShape(options.data, stream, model);
    const out = process.stdout;
    const perEpoch = Math.ceil(stream.m / batchSize);
    // Blocks of a sixteenth of the memory limit (1 to 64 MiB): a block is read, standardised and batched at a time.
    const blockTarget = Math.min(64 * 2 ** 20, Math.max(2 ** 20, memoryLimit().bytes / 16));
    const blockBatches = Math.min(blockBatchesFor(batchSize, stream.nx + stream.ny, blockTarget), perEpoch);
    const blockExamples = Math.min(blockBatches * batchSize, stream.m);
    const standardization = resumed?.standardization ?? stream.standardization;
    const labels = { name: stream.labelName, classes: stream.classes };
    const opened = await createBackendModel(model, backend);
    out.write(
      `training ${model.name} (${layerSizes(model).join(' -> ')}) on ${basename(options.data)}: ${stream.m} examples ` +
        `(${formatBytes(stream.size)}), streamed in blocks of ${blockExamples} examples (${formatBytes(blockExamples * (stream.nx + stream.ny) * 8)}), ` +
        `backend ${backend} (${opened.device}), ${model.precision}\n`,
    );
    try {
      const compiled = opened.model;
      if (resumed) {
        await compiled.setParameters(resumed.layers);
        await restoreOptimizer(compiled, resumed);
      } else {
        await compiled.initialize(model.seed);
      }
      const firstStep = (await compiled.getOptimizerState()).step;
      const { total, steps: iterations, reportEvery, note } = trainingLength(model, perEpoch, firstStep, options);
      if (note) out.write(`${note}\n`);
      if (resumed && firstStep > 0) out.write(`resuming at iteration ${firstStep} of ${total}\n`);
      const width = String(total).length;
      const started = performance.now();
      const stop = watchStopSignals((signal) => {
        clearStatus();
        process.stderr.write(`nnc: ${signal}: stopping at the next block (send it again to quit at once)\n`);
      });
      const outcome = await runStreamedTraining({
        model: compiled,
        stream,
        batchSize,
        shuffleSeed: model.training.shuffleSeed,
        iterations,
        reportEvery,
        loss: model.loss,
        l2: model.l2,
        standardization,
        labels,
        ...(stream.namedFeatures ? { features: stream.featureNames } : {}),
        blockBatches,
        ...(options.checkpoint ? { checkpoint: { path: options.checkpoint, every: options.checkpointEvery ?? reportEvery } } : {}),
        onReport: (report) => {
          clearStatus();
          out.write(`iteration ${String(report.iteration).padStart(width)}  epoch ${report.epoch + 1}  mean batch cost ${formatCost(report.cost)}\n`);
        },
        onBlock: ({ iteration, epoch, position }) =>
          status(`epoch ${epoch + 1}: ${((100 * position) / Math.max(stream.size, 1)).toFixed(0)}% of ${basename(options.data)}, iteration ${iteration}`),
        shouldStop: () => stop.signal !== null,
      }).finally(() => stop.dispose());
      clearStatus();
      if (outcome.status === 'diverged') return reportDivergence(outcome);
      const save = (partial: boolean) =>
        saveTrained(options.save, compiled, {
          standardization,
          training: { iterations: outcome.iterations, cost: outcome.finalCost, ...(partial ? { partial: true } : {}) },
          labels,
          ...(stream.namedFeatures ? { features: stream.featureNames } : {}),
        });
      if (stop.signal !== null) {
        if (Number.isFinite(outcome.finalCost)) await save(true);
        announceStop(stop.signal, outcome.iterations, total, outcome.checkpoint?.path ?? null, Number.isFinite(outcome.finalCost) ? (options.save ?? null) : null);
        return signalExitCode(stop.signal);
      }
      const seconds = (performance.now() - started) / 1000;
      const taken = outcome.iterations - firstStep;
      out.write(trainedLine(taken, seconds, outcome.finalCost, ' on the whole file'));
      if (outcome.evaluation) printEvaluation('training', outcome.evaluation, stream.classes, out, model.l2);
      if (await save(false)) out.write(`saved parameters to ${options.save}\n`);
      return 0;
    } finally {
      opened.close();
    }
  } finally {
    stream.close();
  }
}

function openStream(model: ModelIR, options: StreamedTrainOptions, resumed: ParametersFile | null): ExampleStream {
  const streamOptions: StreamOptions = {
    loss: model.loss,
    checkFeatures: featureCheck(options.data, model),
    ...(options.label !== undefined ? { label: options.label } : {}),
    ...(resumed?.labels?.classes ? { classes: resumed.labels.classes } : {}),
    features: resumed?.features ?? null,
    standardize: options.standardize === true && !resumed?.standardization,
  };
  const kind = extname(options.data).toLowerCase();
  if (kind !== '.csv' && kind !== '.npy') throw new UserError(`${options.data}: nnc streams CSV and .npy data; save it in one of those`);
  if (kind === '.npy' && options.label === undefined) throw new UserError(`${options.data}: training needs labels; name the labels file with --label`);
  const result = kind === '.csv' ? openCsvStream(options.data, streamOptions) : openNpyStream(options.data, options.label ?? '', streamOptions);
  if (!result.ok) throw new UserError(result.errors.join('\nnnc: '));
  return result.stream;
}

/** A status line that the next output replaces (terminals only). */
function status(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${text}`);
}

function clearStatus(): void {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
}
