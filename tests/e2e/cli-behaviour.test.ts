/**
 * The built CLI as people use it (issue 11): a closed pipe only silences it, an option error
 * points at --help, the data and weights errors name the cause first, each backend names its
 * device on train's first line, and `nnc parity` compares the backends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, nnc, requireBuild, ROOT } from '../support/built-cli.js';

const PLANAR = join(ROOT, 'examples/planar.nn');
const SOFTMAX = join(ROOT, 'examples/softmax.nn');
const FLOWER = join(ROOT, 'examples/data/planar_flower.csv');
const SPECIES = join(ROOT, 'examples/data/three_species.csv');
const STACK = /\n\s+at /;

beforeAll(requireBuild);

describe('output through a pipe', () => {
  it('keeps training when the reader closes the pipe (nnc train ... | head -n 2), then saves as a run with a reader does', () => {
    // A real shell pipe: head exits after two lines and the shell notes when; the next report
    // finds the pipe closed. 20,000 iterations (about a second here) outlast head by far.
    const dir = mkdtempSync(join(tmpdir(), 'nnc-pipe-'));
    const train = (save: string, checkpoint: string) =>
      ['train', PLANAR, '--data', FLOWER, '--label', 'y', '--backend', 'ts', '--iterations', '20000', '--save', save, '--checkpoint', checkpoint];
    const [piped, pipedCheckpoint, straight, straightCheckpoint] = ['piped.json', 'piped-c.json', 'straight.json', 'straight-c.json'].map((name) => join(dir, name));
    const command = [process.execPath, BIN, ...train(piped, pipedCheckpoint)].map((arg) => `"${arg}"`).join(' ');
    const script = `${command} 2>"$DIR/err" | { head -n 2; date +%s%N >"$DIR/head-done"; }; echo "nnc exit \${PIPESTATUS[0]}"; cat "$DIR/err"`;
    const run = spawnSync('bash', ['-c', script], { env: { ...process.env, DIR: dir }, encoding: 'utf8', timeout: 120_000 });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^training planar \(2 -> 4 -> 1\) on planar_flower\.csv: 400 examples, backend ts \(TypeScript loops, 1 thread\), f64$/);
    expect(lines[1]).toBe('iteration     0  cost 0.693048');
    expect(lines[2]).toBe('nnc exit 0');
    expect(lines).toHaveLength(3); // nothing on stderr: no EPIPE, no stack
    // The weights were written after head had gone, and are the ones a run with a reader saves.
    const headDone = BigInt(readFileSync(join(dir, 'head-done'), 'utf8').trim());
    expect(statSync(piped, { bigint: true }).mtimeNs).toBeGreaterThan(headDone);
    const reference = nnc(train(straight, straightCheckpoint));
    expect(reference.code).toBe(0);
    expect(reference.stdout).toMatch(/^saved parameters to .*straight\.json$/m);
    expect(readFileSync(piped)).toEqual(readFileSync(straight));
    expect(readFileSync(pipedCheckpoint)).toEqual(readFileSync(straightCheckpoint));
    // ... and they load and predict: the flower's 90% and more, as the straight run's report says.
    const evaluated = nnc(['evaluate', PLANAR, '--weights', piped, '--data', FLOWER, '--label', 'y']);
    expect(evaluated.code).toBe(0);
    const accuracy = (text: string) => /accuracy (\d+\.\d+)%/.exec(text)?.[1];
    expect(accuracy(evaluated.stdout)).toBe(accuracy(reference.stdout));
    expect(Number(accuracy(evaluated.stdout))).toBeGreaterThan(90);
  });
});

describe('option errors', () => {
  it('print the error and one line pointing at --help, not the whole help', () => {
    const run = nnc(['train', PLANAR, '--data', FLOWER, '--iteratoins', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("error: unknown option '--iteratoins'\n(Did you mean --iterations?)\n(run 'nnc train --help' for its options)\n");
    const missing = nnc(['evaluate', PLANAR]);
    expect(missing.stderr).toBe("error: required option '--weights <file>' not specified\n(run 'nnc evaluate --help' for its options)\n");
    const unknown = nnc(['trian']);
    expect(unknown.stderr).toMatch(/^error: unknown command 'trian'\n.*\(run 'nnc --help' for the commands\)\n$/s);
    expect(run.stdout + missing.stdout + unknown.stdout).toBe('');
  });

  it('--version and --help answer without loading a command', () => {
    expect(nnc(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = nnc(['--help']).stdout;
    for (const command of ['check', 'compile', 'explain', 'train', 'predict', 'evaluate', 'gradcheck', 'parity', 'export', 'import']) {
      expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });
});

describe('errors name the cause first', () => {
  it('a data set of another shape: the feature counts of both, before anything about labels', () => {
    // three_species.csv has 4 features and class names for labels; planar takes 2 and binary labels
    const run = nnc(['train', PLANAR, '--data', SPECIES]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`nnc: ${SPECIES} has 4 features (sepal_length, sepal_width, petal_length, petal_width), model 'planar' takes 2\n`);
  });

  it('a repeated problem: a few examples, then the count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-errors-'));
    const two = join(dir, 'two.csv');
    const rows = spawnSync('cut', ['-d,', '-f1,2,5', SPECIES], { encoding: 'utf8' }).stdout;
    writeFileSync(two, rows);
    const run = nnc(['train', PLANAR, '--data', two, '--label', 'species']);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`nnc: ${two}:2: label 'species' is 'versicolor'; binary cross-entropy needs 0 or 1`);
    expect(lines[3]).toBe("nnc: ... and 297 more like 'label 'species' is 'virginica'; binary cross-entropy needs 0 or 1' (300 in all)");
  });

  it("a weights file of another model: whose it is (name and sizes) first", () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-errors-'));
    const iris = join(dir, 'iris.json');
    expect(nnc(['train', SOFTMAX, '--data', SPECIES, '--iterations', '5', '--save', iris]).code).toBe(0);
    for (const args of [
      ['evaluate', PLANAR, '--weights', iris, '--data', FLOWER],
      ['train', PLANAR, '--data', FLOWER, '--resume', iris],
    ]) {
      const run = nnc(args);
      expect(run.code).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`nnc: ${iris} holds the parameters of model 'iris' (4-8-3), not of model 'planar' (2-4-1)`);
      expect(lines.length).toBeLessThanOrEqual(5);
      expect(run.stderr).not.toMatch(STACK);
    }
  });
});

describe('nnc parity', () => {
  it('trains 10 steps on every backend from the same weights and names each device', () => {
    const run = nnc(['parity', PLANAR, '--data', FLOWER, '--label', 'y']);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^parity of planar \(f64\) on .*: 400 examples, 10 steps from the same parameters$/m);
    // the reference's cost after 10 steps at learning rate 1.2 from the seeded weights
    expect(out).toMatch(/^ {2}reference {2}reference interpreter: cost 0\.68767761873\d$/m);
    expect(out).toMatch(/^ {2}ts {9}TypeScript loops, 1 thread \(f64\): agrees, largest \S+ \(tolerance 1e-10\)$/m);
    expect(out).toMatch(/^ {2}wasm {7}wasm simd128.* \(f64\): agrees, largest \S+ \(tolerance 1e-10\)$/m);
    // webgpu: compared in f32 where an adapter exists, else said to be unavailable
    expect(out).toMatch(/^ {2}webgpu {5}(webgpu on .* \(f32\): agrees, largest \S+ \(tolerance 1e-4\)|not available: .*)$/m);
    for (const name of ['W1', 'b1', 'W2', 'b2', 'cost']) expect(out).toMatch(new RegExp(`^ {4}${name} +\\S+ absolute +\\S+ relative$`, 'm'));
    // f64 backends agree with the reference far inside the tolerance (measured ~5e-13 or less)
    const largest = [...out.matchAll(/\(f64\): agrees, largest (\S+)/g)].map((m) => Number(m[1]));
    expect(largest).toHaveLength(2);
    for (const value of largest) expect(value).toBeLessThan(1e-11);
    expect(out).toMatch(/^parity: every backend agrees with the reference/m);
  });
});

describe("train's first line", () => {
  it.each([
    ['ts', /backend ts \(TypeScript loops, 1 thread\)/],
    ['reference', /backend reference \(reference interpreter\)/],
    ['cpu', /backend cpu \(wasm simd128[^)]*\d+ threads?\)/],
  ])('names the device of backend %s', (backend, device) => {
    const run = nnc(['train', PLANAR, '--data', FLOWER, '--iterations', '2', '--backend', backend]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(device);
  });

  it('names it for streamed data too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-stream-'));
    const model = join(dir, 'mb.nn');
    writeFileSync(model, 'model mb {\n  input 2\n  dense 4 tanh\n  dense 1 sigmoid\n  loss binary_cross_entropy\n  init normal(0.5) seed 1\n  optimizer adam(learning_rate: 0.01)\n  train epochs 2 batch 50 report_every 1\n}\n');
    const run = nnc(['train', model, '--data', FLOWER, '--stream', '--backend', 'ts']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/streamed in blocks of .*, backend ts \(TypeScript loops, 1 thread\), f64$/);
  });
});
