/**
 * Options that several commands share, written once as data: each group is a list of
 * [flags, description, parser?] and adds itself to a command (commands/hdf5-options.ts,
 * plots/train-pictures.ts).
 */
import type { Command } from 'commander';

export type OptionSpec = readonly [flags: string, description: string, parse?: (text: string) => unknown];

/** A function adding `options`, in order, to a command and returning it (for chaining). */
export function optionGroup(options: readonly OptionSpec[]): (command: Command) => Command {
  return (command) => {
    for (const [flags, description, parse] of options) {
      if (parse) command.option(flags, description, parse);
      else command.option(flags, description);
    }
    return command;
  };
}
