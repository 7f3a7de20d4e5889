/**
 * Reading and writing the user's files. Failures become UserErrors that name the file and say
 * what went wrong in words; outputs are written atomically (never a partial file).
 */
import { basename, dirname, extname, join } from 'node:path';
import type { ParametersFile } from '@nnc/dsl/ir';
import { NotARegularFileError, NotFiniteError, writeFileAtomic, writeParametersFile } from '@nnc/runtime-cpu';
import { describeError } from './read-files.js';
import { UserError } from './user-error.js';

export { readBinaryFile, readText, readTextFile } from './read-files.js';

/** Runs `write`, turning a file-system error into a UserError naming `path`. */
function writing(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (error instanceof NotARegularFileError || error instanceof NotFiniteError) throw new UserError(error.message);
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new UserError(`cannot write ${path}: ${describeError(error)}`);
  }
}

/** Writes an output file atomically: the old file or the complete new one, never a partial one. */
export function writeOutput(path: string, data: string | Uint8Array): void {
  writing(path, () => writeFileAtomic(path, data));
}

export function writeParametersOutput(path: string, parameters: ParametersFile): void {
  writing(path, () => writeParametersFile(path, parameters));
}

/** `dir/model.nn` -> `dir/model<suffix>` (the default name of an output). */
export function siblingPath(path: string, suffix: string): string {
  return join(dirname(path), `${basename(path, extname(path))}${suffix}`);
}
