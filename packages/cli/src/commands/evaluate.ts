import type { Command } from 'commander';
import { printEvaluation, predictAndEvaluate } from '../report.js';
import { openTrainedModel } from '../trained-model.js';
import { UserError } from '../user-error.js';
import { addHdf5Options } from './hdf5-options.js';

interface EvaluateOptions {
  readonly weights: string;
  readonly data: string;
  readonly label?: string;
  readonly x?: string;
  readonly y?: string;
  readonly backend: string;
}

/** `nnc evaluate model.nn --weights weights.json --data test.csv [--label y]` */
export function registerEvaluate(program: Command, setExitCode: (code: number) => void): void {
  addHdf5Options(program
    .command('evaluate')
    .description('cost, accuracy and confusion matrix (classifiers) or RMSE (regression) of trained weights on labelled data')
    .argument('<model>', 'the .nn file')
    .requiredOption('--weights <file>', 'the trained parameters (JSON, as saved by nnc train)')
    .requiredOption('--data <file>', 'labelled data: .csv with a header, .json, .npy, or HDF5 (.h5)')
    .option('--label <name>', 'the label column (default: the one saved with the weights, else the last column), key (JSON) or labels file (.npy)')
    .option('--backend <name>', 'cpu (wasm), wasm, ts, reference or webgpu', 'cpu'))
    .action(async (modelPath: string, options: EvaluateOptions) => {
      const trained = await openTrainedModel(modelPath, options);
      if (!trained) return setExitCode(1);
      try {
        const { data, model, opened } = trained;
        if (data.labelName === null) throw new UserError(`${options.data}: evaluation needs labels; name them with --label`);
        process.stdout.write(`${model.name} on ${options.data}: ${data.m} examples\n`);
        printEvaluation('evaluation', await predictAndEvaluate(opened.model, data, model.loss), data.classes, process.stdout, model.l2);
      } finally {
        trained.opened.close();
      }
    });
}
