/**
 * Killed at random moments (issue 12, deliverable 8): `nnc train --checkpoint` is SIGKILLed 30
 * times at random delays, each run resuming from the checkpoint the previous one left. After
 * every kill the checkpoint is whole and loads; temporaries of writes the kills cut short are
 * removed by the next write; and the run finished from the last checkpoint ends bit-identical
 * to one that was never interrupted. The delays come from a seed printed with the test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseParametersFile } from '@nnc/runtime-cpu';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/nnc.js');
const KILLS = 30;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const dir = mkdtempSync(join(tmpdir(), 'nnc-sigkill-'));
const model = join(dir, 'sk.nn');
const data = join(dir, 'flower.csv');
const checkpoint = join(dir, 'checkpoint.json');

/** Starts `nnc train` and SIGKILLs it after `delay` ms (or when it ends by itself). */
function trainAndKill(args: string[], delay: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'train', model, '--data', data, ...args], { cwd: dir, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** Milliseconds from the start of `nnc train --checkpoint` to its first checkpoint (the run is then killed). */
function timeToFirstCheckpoint(): Promise<number> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'train', model, '--data', data, '--backend', 'ts', '--iterations', '1000000', '--checkpoint', checkpoint, '--checkpoint-every', '20'], { cwd: dir, stdio: 'ignore' });
    let elapsed = 60_000;
    const poll = setInterval(() => {
      if (existsSync(checkpoint) || performance.now() - started > 60_000) {
        elapsed = performance.now() - started;
        child.kill('SIGKILL');
      }
    }, 10);
    child.on('exit', () => {
      clearInterval(poll);
      done(elapsed);
    });
  });
}

/** The TypeScript backend throughout: it starts fastest, so the kills' delays cover training. */
function train(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, 'train', model, '--data', data, '--backend', 'ts', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

const stepOf = (path: string): number => {
  const result = parseParametersFile(readFileSync(path, 'utf8'), path, [2, 8, 1]);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.parameters.optimizerState?.step ?? -1;
};

describe('SIGKILL at random moments', () => {
  it(`keeps a loadable checkpoint through ${KILLS} kills and resumes to the uninterrupted result, bit for bit`, async () => {
    console.log(`sigkill seed ${SEED} (rerun with FUZZ_SEED=${SEED})`);
    writeFileSync(model, 'model sk {\n  input 2\n  dense 8 tanh\n  dense 1 sigmoid\n  loss binary_cross_entropy\n  init normal(0.5) seed 3\n  optimizer adam(learning_rate: 0.01)\n  train iterations 100 batch 32 report_every 1000\n}\n');
    copyFileSync(join(ROOT, 'examples/data/planar_flower.csv'), data);
    let state = SEED >>> 0;
    const uniform = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const steps: number[] = [];
    // Start-up takes about a second on a quiet machine, several on a loaded one: measured first
    // (the time to the first checkpoint), so that kills land in start-up, training and checkpoint
    // writes alike whatever the load.
    const startup = await timeToFirstCheckpoint();
    rmSync(checkpoint, { force: true });
    console.log(`first checkpoint after ${Math.round(startup)} ms`);
    for (let kill = 0; kill < KILLS; kill++) {
      const resume = existsSync(checkpoint) ? ['--resume', checkpoint] : [];
      await trainAndKill(['--backend', 'ts', '--iterations', '1000000', '--checkpoint', checkpoint, '--checkpoint-every', '20', ...resume], startup * (0.6 + 1.6 * uniform()));
      if (existsSync(checkpoint)) steps.push(stepOf(checkpoint));
    }
    const left = readdirSync(dir).filter((name) => name.endsWith('.tmp')).length;
    console.log(`checkpoint steps after each kill: ${steps.join(' ')}; ${left} temporary file(s) of cut writes left`);
    expect(steps.length).toBeGreaterThan(KILLS / 2);
    for (let k = 1; k < steps.length; k++) expect(steps[k]).toBeGreaterThanOrEqual(steps[k - 1]);

    // Finish 200 steps past the last checkpoint (--iterations is the run's total); train as far in one go; compare.
    const last = stepOf(checkpoint);
    const resumed = join(dir, 'resumed.json');
    train(['--resume', checkpoint, '--checkpoint', checkpoint, '--checkpoint-every', '20', '--iterations', String(last + 200), '--save', resumed]);
    const uninterrupted = join(dir, 'uninterrupted.json');
    train(['--iterations', String(last + 200), '--save', uninterrupted]);
    const [a, b] = [resumed, uninterrupted].map((path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
    expect(a.optimizerState).toEqual(b.optimizerState);
    expect(a.layers).toEqual(b.layers);
    expect(a.training).toEqual(b.training);
    // The writes of the finishing run removed what the kills left half-written.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 400_000);
});
