import type { Command } from 'commander';
import type { LossKind } from '@nnc/dsl/ir';
import { writeOutput } from '../files.js';
import { checkOutputs, named } from '../output-files.js';
import { openTrainedModel } from '../trained-model.js';
import { addHdf5Options } from './hdf5-options.js';

interface PredictOptions {
  readonly weights: string;
  readonly data: string;
  readonly label?: string;
  readonly x?: string;
  readonly y?: string;
  readonly output?: string;
  readonly backend: string;
}

/** `nnc predict model.nn --weights weights.json --data new.csv [-o predictions.csv]` */
export function registerPredict(program: Command, setExitCode: (code: number) => void): void {
  addHdf5Options(program
    .command('predict')
    .description('write the predictions of trained weights for each example as CSV')
    .argument('<model>', 'the .nn file')
    .requiredOption('--weights <file>', 'the trained parameters (JSON, as saved by nnc train)')
    .requiredOption('--data <file>', 'examples: .csv with a header, .json, .npy, or HDF5 (.h5)')
    .option('--label <name>', 'a label column to leave out of the features (default: the label saved with the weights, when the data has it)')
    .option('-o, --output <file>', 'write the CSV here (atomically) instead of to standard output')
    .option('--backend <name>', 'cpu (wasm), wasm, ts, reference or webgpu', 'cpu'))
    .action(async (modelPath: string, options: PredictOptions) => {
      checkOutputs(named([options.output, '-o']), named([modelPath, 'the model'], [options.weights, '--weights'], [options.data, '--data']));
      const trained = await openTrainedModel(modelPath, { ...options, label: options.label ?? null });
      if (!trained) return setExitCode(1);
      try {
        const { data, model, parameters, opened } = trained;
        const A = await opened.model.forward(data.X, data.m);
        const classes = parameters.labels?.classes ?? null;
        const csv = predictionsCsv(A, data.m, model.loss, classes);
        if (options.output) {
          writeOutput(options.output, csv);
          process.stdout.write(`wrote ${data.m} predictions to ${options.output}\n`);
        } else {
          process.stdout.write(csv);
        }
      } finally {
        trained.opened.close();
      }
    });
}

/**
 * One row per example. Binary classifiers: `probability,class` (class = probability > 0.5);
 * softmax: one probability column per class, then the arg-max class; regression: `output`
 * (`output1..k` for several outputs).
 */
export function predictionsCsv(A: ArrayLike<number>, m: number, loss: LossKind, classes: readonly string[] | null): string {
  const n = A.length / m;
  const at = (i: number, j: number) => A[i * m + j];
  const rows: string[] = [];
  if (loss === 'binary_cross_entropy' && n === 1) {
    rows.push('probability,class');
    for (let j = 0; j < m; j++) rows.push(`${at(0, j)},${at(0, j) > 0.5 ? 1 : 0}`);
  } else if (loss === 'categorical_cross_entropy') {
    const names = classes ?? Array.from({ length: n }, (_, k) => String(k));
    rows.push([...names.map((c) => `p_${c}`), 'class'].join(','));
    for (let j = 0; j < m; j++) {
      const column = Array.from({ length: n }, (_, i) => at(i, j));
      const best = column.indexOf(Math.max(...column));
      rows.push([...column.map(String), names[best]].join(','));
    }
  } else {
    rows.push(n === 1 ? 'output' : Array.from({ length: n }, (_, i) => `output${i + 1}`).join(','));
    for (let j = 0; j < m; j++) rows.push(Array.from({ length: n }, (_, i) => String(at(i, j))).join(','));
  }
  return `${rows.join('\n')}\n`;
}
