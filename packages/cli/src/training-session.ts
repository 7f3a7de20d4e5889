/**
 * One in-memory training run as `nnc train` shows it: the driver (runTraining) with the
 * progress display, the held-out evaluation at each report, early stopping, and the stop
 * signals (signals.ts), which end the run at the next step boundary with the checkpoint written.
 */
import type { CompiledModel, CompiledModelAsync } from '@nnc/compiler';
import type { ModelIR, ParametersFile, Standardization } from '@nnc/dsl/ir';
import { makeParametersFile, runTraining, type Dataset, type TrainingOutcome } from '@nnc/runtime-cpu';
import { writeParametersOutput } from './files.js';
import { HoldoutMonitor, type BestReport } from './holdout-monitor.js';
import { createProgress } from './progress.js';
import { watchStopSignals, type StopSignal } from './signals.js';
import type { TrainingLength } from './training-length.js';

export interface SessionOptions {
  readonly model: ModelIR;
  readonly compiled: CompiledModel | CompiledModelAsync;
  readonly train: Dataset;
  readonly holdout: Dataset | null;
  readonly length: TrainingLength;
  /** The optimizer step the run starts at. */
  readonly start: number;
  /** Batches per epoch, for report lines of models trained in epochs. */
  readonly perEpoch: number;
  readonly standardization: Standardization | null;
  readonly labels: ParametersFile['labels'];
  readonly features?: ParametersFile['features'];
  readonly checkpoint?: { readonly path: string; readonly every: number };
  /** Reports without a better held-out cost before stopping (needs a holdout); null: off. */
  readonly earlyStopping: number | null;
  /** Awaited after each report is printed (the pictures record the costs there). */
  readonly afterReport?: ((event: { readonly iteration: number; readonly cost: number }) => Promise<void>) | undefined;
}

export interface SessionResult {
  readonly outcome: TrainingOutcome;
  /** The signal that stopped the run, or null. */
  readonly signal: StopSignal | null;
  /** With early stopping: the report whose parameters the model now holds. */
  readonly best: BestReport | null;
  /** Whether early stopping ended the run (rather than the total). */
  readonly stoppedEarly: boolean;
  readonly seconds: number;
}

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const { compiled, model, train, length } = options;
  const out = process.stdout;
  const progress = createProgress(length.total, out, { perEpoch: model.training.epochs === null ? null : options.perEpoch }, options.start);
  const monitor = options.holdout ? new HoldoutMonitor(compiled, options.holdout, model.loss, options.earlyStopping) : null;
  const stop = watchStopSignals((signal) => {
    progress.stop();
    process.stderr.write(`nnc: ${signal}: stopping at the next step boundary (send it again to quit at once)\n`);
  });
  const started = performance.now();
  let outcome: TrainingOutcome;
  try {
    outcome = await runTraining({
      model: compiled,
      X: train.X,
      Y: train.Y,
      m: train.m,
      iterations: length.steps,
      reportEvery: length.reportEvery,
      standardization: options.standardization,
      labels: options.labels,
      ...(options.features ? { features: options.features } : {}),
      onProgress: async (event) => {
        progress.report(event.iteration, event.cost, monitor ? await monitor.atReport(event.iteration, event.cost) : '');
        await options.afterReport?.(event);
      },
      ...(progress.tickEvery ? { tickEvery: progress.tickEvery, onTick: (iteration: number) => progress.tick(iteration) } : {}),
      shouldStop: () => stop.signal !== null || (monitor?.exhausted ?? false),
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    });
  } finally {
    progress.stop();
    stop.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const signal = stop.signal;
  let best: BestReport | null = null;
  if (signal === null && outcome.status !== 'diverged' && monitor?.patience != null) {
    best = await monitor.restoreBest();
    if (best && options.checkpoint) {
      // The checkpoint keeps the best parameters, not the last ones.
      writeParametersOutput(
        options.checkpoint.path,
        makeParametersFile(compiled.meta, {
          layers: best.layers,
          standardization: options.standardization,
          training: { iterations: best.iteration, cost: best.trainingCost },
          optimizerState: best.optimizerState,
          labels: options.labels,
          ...(options.features ? { features: options.features } : {}),
        }),
      );
    }
  }
  return { outcome, signal, best, stoppedEarly: signal === null && outcome.status === 'stopped', seconds };
}
