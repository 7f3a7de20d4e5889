import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotARegularFileError, writeFileAtomic } from './atomic-write.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'nnc-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary behind', () => {
    const dir = scratch();
    const path = join(dir, 'weights.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['weights.json']);
  });

  it('keeps the old file when the write fails', () => {
    const dir = scratch();
    const path = join(dir, 'missing-dir', 'weights.json');
    expect(() => writeFileAtomic(path, 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  // Issue 12, finding 2: `-o /dev/null` replaced the device with a regular file. A FIFO made here
  // stands for it (never the real /dev/null).
  it('refuses a FIFO and a directory instead of replacing them', () => {
    const dir = scratch();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(new NotARegularFileError(fifo, 'it is a FIFO (named pipe), not a regular file'));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    mkdirSync(join(dir, 'folder'));
    expect(() => writeFileAtomic(join(dir, 'folder'), 'x')).toThrow(/it is a directory, not a regular file/);
    expect(readdirSync(dir).sort()).toEqual(['folder', 'pipe']);
  });

  it('writes through a symbolic link, which stays a link; a dangling link is refused', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'weights.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(join(dir, 'real'))).toEqual(['weights.json']);

    const dangling = join(dir, 'dangling.json');
    symlinkSync(join(dir, 'nowhere.json'), dangling);
    expect(() => writeFileAtomic(dangling, 'x')).toThrow(/it is a symbolic link to a file that does not exist/);
  });

  it('removes the temporary files that killed writes of the same file left, not those of running processes', () => {
    const dir = scratch();
    const path = join(dir, 'checkpoint.json');
    // pid 2^22 + 1 is above Linux's pid_max limit, so no process has it; pid 1 always runs.
    const dead = `.checkpoint.json.${2 ** 22 + 1}.1700000000000.tmp`;
    const running = '.checkpoint.json.1.1700000000000.tmp';
    const other = `.other.json.${2 ** 22 + 1}.1700000000000.tmp`;
    for (const name of [dead, running, other]) writeFileSync(join(dir, name), 'partial');
    writeFileAtomic(path, 'complete');
    expect(readdirSync(dir).sort()).toEqual([running, other, 'checkpoint.json'].sort());
  });
});
