import { Command, CommanderError } from 'commander';
import { COMMANDS, commandOf } from './command-table.js';
import { UserError } from './user-error.js';
import { NNC_VERSION } from './version.js';

/**
 * Runs the CLI with `argv` (without node and the script); resolves to the exit code. Only the
 * command that runs is loaded (command-table.ts); the others are listed by name for `--help`.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('nnc')
    .description('Compile, train and export small neural networks described in .nn files')
    .version(NNC_VERSION)
    .exitOverride()
    .showHelpAfterError("(run 'nnc --help' for the commands)");
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const running = commandOf(argv);
  for (const entry of COMMANDS) {
    if (entry === running) {
      (await entry.load())(program, setExitCode);
      // An option error prints the error and where to read more, not the whole help.
      program.commands.at(-1)?.showHelpAfterError(`(run 'nnc ${entry.name} --help' for its options)`);
    } else {
      program.command(entry.name).description(entry.summary);
    }
  }
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
