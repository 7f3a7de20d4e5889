/**
 * Checks on a command's output files, made before any long work: each must be writable (its
 * directory exists and is writable), must be a regular file or not exist yet (a directory,
 * device, FIFO or socket is refused; a symbolic link is written through to the file it points
 * to), and must not be one of the command's own inputs or another of its outputs.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NotARegularFileError, outputTarget } from '@nnc/runtime-cpu';
import { UserError } from './user-error.js';

/** A file named on the command line, with the option that named it (for messages). */
export interface NamedFile {
  readonly path: string;
  /** `--data`, `-o`, `the model` ... */
  readonly as: string;
}

/** The named files among `entries` whose path is set. */
export function named(...entries: readonly (readonly [string | undefined | null, string])[]): NamedFile[] {
  return entries.flatMap(([path, as]) => (path ? [{ path, as }] : []));
}

function describe(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Device and inode: two paths name one file when these agree (links and `./` included). */
function identity(path: string): string | null {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats === undefined ? null : `${stats.dev}:${stats.ino}`;
}

/** Fails when `path` could not be written later (see the module comment). */
export function checkWritable(path: string): void {
  const dir = dirname(path);
  try {
    outputTarget(path);
    if (!statSync(dir).isDirectory()) throw new UserError(`cannot write ${path}: ${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    if (error instanceof NotARegularFileError) throw new UserError(error.message);
    if (error instanceof UserError || (error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new UserError(`cannot write ${path}: ${describe(error)}`);
  }
}

/**
 * Every output writable, none of them an input or another output. `mayReplace` lists pairs
 * (output option, input option) where writing over the input is what the user asks for, as
 * `--checkpoint c.json --resume c.json` continuing a run.
 */
export function checkOutputs(
  outputs: readonly NamedFile[],
  inputs: readonly NamedFile[],
  mayReplace: readonly (readonly [string, string])[] = [],
): void {
  for (const output of outputs) checkWritable(output.path);
  const seen: { file: NamedFile; id: string }[] = [];
  for (const input of inputs) {
    const id = identity(input.path);
    if (id !== null) seen.push({ file: input, id });
  }
  const inputCount = seen.length;
  for (const output of outputs) {
    const id = identity(output.path);
    if (id === null) {
      // Not there yet: two outputs may still name the same new file.
      const same = outputs.find((other) => other !== output && resolve(other.path) === resolve(output.path));
      if (same && outputs.indexOf(same) < outputs.indexOf(output)) throw bothOutputs(same, output);
      continue;
    }
    const clash = seen.find((entry) => entry.id === id);
    if (clash !== undefined) {
      const isInput = seen.indexOf(clash) < inputCount;
      if (!isInput) throw bothOutputs(clash.file, output);
      if (!mayReplace.some(([out, input]) => out === output.as && input === clash.file.as)) {
        throw new UserError(
          `${output.as} ${output.path} is ${clash.file.as} ${clash.file.path}, which this command reads; ` +
            'nnc never writes over its own input: choose another output file',
        );
      }
    }
    seen.push({ file: output, id });
  }
}

function bothOutputs(first: NamedFile, second: NamedFile): UserError {
  return new UserError(`${first.as} ${first.path} and ${second.as} ${second.path} are one file; give each output its own file`);
}
