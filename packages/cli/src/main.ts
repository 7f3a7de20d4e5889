import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerCompile } from './commands/compile.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { registerGradcheck } from './commands/gradcheck.js';
import { registerImport } from './commands/import.js';
import { registerPredict } from './commands/predict.js';
import { registerTrain } from './commands/train.js';
import { UserError } from './user-error.js';
import { NNC_VERSION } from './version.js';

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('nnc')
    .description('Compile, train and export small neural networks described in .nn files')
    .version(NNC_VERSION)
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerCheck(program, setExitCode);
  registerCompile(program, setExitCode);
  registerExplain(program, setExitCode);
  registerTrain(program, setExitCode);
  registerPredict(program, setExitCode);
  registerEvaluate(program, setExitCode);
  registerGradcheck(program, setExitCode);
  registerExport(program, setExitCode);
  registerImport(program, setExitCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UserError) {
      process.stderr.write(`nnc: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
