/**
 * The pieces of `npm run bench` (bench/): the analytic FLOP count against a hand computation,
 * the cost-agreement check against made-up costs on both sides of its tolerances, and the
 * harness end to end in quick mode on the planar workload (every contender in its own process,
 * from the same data and weights; the built packages, which `npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAgreement, TOLERANCE } from '../../bench/agreement.mjs';
import { CONTENDERS } from '../../bench/contenders.mjs';
import { stepFlops } from '../../bench/flops.mjs';
import { markdown, mergeRounds, summarizeWorkload } from '../../bench/report.mjs';
import { findWorkload, initialWeights, steps } from '../../bench/workloads.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('stepFlops', () => {
  it('counts a planar step (2-4-1, m = 400) as computed by hand', () => {
    const m = 400;
    // forward: Z1 = W1 X + b1 (2*4*2*m products, 4m adds), A1 = tanh (4m); Z2 = W2 A1 + b2 (2*1*4*m, m), A2 = sigmoid (m)
    const forward = 2 * 4 * 2 * m + 4 * m + 4 * m + (2 * 1 * 4 * m + m + m);
    // backward: dZ2 = A2 - Y (m); dW2 = dZ2 A1^T / m (2*4*m + 4); db2 (m + 1);
    // dA1 = W2^T dZ2 (2*4*m); dZ1 = dA1 * (1 - A1^2) (2*4*m); dW1 = dZ1 X^T / m (2*4*2*m + 8); db1 (4m + 4)
    const backward = m + (2 * 4 * m + 4) + (m + 1) + 2 * 4 * m + 2 * 4 * m + (2 * 8 * m + 8) + (4 * m + 4);
    const update = 2 * (8 + 4 + 4 + 1);
    const flops = stepFlops([2, 4, 1], m);
    expect(flops.forward).toBe(forward);
    expect(flops.backward).toBe(backward);
    expect(flops.update).toBe(34);
    expect(flops.total).toBe(32051);
    expect(flops.total).toBe(forward + backward + update);
    // products: W1 X, W2 A1, dZ2 A1^T, W2^T dZ2, dZ1 X^T (W1^T dZ1 is never needed)
    expect(flops.products).toBe(2 * m * (8 + 4 + 4 + 4 + 8));
  });

  it('counts the three products of each layer but the first, whose input gradient is not needed', () => {
    const [n, m] = [[12288, 20, 7, 5, 1], 209];
    let macs = 0;
    for (let l = 1; l < n.length; l++) macs += (l === 1 ? 2 : 3) * n[l] * n[l - 1] * m;
    expect(stepFlops(n, m).products).toBe(2 * macs);
    // logreg 12288-1, m = 209: W X + b and sigmoid (2*12288*209 + 2*209), dZ = A - Y (209),
    // dW = dZ X^T / m (2*12288*209 + 12288), db (209 + 1), update 2 * 12289
    expect(stepFlops([12288, 1], 209).total).toBe(10_310_471);
  });
});

describe('checkAgreement', () => {
  const c = 0.3743616002;
  it('takes the median of the f64 costs as the reference and accepts costs within their tolerance', () => {
    const result = checkAgreement([
      { id: 'a', precision: 'f64', finalCost: c },
      { id: 'b', precision: 'f64', finalCost: c * (1 + 1e-15) },
      { id: 'c', precision: 'f64', finalCost: c * (1 - 5e-10) },
      { id: 'd', precision: 'f32', finalCost: c * (1 + 9e-4) },
    ]);
    expect(result.reference).toBe(c);
    expect(result.ok).toBe(true);
    expect(result.rows.map((r) => r.ok)).toEqual([true, true, true, true]);
  });

  it('flags an f64 cost 2e-9 away, an f32 cost 2e-3 away and a NaN', () => {
    const result = checkAgreement([
      { id: 'a', precision: 'f64', finalCost: c },
      { id: 'b', precision: 'f64', finalCost: c },
      { id: 'c', precision: 'f64', finalCost: c * (1 + 2e-9) },
      { id: 'd', precision: 'f32', finalCost: c * (1 - 2e-3) },
      { id: 'e', precision: 'f32', finalCost: NaN },
      { id: 'f', precision: 'f32', finalCost: c * (1 + 1e-4) },
    ]);
    expect(result.ok).toBe(false);
    expect(result.rows.map((r) => r.ok)).toEqual([true, true, false, false, false, true]);
    expect(result.rows[2].relative).toBeCloseTo(2e-9, 15);
    expect(TOLERANCE).toEqual({ f64: 1e-9, f32: 1e-3 });
  });

  it('falls back to the f32 costs when no f64 contender ran, and one wrong f32 cost does not move it', () => {
    const result = checkAgreement([
      { id: 'a', precision: 'f32', finalCost: 0.5 },
      { id: 'b', precision: 'f32', finalCost: 0.5001 },
      { id: 'c', precision: 'f32', finalCost: 0.9 },
    ]);
    expect(result.reference).toBe(0.5001);
    expect(result.rows.map((r) => r.ok)).toEqual([true, true, false]);
  });
});

describe('mergeRounds', () => {
  const [ts, wasm, numpy] = ['nnc-ts-f64', 'nnc-wasm-f64', 'numpy-f64'].map((id) => CONTENDERS.find((c) => c.id === id)!);
  const result = (msPerStep: number[], finalCost: number, maxRssBytes: number) => ({ device: 'd', msPerStep, finalCost, maxRssBytes, rssBeforeTraining: 1, loadMs: 5 });

  it('pools the samples of every round, keeps the worst peak memory and the cost farthest from the first round', () => {
    const merged = mergeRounds([
      [{ contender: ts, result: result([3, 1], 0.5, 10) }, { contender: numpy, result: result([2], 0.25, 7) }],
      [{ contender: ts, result: result([2], 0.5, 30) }, { contender: numpy, result: result([4], 0.26, 9) }],
      [{ contender: ts, result: result([9, 8], 0.5, 20) }, { contender: numpy, result: result([1], 0.2501, 8) }],
    ]);
    expect(merged.map((r) => r.contender.id)).toEqual(['nnc-ts-f64', 'numpy-f64']);
    expect(merged[0].result.msPerStep).toEqual([3, 1, 2, 9, 8]);
    expect(merged[0].result.maxRssBytes).toBe(30);
    expect(merged[0].result.finalCost).toBe(0.5);
    expect(merged[0].result.roundCosts).toEqual([0.5, 0.5, 0.5]);
    expect(merged[1].result.finalCost).toBe(0.26);
    expect(merged[1].result.roundCosts).toEqual([0.25, 0.26, 0.2501]);
    // The pooled median: 3 of [1, 2, 3, 8, 9].
    const summary = summarizeWorkload(findWorkload('planar'), merged);
    expect(summary.rows[0].medianMs).toBe(3);
    expect(summary.rows[1].roundCosts).toEqual([0.25, 0.26, 0.2501]);
  });

  it('counts a contender that failed or was skipped in any round as failed or skipped', () => {
    const merged = mergeRounds([
      [{ contender: ts, result: result([1], 0.5, 1) }, { contender: wasm, result: result([1], 0.5, 1) }],
      [{ contender: ts, error: 'exit 1: boom' }, { contender: wasm, skipped: 'no wasm' }],
    ]);
    expect(merged.map((r) => [r.result, r.error, r.skipped])).toEqual([
      [undefined, 'exit 1: boom', undefined],
      [undefined, undefined, 'no wasm'],
    ]);
  });
});

describe('workloads', () => {
  it('gives every contender the same step count and the course flower weights (randn * 0.01, seed 2)', () => {
    const planar = findWorkload('planar');
    expect(steps(planar.quick)).toBe((planar.quick.warmup + planar.quick.samples + 1) * planar.quick.perGroup);
    const [first] = initialWeights(planar);
    // np.random.seed(2); np.random.randn(4, 2) * 0.01, as the course's initialize_parameters prints
    // (printed by numpy 2.4.6)
    expect(Array.from(first.W)).toEqual([
      -0.004167578474054706, -0.0005626682722632948, -0.02136196095668454, 0.016402708084049887, -0.017934355851948632,
      -0.00841747365656204, 0.005028814171580428, -0.012452880866072316,
    ]);
  });
});

describe('npm run bench --quick, planar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnc-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every contender from the same data and weights, and their costs agree', { timeout: 120_000 }, () => {
    if (!existsSync(join(ROOT, 'packages/compiler/dist/index.js'))) throw new Error('packages/*/dist missing: build first with `npx tsc -b` (npm test does)');
    const out = join(dir, 'planar.json');
    const run = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--only', 'planar', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(run.stderr).not.toMatch(/FAILED/);
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.ok).toBe(true);
    const [planar] = report.workloads;
    expect(planar.name).toBe('planar');
    expect(planar.flops.total).toBe(32051);
    const numpySkipped = typeof report.numpy === 'string' && report.numpy.startsWith('skipped');
    const ran = planar.rows.filter((r: { medianMs?: number }) => r.medianMs !== undefined);
    expect(ran.map((r: { id: string }) => r.id).sort()).toEqual(
      CONTENDERS.map((c) => c.id)
        .filter((id) => !(numpySkipped && id.startsWith('numpy')))
        .sort(),
    );
    for (const row of ran) {
      expect(row.agrees, row.id).toBe(true);
      expect(row.msPerStep).toHaveLength(planar.schedule.samples);
      expect(row.gflops).toBeCloseTo(32051 / (row.medianMs * 1e6), 12);
      expect(row.maxRssBytes).toBeGreaterThan(10 * 2 ** 20);
    }
    // The same f64 numbers give the same cost whatever computes it, to far better than the tolerance.
    const f64 = ran.filter((r: { precision: string }) => r.precision === 'f64').map((r: { finalCost: number }) => r.finalCost);
    expect(Math.max(...f64) - Math.min(...f64)).toBeLessThan(1e-13);
    expect(planar.compiled.map((t: { kind: string; precision: string }) => `${t.kind} ${t.precision}`).sort()).toEqual(['ts f32', 'ts f64', 'wasm f32', 'wasm f64']);
    expect(run.stdout).toMatch(/\| planar 2-4-1 tanh, m=400 \| nnc wasm f64 1 thread \| /);

    // One contender's cost moved by 1e-6 (relative) is marked loudly in the table.
    const runs = ran.map((r: { id: string; msPerStep: number[]; finalCost: number; maxRssBytes: number; device: string }) => ({
      contender: CONTENDERS.find((c) => c.id === r.id)!,
      result: { ...r, finalCost: r.id === 'nnc-ts-f64' ? r.finalCost * (1 + 1e-6) : r.finalCost },
    }));
    const skewed = summarizeWorkload(findWorkload('planar'), runs);
    expect(skewed.ok).toBe(false);
    expect(skewed.rows.filter((r: { agrees?: boolean }) => r.agrees === false).map((r: { id: string }) => r.id)).toEqual(['nnc-ts-f64']);
    expect(markdown([skewed])).toMatch(/nnc TS f64 1 thread \|.*\*\*NO: 1\.0e-6 > 1e-9\*\*/);
  });

  it('with --rounds 2 runs each contender twice, pools their samples, and the nnc costs are the same bits', { timeout: 120_000 }, () => {
    const out = join(dir, 'rounds.json');
    const run = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--rounds', '2', '--only', 'planar', '--contenders', 'nnc-ts-f64,nnc-wasm-threads-f64', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.match(/round [12]\/2\) nnc-[a-z-]+64/g)).toEqual(['round 1/2) nnc-ts-f64', 'round 1/2) nnc-wasm-threads-f64', 'round 2/2) nnc-wasm-threads-f64', 'round 2/2) nnc-ts-f64']);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.rounds).toBe(2);
    const [planar] = report.workloads;
    for (const row of planar.rows) {
      expect(row.msPerStep, row.id).toHaveLength(2 * planar.schedule.samples);
      expect(row.roundCosts, row.id).toHaveLength(2);
      expect(row.roundCosts[1], row.id).toBe(row.roundCosts[0]);
    }
    expect(run.stdout).toMatch(/pooled over 2 interleaved rounds/);
  });
});

describe('npm run bench:profile', () => {
  it('places the samples of a planar step in its kernels, by their comments (TS) and functions (wasm)', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['bench/profile.mjs', 'planar', '--steps', '3000', '--top', '40'], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const tables = run.stdout.split(/\n(?=planar 2-4-1 tanh)/).filter((t) => t.includes('| where |'));
    expect(tables).toHaveLength(2);
    const rows = (table: string) =>
      table
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| where') && !line.startsWith('| ---'))
        .map((line) => line.split(' | '));
    const [ts, wasm] = tables.map(rows);
    // The forward product of the hidden layer is a kernel of both targets; shares add up to 100%.
    expect(ts.some(([where]) => where === '| A1 from W1 X')).toBe(true);
    expect(wasm.some(([where]) => where === '| A1 from W1 X [forward_0]')).toBe(true);
    for (const table of [ts, wasm]) {
      const total = table.reduce((sum, cells) => sum + Number.parseFloat(cells[2]), 0);
      expect(total).toBeGreaterThan(99);
      expect(total).toBeLessThan(101);
    }
  });
});
