import { formatReport, hasErrors, parseModel, renderSummary, summarize } from '@nnc/dsl';
import type { Command } from 'commander';
import { readTextFile } from '../read-files.js';
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
      const text = readTextFile(file);
      const { model, diagnostics } = parseModel(text, file);
      if (diagnostics.length > 0) process.stderr.write(formatReport(diagnostics, text));
      if (hasErrors(diagnostics) || model === null) {
        setExitCode(1);
        return;
      }
      process.stdout.write(renderSummary(model, summarize(model, options.examples)));
    });
}
