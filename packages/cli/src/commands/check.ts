import { formatReport, hasErrors, parseModel, renderSummary, summarize } from '@nnc/dsl';
import type { ModelIR } from '@nnc/dsl/ir';
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
      const model = checkedModel(file);
      if (model === null) return setExitCode(1);
      process.stdout.write(renderSummary(model, summarize(model, options.examples)));
    });
}

/**
 * The model in `file`, every problem found in it reported on stderr with its code frame (what
 * `nnc check` prints; `nnc explain` too); null when any is an error (the command exits 1).
 */
export function checkedModel(file: string): ModelIR | null {
  const text = readTextFile(file);
  const { model, diagnostics } = parseModel(text, file);
  if (diagnostics.length > 0) process.stderr.write(formatReport(diagnostics, text));
  return hasErrors(diagnostics) ? null : model;
}
