/**
 * Reading the user's files without loading any runtime (`nnc check` needs only this): a
 * file-system failure becomes a UserError naming the file and saying what went wrong in words.
 */
import { readFileSync } from 'node:fs';
import { UserError } from './user-error.js';

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export function describeError(error: unknown): string {
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

export function readTextFile(path: string): string {
  return reading(path, () => readText(path));
}

export function readBinaryFile(path: string): Uint8Array {
  return reading(path, () => readFileSync(path));
}

