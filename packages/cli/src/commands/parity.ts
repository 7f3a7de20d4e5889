/**
 * `nnc parity model.nn --data train.csv [--steps 10]`: trains a few steps on every backend that
 * this machine has (the reference interpreter, the CPU targets ts and wasm, webgpu when an
 * adapter exists) from the same starting parameters, and prints, for each backend against the
 * reference, the largest difference in every W and b and in the cost after the last step, with
 * the device that ran it. Differences are relative to the largest entry of the reference's
 * layer (its W and b together; the cost to itself), so one tolerance fits weights of any scale
 * and a bias still near its zero start is not judged on its own tiny scale.
 *
 * Tolerances (exit 1 past them): f64 against the f64 reference, 1e-10; f32 (the model's
 * precision, or webgpu, which computes in f32), 1e-5 per step (the documented f32 limit of one
 * pass, packages/compiler/README.md), so 1e-4 for the default 10 steps.
 */
import type { LayerParameters, ModelIR, Precision } from '@nnc/dsl/ir';
import { applyStandardization, fitStandardization } from '@nnc/runtime-cpu';
import type { Command } from 'commander';
import { createBackendModel, type Backend, type BackendModel } from '../backends.js';
import { checkDataShape, readData, readModel, readParameters } from '../inputs.js';
import { withFeatureNames } from '../trained-model.js';
import { UserError } from '../user-error.js';
import { parsePositiveInteger } from './option-parsers.js';

interface ParityOptions {
  readonly data: string;
  readonly label?: string;
  readonly weights?: string;
  readonly steps: number;
  readonly standardize?: boolean;
}

export const F64_TOLERANCE = 1e-10;
export const F32_TOLERANCE_PER_STEP = 1e-5;

/** The backends compared against the reference (cpu is wasm under another name). */
const COMPARED: readonly Backend[] = ['ts', 'wasm', 'webgpu'];

export function registerParity(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('parity')
    .description('train a few steps on every available backend from the same weights and compare the results')
    .argument('<model>', 'the .nn file')
    .requiredOption('--data <file>', 'training data: .csv with a header, .json, or .npy')
    .option('--label <name>', 'the label column (default: the last column), key (JSON) or labels file (.npy)')
    .option('--weights <file>', 'start from these parameters (and optimizer state) instead of the seeded initial ones')
    .option('--steps <n>', 'optimizer steps on each backend', parsePositiveInteger, 10)
    .option('--standardize', 'standardise the features first, as `nnc train --standardize` does')
    .action(async (modelPath: string, options: ParityOptions) => {
      const model = readModel(modelPath);
      if (!model) return setExitCode(1);
      setExitCode(await parity(model, options));
    });
}

interface Trained {
  readonly layers: LayerParameters[];
  readonly cost: number;
}

async function parity(model: ModelIR, options: ParityOptions): Promise<number> {
  const parameters = options.weights ? readParameters(options.weights, model) : null;
  const features = parameters?.features ?? null;
  const data = withFeatureNames(options.weights ?? '', features, () =>
    readData(options.data, { model, label: options.label, loss: model.loss, features, ...(parameters?.labels?.classes ? { classes: parameters.labels.classes } : {}) }),
  );
  checkDataShape(options.data, data, model);
  if (data.labelName === null) throw new UserError(`${options.data}: training needs labels; name the label column with --label`);
  const standardization = parameters?.standardization ?? (options.standardize ? fitStandardization(data.X, data.m) : null);
  const X = standardization ? applyStandardization(data.X, data.m, standardization) : data.X;

  const reference = await createBackendModel(model, 'reference');
  let start: LayerParameters[];
  try {
    if (parameters) await reference.model.setParameters(parameters.layers);
    else await reference.model.initialize(model.seed);
    start = await reference.model.getParameters();
  } finally {
    reference.close();
  }
  const run = async (opened: BackendModel): Promise<Trained> => {
    try {
      await opened.model.setParameters(start);
      if (parameters?.optimizerState) await opened.model.setOptimizerState(parameters.optimizerState);
      const result = await opened.model.train(X, data.Y, data.m, { iterations: options.steps, reportEvery: options.steps });
      return { layers: await opened.model.getParameters(), cost: result.finalCost };
    } finally {
      opened.close();
    }
  };
  const out = process.stdout;
  out.write(`parity of ${model.name} (${model.precision}) on ${options.data}: ${data.m} examples, ${options.steps} steps from the same parameters\n`);
  const opened = await createBackendModel(model, 'reference');
  const want = await run(opened);
  out.write(`  reference  ${opened.device}: cost ${want.cost.toPrecision(12)}\n`);
  let worst = 0;
  let failed = false;
  for (const backend of COMPARED) {
    let candidate: BackendModel;
    try {
      candidate = await createBackendModel(model, backend, { m: data.m });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      out.write(`  ${backend.padEnd(9)}  not available: ${error.message.split('\n')[0]}\n`);
      continue;
    }
    const device = candidate.device;
    const got = await run(candidate);
    const precision: Precision = backend === 'webgpu' ? 'f32' : model.precision;
    const tolerance = precision === 'f64' ? F64_TOLERANCE : F32_TOLERANCE_PER_STEP * options.steps;
    const rows = differences(want, got);
    const largest = Math.max(...rows.map((row) => row.relative));
    worst = Math.max(worst, largest);
    const verdict = largest <= tolerance ? 'agrees' : 'DIFFERS';
    failed ||= largest > tolerance;
    out.write(`  ${backend.padEnd(9)}  ${device} (${precision}): ${verdict}, largest ${largest.toExponential(2)} (tolerance ${tolerance.toExponential(0)})\n`);
    for (const row of rows) {
      out.write(`    ${row.name.padEnd(5)} ${row.absolute.toExponential(2).padStart(9)} absolute  ${row.relative.toExponential(2).padStart(9)} relative\n`);
    }
  }
  out.write(failed ? 'parity: a backend differs from the reference past its tolerance\n' : `parity: every backend agrees with the reference (largest relative difference ${worst.toExponential(2)})\n`);
  return failed ? 1 : 0;
}

interface Difference {
  readonly name: string;
  readonly absolute: number;
  /** Absolute, over the largest magnitude in the reference's layer (W and b). */
  readonly relative: number;
}

/** Per W and b (W1, b1, ...), then the cost. */
export function differences(want: Trained, got: Trained): Difference[] {
  const rows: Difference[] = [];
  const largest = (values: readonly number[]) => values.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
  const compare = (name: string, a: readonly number[], b: readonly number[], scale: number) => {
    let absolute = 0;
    for (let i = 0; i < a.length; i++) {
      // NaN compares as an infinite difference.
      const d = Math.abs(a[i] - b[i]);
      absolute = Math.max(absolute, Number.isNaN(d) ? Infinity : d);
    }
    rows.push({ name, absolute, relative: absolute === 0 ? 0 : absolute / Math.max(scale, Number.MIN_VALUE) });
  };
  want.layers.forEach((layer, l) => {
    const W = layer.W.flat();
    const scale = Math.max(largest(W), largest(layer.b));
    compare(`W${l + 1}`, W, got.layers[l].W.flat(), scale);
    compare(`b${l + 1}`, layer.b, got.layers[l].b, scale);
  });
  compare('cost', [want.cost], [got.cost], Math.abs(want.cost));
  return rows;
}
