import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5, prepareHdf5 } from './hdf5.js';
import { writeCourseLikeFile, type CourseLikeFile } from './hdf5.test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-hdf5-'));
const path = join(dir, 'train.h5');
let written: CourseLikeFile;

beforeAll(async () => {
  await prepareHdf5();
  written = await writeCourseLikeFile(path);
});

describe('loadHdf5', () => {
  it("flattens each image as the course's reshape(m, -1).T and reads the labels as (1, m)", () => {
    const result = loadHdf5(path);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const { X, Y, m, nx, ny, labelName, classes } = result.dataset;
    const [count, rows, cols, channels] = written.shape;
    expect([m, nx, ny, labelName, classes]).toEqual([count, rows * cols * channels, 1, 'train_set_y', null]);
    // numpy: x.reshape(m, -1).T[i, j] = x[j].flat[i], pixel (r, c), channel k at i = (r * cols + c) * 3 + k
    for (let j = 0; j < m; j++) for (let i = 0; i < nx; i++) expect(X[i * m + j]).toBe(written.pixels[j * nx + i]);
    const [r, c, k, j] = [2, 1, 2, 3];
    expect(X[((r * cols + c) * 3 + k) * m + j]).toBe(written.pixels[((j * rows + r) * cols + c) * 3 + k]);
    expect(Array.from(Y)).toEqual(written.labels);
  });

  it('reads the datasets named by x and y, and no labels when y is null', () => {
    const result = loadHdf5(path, { x: 'train_set_x', y: null });
    expect(result.ok && [result.dataset.labelName, result.dataset.ny]).toEqual([null, 0]);
  });

  it('names a wrong dataset and lists the datasets the file holds', () => {
    const result = loadHdf5(path, { x: 'train_x' });
    expect(result).toEqual({
      ok: false,
      errors: [
        `${path}: no dataset 'train_x' (--x); the file holds: extra/floats (2) float32, list_classes (2) string, ` +
          'train_set_x (5, 4, 3, 3) uint8, train_set_y (5) int64',
      ],
    });
    expect(loadHdf5(path, { y: 'labels' })).toMatchObject({ ok: false, errors: [expect.stringMatching(/no dataset 'labels' \(--y\); the file holds: extra\/floats/)] });
    expect(loadHdf5(path, { x: 'extra' })).toMatchObject({ ok: false, errors: [expect.stringContaining("'extra' (--x) is a group, not a dataset")] });
    expect(loadHdf5(path, { x: 'list_classes' })).toEqual({ ok: false, errors: [`${path}: dataset 'list_classes' (--x) holds string values, expected numbers`] });
    expect(loadHdf5(path, { x: 'extra/floats', y: null })).toEqual({
      ok: false,
      errors: [`${path}: feature 1 of example 2 in 'extra/floats' is NaN, expected a finite number`],
    });
    expect(loadHdf5(path, { y: 'extra/floats' })).toMatchObject({ ok: false, errors: [expect.stringContaining("dataset 'extra/floats' has shape (2), expected 5 labels")] });
  });

  it('finds test_set_x / test_set_y by default', async () => {
    const test = join(dir, 'test.h5');
    await writeCourseLikeFile(test, 3, 2, 2, 'test');
    const result = loadHdf5(test);
    expect(result.ok && [result.dataset.m, result.dataset.nx, result.dataset.labelName]).toEqual([3, 12, 'test_set_y']);
  });

  it('says what is wrong with a file that is missing, not HDF5, or damaged, without a stack', () => {
    expect(loadHdf5(join(dir, 'none.h5'))).toEqual({ ok: false, errors: [`${join(dir, 'none.h5')}: cannot read the file (ENOENT)`] });
    const text = join(dir, 'text.h5');
    writeFileSync(text, 'x1,x2,y\n1,2,0\n');
    expect(loadHdf5(text)).toEqual({ ok: false, errors: [`${text}: not an HDF5 file (no HDF5 signature)`] });
    const bytes = readFileSync(path);
    const cut = join(dir, 'cut.h5');
    writeFileSync(cut, bytes.subarray(0, 600));
    const result = loadHdf5(cut);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(new RegExp(`^${cut}: cannot read the HDF5 file \\(.+\\)$`));
      expect(result.errors[0]).not.toMatch(/\n|at .*\.js/);
    }
  });
});

describe('loadHdf5 over many damaged files in one process', () => {
  /** Files of the course layout damaged by a fixed sequence: cut at random, then 1-6 bytes overwritten. */
  function* damaged(good: Buffer): Generator<string> {
    let state = 1;
    const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
    for (let n = 0; ; n++) {
      const bytes = Buffer.from(good.subarray(0, next() % 3 === 0 ? next() % (good.length + 1) : good.length));
      const edits = 1 + (next() % 6);
      for (let e = 0; e < edits; e++) if (bytes.length > 0) bytes[next() % bytes.length] = next() % 256;
      const file = join(dir, `damaged-${n}.h5`);
      writeFileSync(file, bytes);
      yield file;
    }
  }

  // HDF5 keeps the descriptor of a file it refuses; before, one leaked per refused file.
  it.runIf(existsSync('/proc/self/fd'))('leaves no file descriptor open after refusing a damaged file', () => {
    const broken = join(dir, 'checksum.h5');
    const bytes = readFileSync(path);
    writeFileSync(broken, bytes.subarray(0, 600));
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let n = 0; n < 50; n++) expect(loadHdf5(broken).ok).toBe(false);
    expect(open()).toBe(before);
  });

  // HDF5 leaks memory on some damaged files; after a few thousand of them it aborts, and a call
  // into the aborted instance could then loop forever (the fuzzer hung on this). The aborted
  // instance is never called again: loads say so at once, and prepareHdf5() loads a fresh one.
  it('answers at once after the library aborts, and reads files again after prepareHdf5()', async () => {
    const small = join(dir, 'small.h5');
    await writeCourseLikeFile(small, 4, 3, 2);
    let aborted: string | null = null;
    let count = 0;
    for (const file of damaged(readFileSync(small))) {
      const result = loadHdf5(file, { loss: 'binary_cross_entropy' });
      if (!result.ok) expect(result.errors.every((error) => error.startsWith(`${file}: `))).toBe(true);
      // The abort shows as HDF5's 'Aborted(...)' or as a trap of the instance (then this file or the next says so).
      if (!result.ok && /Aborted\(|RuntimeError|aborted on an earlier/.test(result.errors[0])) aborted = file;
      if (aborted !== null || ++count === 6000) break;
    }
    // With h5wasm 0.10.3 this sequence aborts at file 2639; a release that no longer leaks would
    // end the loop at 6000 files and this test then has nothing left to check.
    expect(aborted).not.toBeNull();
    expect(loadHdf5(small)).toEqual({ ok: false, errors: [`${small}: cannot read the HDF5 file (the HDF5 library aborted on an earlier damaged file; prepareHdf5() loads it again)`] });
    await prepareHdf5();
    const again = loadHdf5(small);
    expect(again.ok && again.dataset.m).toBe(4);
  }, 60_000);
});
