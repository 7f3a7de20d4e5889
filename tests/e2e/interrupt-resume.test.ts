/**
 * Interrupted and resumed runs through the built CLI (issue 11 items 1-2, issue 12 item 6):
 * SIGINT, SIGTERM and SIGHUP stop `nnc train` at a step boundary with the checkpoint written
 * there and the --save file marked partial, exit 130 / 143 / 129, and resuming from that
 * checkpoint to the run's total ends with a weights file byte-identical to an uninterrupted
 * run's, for full-batch iterations and for epochs of mini-batches. Also: the total stays the
 * total on --resume, long runs report at most about 20 times, and --early-stopping keeps the
 * best report's parameters.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseParametersFile } from '@nnc/runtime-cpu';
import { nnc, nncSignalled, requireBuild, ROOT } from '../support/built-cli.js';

const PLANAR = join(ROOT, 'examples/planar.nn');
const SOFTMAX = join(ROOT, 'examples/softmax.nn');
const FLOWER = join(ROOT, 'examples/data/planar_flower.csv');
const SPECIES = join(ROOT, 'examples/data/three_species.csv');

beforeAll(requireBuild);

const flower = ['--data', FLOWER, '--label', 'y', '--backend', 'ts'];
const species = ['--data', SPECIES, '--label', 'species', '--standardize', '--holdout', '0.2', '--backend', 'ts'];

function stepOf(path: string, sizes: readonly number[]): number {
  const result = parseParametersFile(readFileSync(path, 'utf8'), path, sizes);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.parameters.optimizerState?.step ?? -1;
}

const ok = (args: string[]) => {
  const run = nnc(args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run;
};

describe.each([
  ['SIGINT', 130, 'full batch', PLANAR, flower, [2, 4, 1], /^iteration\s+2000\s/m, 1000],
  ['SIGTERM', 143, 'epochs of mini-batches', SOFTMAX, species, [4, 8, 3], /^iteration\s+600\s/m, 300],
] as const)('%s (exit %d) on %s', (signal, code, _kind, model, data, sizes, when, more) => {
  it('stops at a step boundary with the checkpoint and a partial --save, and resumes to the total byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-signal-'));
    const [checkpoint, partial] = [join(dir, 'ck.json'), join(dir, 'partial.json')];
    // --checkpoint-every far beyond where the signal comes: the checkpoint is the one written at the stop
    const run = await nncSignalled(
      ['train', model, ...data, '--iterations', '100000000', '--report-every', String(model === PLANAR ? 1000 : 20), '--checkpoint', checkpoint, '--checkpoint-every', '50000000', '--save', partial],
      signal,
      when,
    );
    expect(run.signalled).toBe(true);
    expect(run.code).toBe(code);
    const stopped = /^nnc: stopped by (SIG\w+) at iteration (\d+) of 100000000$/m.exec(run.stderr);
    expect(stopped?.[1]).toBe(signal);
    const step = Number(stopped?.[2]);
    expect(run.stderr).toContain(`nnc: checkpoint written to ${checkpoint}; continue with --resume ${checkpoint}\n`);
    expect(run.stderr).toContain(`nnc: saved the parameters so far to ${partial}, marked partial`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(stepOf(checkpoint, sizes)).toBe(step);
    const saved = JSON.parse(readFileSync(partial, 'utf8')) as { training: { iterations: number; partial?: boolean } };
    expect(saved.training).toMatchObject({ iterations: step, partial: true });

    // The total is the total: resumed to step + more, and straight to step + more.
    const total = String(step + more);
    const [resumed, straight] = [join(dir, 'resumed.json'), join(dir, 'straight.json')];
    const again = ok(['train', model, ...data, '--resume', checkpoint, '--iterations', total, '--save', resumed]);
    expect(again.stdout).toContain(`resuming at iteration ${step} of ${total}\n`);
    expect(again.stdout).toMatch(new RegExp(`^trained ${more} iterations in `, 'm'));
    ok(['train', model, ...data, '--iterations', total, '--save', straight]);
    expect(readFileSync(resumed)).toEqual(readFileSync(straight));
  }, 240_000);
});

describe('SIGHUP (exit 129) without a checkpoint', () => {
  it('says that no checkpoint was asked for', async () => {
    const run = await nncSignalled(['train', PLANAR, ...flower, '--iterations', '100000000', '--report-every', '1000'], 'SIGHUP', /^iteration\s+1000\s/m);
    expect(run.code).toBe(129);
    expect(run.stderr).toMatch(/^nnc: SIGHUP: stopping at the next step boundary .*\nnnc: stopped by SIGHUP at iteration \d+ of 100000000\nnnc: no checkpoint was asked for \(--checkpoint FILE keeps one\)\n$/);
  });
});

describe('the length rule', () => {
  it("resumes a checkpoint to the model's total, not the total plus the checkpoint's steps", () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-total-'));
    const [checkpoint, resumed, straight] = ['ck.json', 'resumed.json', 'straight.json'].map((name) => join(dir, name));
    // softmax.nn: 200 epochs of 15 batches = 3000 iterations in all
    ok(['train', SOFTMAX, ...species, '--iterations', '1000', '--checkpoint', checkpoint]);
    const again = ok(['train', SOFTMAX, ...species, '--resume', checkpoint, '--save', resumed]);
    expect(again.stdout).toContain('resuming at iteration 1000 of 3000\n');
    expect(again.stdout).toMatch(/^trained 2000 iterations in /m);
    ok(['train', SOFTMAX, ...species, '--save', straight]);
    expect(readFileSync(resumed)).toEqual(readFileSync(straight));
    // a checkpoint at the total trains no further
    const done = ok(['train', SOFTMAX, ...species, '--resume', resumed]);
    expect(done.stdout).toContain(`${resumed} is at iteration 3000, the run's total is 3000: nothing left to train`);
    expect(done.stdout).toMatch(/^trained 0 iterations in /m);
  }, 240_000);

  it('reports at most about 20 times in a long run unless --report-every says otherwise', () => {
    const capped = ok(['train', PLANAR, ...flower, '--iterations', '60000']);
    const reports = [...capped.stdout.matchAll(/^iteration\s+(\d+)\s+cost/gm)].map((m) => Number(m[1]));
    // report_every 1000 widened to 5000: the model's report points stay report points
    expect(capped.stdout).toContain('reporting every 5000 iterations (at most 20 report lines; --report-every N chooses)\n');
    expect(reports).toEqual(Array.from({ length: 12 }, (_, k) => 5000 * k));
    const chosen = ok(['train', PLANAR, ...flower, '--iterations', '3000', '--report-every', '250']);
    expect([...chosen.stdout.matchAll(/^iteration\s+(\d+)\s+cost/gm)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 12 }, (_, k) => 250 * k));
    // the published costs stay where the course prints them
    expect(chosen.stdout).toMatch(/^iteration 1000  cost 0\.288083$/m);
  }, 240_000);
});

describe('--early-stopping', () => {
  it('stops when the held-out cost has not improved for PATIENCE reports and keeps the best parameters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-early-'));
    const [best, straight] = [join(dir, 'best.json'), join(dir, 'straight.json')];
    const run = ok(['train', SOFTMAX, ...species, '--report-every', '1', '--early-stopping', '3', '--save', best]);
    const reports = [...run.stdout.matchAll(/^iteration\s+(\d+)\s+epoch\s+\d+\s+cost \S+  holdout cost (\S+)  accuracy \S+%$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const kept = /^early stopping at iteration (\d+): the held-out cost has not improved for 3 reports; keeping iteration (\d+) \(holdout cost (\S+)\)$/m.exec(run.stdout);
    expect(kept).not.toBeNull();
    const [stoppedAt, keptAt, keptCost] = [Number(kept?.[1]), Number(kept?.[2]), Number(kept?.[3])];
    expect(stoppedAt).toBeLessThan(3000);
    // the kept report has the lowest held-out cost of all, and three reports came after it
    const lowest = Math.min(...reports.map(([, cost]) => cost));
    expect(reports.find(([iteration]) => iteration === keptAt)?.[1]).toBe(lowest);
    expect(keptCost).toBe(lowest);
    expect(reports.at(-1)?.[0]).toBe(stoppedAt);
    expect(reports.filter(([iteration]) => iteration > keptAt)).toHaveLength(3);
    expect(run.stdout).toMatch(new RegExp(`^holdout cost ${kept?.[3]}, accuracy`, 'm'));
    // what was saved is what a plain run to the kept iteration gives
    ok(['train', SOFTMAX, ...species, '--iterations', String(keptAt), '--save', straight]);
    const [a, b] = [best, straight].map((path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
    expect(a.layers).toEqual(b.layers);
    expect(a.optimizerState).toEqual(b.optimizerState);
    expect(a.training).toMatchObject({ iterations: keptAt });
  }, 240_000);

  it('needs --holdout', () => {
    const run = nnc(['train', PLANAR, ...flower, '--early-stopping', '3']);
    expect([run.code, run.stderr]).toEqual([1, 'nnc: --early-stopping watches the held-out cost: give --holdout too (e.g. --holdout 0.2)\n']);
  });
});
