/**
 * Reading and writing the user's files. Failures become UserErrors that name the file and say
 * what went wrong in words; outputs are written atomically (never a partial file).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ParametersFile } from '@nnc/dsl/ir';
import { NotARegularFileError, NotFiniteError, writeFileAtomic, writeParametersFile } from '@nnc/runtime-cpu';
import { UserError } from './user-error.js';

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

function describeError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Runs `read`, turning a file-system error into a UserError naming `path`. */
function reading<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new UserError(`cannot read ${path}: ${describeError(error)}`);
  }
}

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

export function readTextFile(path: string): string {
  return reading(path, () => readText(path));
}

export function readBinaryFile(path: string): Uint8Array {
  return reading(path, () => readFileSync(path));
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
