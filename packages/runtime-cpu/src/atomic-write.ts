import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that readers only ever see the old file or the complete new one:
 * the bytes go to a temporary file in the same directory, are flushed to disk, and the temporary
 * file is renamed over `path` (rename is atomic within one file system). On any failure the
 * temporary file is removed and `path` is left untouched.
 *
 * Only regular files are written: a directory, device, FIFO or socket at `path` is refused
 * (NotARegularFileError), never replaced. A symbolic link is written through: the file it points
 * to is replaced and the link stays (a dangling link is refused). Temporary files that an earlier
 * write of the same file left behind when its process was killed are removed first.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = outputTarget(path);
  removeStaleTemporaries(target);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** An output path that names something other than a regular file (or a link to one). */
export class NotARegularFileError extends Error {
  override name = 'NotARegularFileError';
  /** So that callers reporting file-system errors by code treat it as one. */
  readonly code = 'ERR_NNC_NOT_A_REGULAR_FILE';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/** What kind of file `stats` describes, in words ('a FIFO'), or null for a regular file. */
export function nonRegularKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file a write to `path` replaces: `path` itself, or for a symbolic link the file it points
 * to. Throws NotARegularFileError when that is not a regular file or `path` is a dangling link;
 * a `path` that does not exist is returned as it is (the write creates it).
 */
export function outputTarget(path: string): string {
  const link = lstatSync(path, { throwIfNoEntry: false });
  if (link === undefined) return path;
  let target = path;
  let stats = link;
  if (link.isSymbolicLink()) {
    const pointed = statSync(path, { throwIfNoEntry: false });
    if (pointed === undefined) throw new NotARegularFileError(path, 'it is a symbolic link to a file that does not exist');
    target = realpathSync(path);
    stats = pointed;
  }
  const kind = nonRegularKind(stats);
  if (kind !== null) throw new NotARegularFileError(path, `it is ${kind}, not a regular file${target === path ? '' : ` (through the link to ${target})`}`);
  return target;
}

/** `.weights.json.<pid>.<time>.tmp`: the temporary files of writes to `weights.json`. */
function temporaryPid(name: string, base: string): number | null {
  if (!name.startsWith(`.${base}.`) || !name.endsWith('.tmp')) return null;
  const match = /^(\d+)\.\d+\.tmp$/.exec(name.slice(base.length + 2));
  return match === null ? null : Number(match[1]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of earlier writes to `path` whose process no longer runs (killed
 * between creating and renaming them). Those of running processes are left alone; failures to
 * list or remove are ignored (the write itself does not depend on them).
 */
export function removeStaleTemporaries(path: string): void {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryPid(name, base);
    if (pid === null || pid === process.pid || isRunning(pid)) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // another process removed it, or it is not ours to remove
    }
  }
}
