/**
 * `nnc explain model.nn [--format text|markdown|latex] [--with-source]`: prints the forward pass,
 * the cost, the derived backward pass and the update, one equation a line with its shape, as the
 * compiler's graph has them after simplification (what the generated code computes). Problems in
 * the file are reported as `nnc check` reports them (exit code 1).
 */
import { EXPLAIN_FORMATS, explainModel, type ExplainFormat } from '@nnc/compiler/explain';
import type { Command } from 'commander';
import { UserError } from '../user-error.js';
import { readModel } from '../inputs.js';

interface ExplainCommandOptions {
  readonly format: string;
  readonly withSource?: boolean;
}

export function registerExplain(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('explain')
    .description('print the equations a model trains with: forward pass, cost, backward pass and update, with shapes')
    .argument('<model>', 'the .nn file')
    .option('--format <format>', `how to write the equations: ${EXPLAIN_FORMATS.join(', ')}`, 'text')
    .option('--with-source', 'name the .nn line each equation comes from')
    .addHelpText(
      'after',
      `
The equations are read from the compiler's own graph after simplification, so they are what the
generated code computes (for a sigmoid output with binary cross-entropy: dZ[L] = A[L] - Y).
Shapes are (rows, columns), m the number of examples; * multiplies elementwise, juxtaposition is
the matrix product. --format latex writes one KaTeX-renderable aligned block.

Example:
  nnc explain examples/planar.nn --with-source
`,
    )
    .action((file: string, options: ExplainCommandOptions) => {
      const format = parseFormat(options.format);
      const model = readModel(file);
      if (model === null) return setExitCode(1);
      process.stdout.write(explainModel(model, { format, withSource: options.withSource === true }));
    });
}

function parseFormat(value: string): ExplainFormat {
  if ((EXPLAIN_FORMATS as readonly string[]).includes(value)) return value as ExplainFormat;
  throw new UserError(`unknown format '${value}'; expected ${EXPLAIN_FORMATS.join(', ')}`);
}
