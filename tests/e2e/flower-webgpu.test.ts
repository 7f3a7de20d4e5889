/**
 * `nnc train --backend webgpu` on the flower data: the same report lines as the CPU backend, within
 * f32 rounding of the published costs. Needs a WebGPU adapter (SwiftShader in CI: there a missing
 * adapter fails the run; elsewhere the test skips and says how to get one).
 */
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

const gpu = await deviceForTests();
gpu?.device.destroy();

describe.skipIf(gpu === null)('nnc train examples/planar.nn --backend webgpu', () => {
  it('reports the published costs at iterations 0 and 1000 to f32 accuracy', async () => {
    const data = repoPath('examples/data/planar_flower.csv');
    const run = await runCli(['train', repoPath('examples/planar.nn'), '--data', data, '--label', 'y', '--backend', 'webgpu', '--iterations', '1001']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("nnc: warning: model 'planar' asks for f64; the webgpu backend computes in f32\n");
    expect(run.stdout).toContain('backend webgpu');
    const costs = [...run.stdout.matchAll(/^iteration\s+(\d+)\s+cost (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(costs.map(([iteration]) => iteration)).toEqual([0, 1000]);
    expect(costs[0][1]).toBeCloseTo(0.693048, 5);
    expect(costs[1][1]).toBeCloseTo(0.288083, 5);
    const accuracy = Number(/^training cost \S+, accuracy ([\d.]+)%$/m.exec(run.stdout)?.[1]);
    expect(accuracy).toBeGreaterThan(88);
  });
});
