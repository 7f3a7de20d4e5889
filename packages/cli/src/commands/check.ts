import { readFile } from 'node:fs/promises';
import { formatReport, hasErrors, parseModel, summarize } from '@nnc/dsl';
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../user-error.js';
import { renderSummary } from './check-report.js';

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
    .option('-m, --examples <count>', 'examples in the training set, for memory and FLOPs', parseExamples, DEFAULT_EXAMPLES)
    .action(async (file: string, options: { examples: number }) => {
      const text = await readSource(file);
      const { model, diagnostics } = parseModel(text, file);
      if (diagnostics.length > 0) process.stderr.write(formatReport(diagnostics, text));
      if (hasErrors(diagnostics) || model === null) {
        setExitCode(1);
        return;
      }
      process.stdout.write(renderSummary(model, summarize(model, options.examples)));
    });
}

function parseExamples(value: string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  }
  return count;
}

async function readSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`cannot read '${file}': no such file`);
    if (code === 'EISDIR') throw new UserError(`cannot read '${file}': it is a directory, expected a .nn file`);
    throw new UserError(`cannot read '${file}': ${(error as Error).message}`);
  }
}
