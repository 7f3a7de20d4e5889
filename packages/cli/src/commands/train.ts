import { basename } from 'node:path';
import { layerSizes, type ModelIR, type OptimizerState, type Standardization } from '@nnc/dsl/ir';
import type { CompiledModel, CompiledModelAsync } from '@nnc/compiler';
import {
  applyStandardization,
  batchesPerEpoch,
  fitStandardization,
  splitHoldout,
  type Dataset,
} from '@nnc/runtime-cpu';
import type { Command } from 'commander';
import { createBackendModel, parseBackend, type BackendModel } from '../backends.js';
import { checkDataShape, prepareData, readData, readModel, readParameters } from '../inputs.js';
import { checkOutputs, named } from '../output-files.js';
import { addPictureOptions, checkPictures, pictureOutputs, startPictures, type PictureOptions } from '../plots/train-pictures.js';
import { withFeatureNames } from '../trained-model.js';
import { formatCost } from '../progress.js';
import { printEvaluation, predictAndEvaluate } from '../report.js';
import { signalExitCode } from '../signals.js';
import { trainingLength } from '../training-length.js';
import { announceStop, reportDivergence, saveTrained, trainedLine } from '../training-end.js';
import { runSession } from '../training-session.js';
import { UserError } from '../user-error.js';
import { addHdf5Options, addScaleOption, labelOf, scaleStandardization, type Hdf5Options, type ScaleOptions } from './hdf5-options.js';
import { parseFraction, parsePositiveInteger } from './option-parsers.js';
import { planData } from './train-plan.js';
import { trainStreamed } from './train-streamed.js';

interface TrainOptions extends PictureOptions, Hdf5Options, ScaleOptions {
  readonly data: string;
  readonly label?: string;
  readonly save?: string;
  readonly backend: string;
  readonly threads?: number;
  readonly iterations?: number;
  readonly standardize?: boolean;
  readonly holdout?: number;
  readonly splitSeed: number;
  readonly checkpoint?: string;
  readonly checkpointEvery?: number;
  readonly resume?: string;
  readonly stream?: boolean;
  readonly reportEvery?: number;
  readonly earlyStopping?: number;
}

/** `nnc train model.nn --data train.csv --label y [--save weights.json]` */
export function registerTrain(program: Command, setExitCode: (code: number) => void): void {
  addPictureOptions(addScaleOption(addHdf5Options(program
    .command('train')
    .description('train a model on a data set (CSV, JSON, .npy or HDF5) and save its parameters')
    .argument('<model>', 'the .nn file')
    .requiredOption('--data <file>', 'training data: .csv with a header, .json, .npy (X, course layout) or HDF5 (.h5, see --x and --y)')
    .option('--label <name>', 'the label column (CSV; default: the last column), key (JSON) or labels file (.npy)')
    .option('--save <file>', 'write the trained parameters here (JSON, written atomically)')
    .option('--backend <name>', 'cpu (the fastest CPU target: wasm), wasm (WebAssembly SIMD), ts (TypeScript loops), reference (interpreter) or webgpu', 'cpu')
    .option('--threads <n>', 'threads of the cpu, wasm and ts backends (default: the cores available)', parsePositiveInteger)
    .option('--iterations <n>', "the total number of iterations, instead of the model's (a resumed run continues to this total)", parsePositiveInteger)
    .option('--report-every <n>', "report the cost every n iterations (epochs, for a model trained in epochs), instead of the model's report_every (long runs report at most 20 times unless this is given)", parsePositiveInteger)
    .option('--standardize', 'standardise features (mean 0, std 1); mean and std are saved with the weights')
    .option('--holdout <fraction>', 'hold out this share of the examples (seeded shuffle) and evaluate on it', parseFraction)
    .option('--split-seed <n>', 'seed of the holdout shuffle', parsePositiveIntegerOrZero, 0)
    .option('--early-stopping <patience>', 'with --holdout: stop when the held-out cost has not improved for this many reports, keeping the best parameters', parsePositiveInteger)
    .option('--checkpoint <file>', 'save parameters and optimizer state here during training')
    .option('--checkpoint-every <n>', 'iterations between checkpoints (default: the report interval)', parsePositiveInteger)
    .option('--resume <file>', "continue from a saved parameters file or checkpoint to the run's total (the model's iterations or --iterations)")
    .option('--stream', 'read the data from its file block by block (mini-batch models; automatic when it does not fit in memory)'))))
    .action(async (modelPath: string, options: TrainOptions) => {
      if (options.earlyStopping !== undefined && options.holdout === undefined) {
        throw new UserError('--early-stopping watches the held-out cost: give --holdout too (e.g. --holdout 0.2)');
      }
      checkOutputs(
        [...named([options.save, '--save'], [options.checkpoint, '--checkpoint']), ...pictureOutputs(options)],
        named([modelPath, 'the model'], [options.data, '--data'], [options.data.toLowerCase().endsWith('.npy') ? options.label : undefined, '--label'], [options.resume, '--resume']),
        [['--checkpoint', '--resume']],
      );
      const model = readModel(modelPath);
      if (!model) return setExitCode(1);
      checkPictures(model, options);
      setExitCode(await train(modelPath, model, options));
    });
}

function parsePositiveIntegerOrZero(text: string): number {
  return text === '0' ? 0 : parsePositiveInteger(text);
}

async function train(modelPath: string, model: ModelIR, options: TrainOptions): Promise<number> {
  const backend = parseBackend(options.backend);
  const resumed = options.resume ? readParameters(options.resume, model) : null;
  if (planData(model, options)) {
    return trainStreamed(model, options, backend, resumed, (compiled, saved) =>
      saved.optimizerState ? resumeOptimizer(compiled, saved.optimizerState, options.resume ?? '', model) : Promise.resolve(),
    );
  }
  // Resuming keeps the saved class order, so row k of the output stays the same class.
  const classes = resumed?.labels?.classes ?? undefined;
  const features = resumed?.features ?? null;
  await prepareData(options.data);
  const data = withFeatureNames(options.resume ?? '', features, () =>
    readData(options.data, { model, label: labelOf(options), x: options.x, loss: model.loss, features, ...(classes ? { classes } : {}) }),
  );
  checkDataShape(options.data, data, model);
  if (data.labelName === null) throw new UserError(`${options.data}: training needs labels; name the label column with --label`);
  const split = options.holdout ? splitHoldout(data, options.holdout, options.splitSeed) : { train: data, holdout: null };
  if (split.train.m === 0 || (split.holdout !== null && split.holdout.m === 0)) {
    throw new UserError(
      `--holdout ${options.holdout} leaves ${split.train.m} examples for training and ${split.holdout?.m ?? 0} held out ` +
        `of the ${data.m} in ${options.data}; both need at least one`,
    );
  }
  const labels = { name: data.labelName, classes: data.classes };
  const standardization: Standardization | null =
    resumed?.standardization ?? (options.standardize ? fitStandardization(split.train.X, split.train.m) : scaleStandardization(options, data.nx));
  const train = standardize(split.train, standardization);
  const holdout = split.holdout && standardize(split.holdout, standardization);

  const perEpoch = batchesPerEpoch(train.m, model.training.batchSize);
  const out = process.stdout;
  const opened: BackendModel = await createBackendModel(model, backend, { threads: options.threads, m: train.m });
  out.write(
    `training ${model.name} (${layerSizes(model).join(' -> ')}) on ${basename(options.data)}: ` +
      `${train.m} examples${holdout ? `, ${holdout.m} held out` : ''}, backend ${backend} (${opened.device}), ${model.precision}\n`,
  );
  try {
    const compiled = opened.model;
    if (resumed) {
      await compiled.setParameters(resumed.layers);
      if (resumed.optimizerState) await resumeOptimizer(compiled, resumed.optimizerState, options.resume ?? '', model);
    } else {
      await compiled.initialize(model.seed);
    }
    const start = (await compiled.getOptimizerState()).step;
    const length = trainingLength(model, perEpoch, start, options);
    if (length.note) out.write(`${length.note}\n`);
    if (resumed && start > 0) {
      out.write(
        length.steps > 0
          ? `resuming at iteration ${start} of ${length.total}\n`
          : `${options.resume} is at iteration ${start}, the run's total is ${length.total}: nothing left to train (--iterations sets another total)\n`,
      );
    }
    const features = data.namedFeatures ? { features: data.featureNames } : {};
    const checkpoint = options.checkpoint ? { path: options.checkpoint, every: options.checkpointEvery ?? length.reportEvery } : undefined;
    const pictures = startPictures(model, options, compiled, holdout, process.stdout);
    const session = await runSession({
      model,
      compiled,
      train,
      holdout,
      length,
      start,
      perEpoch,
      standardization,
      labels,
      ...features,
      ...(checkpoint ? { checkpoint } : {}),
      earlyStopping: options.earlyStopping ?? null,
      afterReport: pictures.afterReport,
    });
    const { outcome, seconds } = session;
    if (outcome.status === 'diverged') return reportDivergence(outcome);
    const save = (partial: boolean) =>
      saveTrained(options.save, compiled, {
        standardization,
        training: { iterations: session.best?.iteration ?? outcome.iterations, cost: session.best?.trainingCost ?? outcome.finalCost, ...(partial ? { partial: true } : {}) },
        labels,
        ...features,
      });
    if (session.signal !== null) {
      await save(true);
      announceStop(session.signal, outcome.iterations, length.total, checkpoint?.path ?? null, options.save ?? null);
      return signalExitCode(session.signal);
    }
    const taken = outcome.iterations - start;
    out.write(trainedLine(taken, seconds, outcome.finalCost));
    if (session.best) {
      const why = session.stoppedEarly
        ? `early stopping at iteration ${outcome.iterations}: the held-out cost has not improved for ${options.earlyStopping} reports`
        : 'early stopping watched the held-out cost';
      out.write(`${why}; keeping iteration ${session.best.iteration} (holdout cost ${formatCost(session.best.cost)})\n`);
    }
    printEvaluation('training', await predictAndEvaluate(compiled, train, model.loss), train.classes, out, model.l2);
    if (holdout) printEvaluation('holdout', await predictAndEvaluate(compiled, holdout, model.loss), holdout.classes, out, model.l2);
    await pictures.finish({ model, compiled, data, standardization, iterations: outcome.iterations, finalCost: outcome.finalCost }, process.stdout);
    if (await save(false)) out.write(`saved parameters to ${options.save}\n`);
    return 0;
  } finally {
    opened.close();
  }
}

/**
 * Restores the saved optimizer state when it is this model's kind (the same moment slots);
 * otherwise, say weights trained with gradient descent resumed with Adam, the optimizer starts
 * afresh from the saved weights, with a warning.
 */
export async function resumeOptimizer(
  compiled: CompiledModel | CompiledModelAsync,
  state: OptimizerState,
  file: string,
  model: ModelIR,
): Promise<void> {
  const expected = Object.keys((await compiled.getOptimizerState()).slots).sort();
  const saved = Object.keys(state.slots).sort();
  if (expected.join() === saved.join()) {
    await compiled.setOptimizerState(state);
    return;
  }
  process.stderr.write(
    `nnc: warning: ${file} holds the state of another optimizer (${saved.join(', ') || 'no moments'}); ` +
      `${model.optimizer.kind} starts afresh from the saved weights\n`,
  );
}

function standardize(data: Dataset, standardization: Standardization | null): Dataset {
  return standardization ? { ...data, X: applyStandardization(data.X, data.m, standardization) } : data;
}
