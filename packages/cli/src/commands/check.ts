import { renderSummary, summarize } from '@nnc/dsl';
import type { Command } from 'commander';
import { readModel } from '../inputs.js';
import { parsePositiveInteger } from './option-parsers.js';

const DEFAULT_EXAMPLES = 1000;

/**
 * `nnc check model.nn [--examples M]`: reports every problem in the file on stderr (exit code 1
 * if any is an error), otherwise prints the layers, shapes, parameter count, memory and FLOPs per
 * training iteration for M examples.
 */
export function registerCheck(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('check a .nn model and show its shapes, parameters, memory and cost')
    .argument('<model>', 'the .nn file')
    .option('-m, --examples <count>', 'examples in the training set, for memory and FLOPs', parsePositiveInteger, DEFAULT_EXAMPLES)
    .action((file: string, options: { examples: number }) => {
      const model = readModel(file);
      if (model === null) return setExitCode(1);
      process.stdout.write(renderSummary(model, summarize(model, options.examples)));
    });
}
