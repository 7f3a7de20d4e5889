import { checkGradients, compile, emitTypeScript, loadCompiledModel, type GradientCheck } from '@nnc/compiler';
import type { ModelIR } from '@nnc/dsl/ir';
import { applyStandardization, fitStandardization, subset } from '@nnc/runtime-cpu';
import type { Command } from 'commander';
import { checkDataShape, prepareData, readData, readModel, readParameters } from '../inputs.js';
import { addHdf5Options, addScaleOption, labelOf, scaleStandardization, type Hdf5Options, type ScaleOptions } from './hdf5-options.js';
import { parsePositiveInteger } from './option-parsers.js';
import { withFeatureNames } from '../trained-model.js';

interface GradcheckOptions extends Hdf5Options, ScaleOptions {
  readonly data: string;
  readonly label?: string;
  readonly weights?: string;
  readonly examples: number;
  readonly perTensor: number;
  readonly standardize?: boolean;
}

/** The course's bound: above it "there is a mistake in the backward propagation". */
const THRESHOLD = 2e-7;

/**
 * `nnc gradcheck model.nn --data train.csv`: the course's gradient check on the generated code:
 * the backward pass's gradients against central differences of the cost, at the initial (or
 * given) weights, on the first examples of the data, in f64 whatever the model's precision.
 */
export function registerGradcheck(program: Command, setExitCode: (code: number) => void): void {
  addScaleOption(addHdf5Options(program
    .command('gradcheck')
    .description("check the generated backward pass against central differences of the cost (the course's gradient check)")
    .argument('<model>', 'the .nn file')
    .requiredOption('--data <file>', 'data: .csv with a header, .json, .npy, or HDF5 (.h5)')
    .option('--label <name>', 'the label column (default: the last column), key (JSON) or labels file (.npy)')
    .option('--weights <file>', 'check at these parameters instead of the seeded initial ones')
    .option('--examples <n>', 'use the first n examples', parsePositiveInteger, 32)
    .option('--per-tensor <n>', 'compare at most n entries of each W and b (evenly spaced)', parsePositiveInteger, 200)
    .option('--standardize', 'standardise the features first, as `nnc train --standardize` does')))
    .action(async (modelPath: string, options: GradcheckOptions) => {
      const model = readModel(modelPath);
      if (!model) return setExitCode(1);
      await prepareData(options.data);
      setExitCode(gradcheck(model, options));
    });
}

function gradcheck(model: ModelIR, options: GradcheckOptions): number {
  const parameters = options.weights ? readParameters(options.weights, model) : null;
  const features = parameters?.features ?? null;
  const data = withFeatureNames(options.weights ?? '', features, () =>
    readData(options.data, { model, label: labelOf(options), x: options.x, loss: model.loss, features, ...(parameters?.labels?.classes ? { classes: parameters.labels.classes } : {}) }),
  );
  checkDataShape(options.data, data, model);
  const first = subset(data, Int32Array.from({ length: Math.min(options.examples, data.m) }, (_, j) => j));
  const standardization = parameters?.standardization ?? (options.standardize ? fitStandardization(data.X, data.m) : scaleStandardization(options, data.nx));
  const X = standardization ? applyStandardization(first.X, first.m, standardization) : first.X;

  // Finite differences need f64: an f32 model is checked through its f64 twin.
  const compiled = loadCompiledModel(emitTypeScript(compile({ ...model, precision: 'f64' }).schedule)).createModel();
  if (parameters) compiled.setParameters(parameters.layers);
  else compiled.initialize(model.seed);
  const result = checkGradients(compiled, X, first.Y, first.m, { maxPerTensor: options.perTensor });
  process.stdout.write(report(model, result, first.m, parameters !== null));
  return result.relativeError < THRESHOLD ? 0 : 1;
}

function report(model: ModelIR, result: GradientCheck, m: number, trained: boolean): string {
  const lines = [
    `gradient check of ${model.name} on ${m} examples at the ${trained ? 'given' : 'initial'} weights (f64, epsilon 1e-7):`,
    `  tensor  compared     relative difference`,
    ...result.tensors.map((t) => `  ${t.name.padEnd(6)}  ${`${t.checked}/${t.total}`.padStart(9)}  ${t.relativeError.toExponential(2).padStart(10)}`),
  ];
  const verdict =
    result.relativeError < THRESHOLD
      ? `the backward pass is right: relative difference ${result.relativeError.toExponential(2)} < ${THRESHOLD}`
      : `the backward pass disagrees with the cost: relative difference ${result.relativeError.toExponential(2)} >= ${THRESHOLD}`;
  return `${lines.join('\n')}\n${verdict}\n`;
}
