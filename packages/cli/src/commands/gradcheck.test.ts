import { describe, expect, it } from 'vitest';
import { example, nnc } from './run-cli.test-support.js';

describe('nnc gradcheck', () => {
  it("passes the course's gradient check on the flower network at its initial weights", async () => {
    const result = await nnc('gradcheck', example('planar.nn'), '--data', example('data/planar_flower.csv'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('gradient check of planar on 32 examples at the initial weights (f64, epsilon 1e-7):');
    expect(lines.slice(2, 6).map((line) => line.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['W1', '8/8'],
      ['b1', '4/4'],
      ['W2', '4/4'],
      ['b2', '1/1'],
    ]);
    const overall = Number(/relative difference (\S+) < 2e-7$/.exec(lines[6])?.[1]);
    expect(overall).toBeGreaterThan(0);
    expect(overall).toBeLessThan(2e-7);
  });

  it('samples large tensors and checks an f32 model through its f64 twin', async () => {
    const result = await nnc('gradcheck', example('breast-cancer.nn'), '--data', example('data/breast_cancer.csv'), '--standardize', '--per-tensor', '50');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(f64, epsilon 1e-7)');
    expect(result.stdout).toMatch(/^ {2}W1 +50\/480 /m);
    expect(result.stdout).toMatch(/^the backward pass is right/m);
  });
});
