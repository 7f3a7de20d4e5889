import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { example, nnc } from './run-cli.test-support.js';

const GOLDENS = fileURLToPath(new URL('../../../compiler/goldens/', import.meta.url));

let dir = '';
afterEach(() => {
  vi.restoreAllMocks();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('nnc compile', () => {
  it('writes the generated TypeScript module (the same bytes as the golden file)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nnc-compile-'));
    const out = join(dir, 'planar.ts');
    const result = await nnc('compile', example('planar.nn'), '-o', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(`${GOLDENS}planar.ts`, 'utf8'));
  });

  it('prints the IR after a pass', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nnc-compile-'));
    const result = await nnc('compile', example('planar.nn'), '-o', join(dir, 'p.ts'), '--dump-ir=after:simplify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# after simplify');
    expect(result.stdout).toContain('dZ2:f64[1,m] = sub A2 Y');
    expect(result.stdout).toMatch(/Z1:f64\[4,m\] = add b1 %\d+ +# \S*planar\.nn:4:3 dense 4 tanh/);
    // the cost points at the loss statement, the backward equations at their layer
    expect(result.stdout).toMatch(/^J:f64\[\] = mul %\d+ 1\/m +# \S*planar\.nn:6:3 loss binary_cross_entropy$/m);
    expect(result.stdout).toMatch(/^dZ1:f64\[4,m\] = mul dA1 %\d+ +# \S*planar\.nn:4:3 dense 4 tanh$/m);
  });

  it('rejects an unknown pass and reports model errors with exit code 1', async () => {
    const bad = await nnc('compile', example('planar.nn'), '--dump-ir=after:nothing');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--dump-ir expects 'all' or 'after:<pass>'");
    const invalid = await nnc('compile', example('invalid/does-not-exist.nn'));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^nnc: cannot read/);
  });

  it('reports a model with errors as nnc check does, every command alike, and writes nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nnc-compile-'));
    const check = await nnc('check', example('invalid/typos.nn'));
    expect(check.code).toBe(1);
    expect(check.stderr).toBe(readFileSync(example('invalid/typos.expected'), 'utf8').replaceAll('examples/invalid/typos.nn', example('invalid/typos.nn')));
    const out = join(dir, 'typos.ts');
    const compile = await nnc('compile', example('invalid/typos.nn'), '-o', out);
    expect(compile.code).toBe(1);
    expect(compile.stderr).toBe(check.stderr);
    expect(() => readFileSync(out)).toThrow();
    const train = await nnc('train', example('invalid/typos.nn'), '--data', example('data/planar_flower.csv'));
    expect(train.code).toBe(1);
    expect(train.stderr).toBe(check.stderr);
  });
});
