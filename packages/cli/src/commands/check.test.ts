import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { example, nnc } from './run-cli.test-support.js';

afterEach(() => vi.restoreAllMocks());

describe('nnc check', () => {
  it('prints the layer table, memory and FLOPs of a valid model', async () => {
    const file = example('planar.nn');
    const result = await nnc('check', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Memory and FLOPs worked out by hand (see packages/dsl/src/summary.test.ts).
    expect(result.stdout).toBe(`model 'planar' (${file}) is valid

layer      units  activation  W       b       parameters
0 (input)      2
1              4  tanh        (4, 2)  (4, 1)          12
2              1  sigmoid     (1, 4)  (1, 1)           5
total                                                 17

loss binary_cross_entropy, optimizer gradient_descent(learning_rate: 1.2)
init normal(scale: 0.01) seed 2, precision f64
training: 10,000 iterations, full batch, cost reported every 1,000 iterations

memory (f64, 8 bytes per number; 1,000 examples, 1,000 per iteration):
  parameters                     136 B
  gradients                      136 B
  optimizer state                  0 B
  activations      96,000 B (93.8 KiB)

FLOPs per training iteration (1,000 examples):
  forward    37,000
  backward   63,017
  update         34
  total     100,051
`);
  });

  it('says that report_every counts epochs for a model trained in epochs', async () => {
    const result = await nnc('check', example('softmax.nn'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('training: 200 epochs, batches of 16, cost reported every 20 epochs\n');
  });

  it('takes the number of examples from --examples', async () => {
    const result = await nnc('check', example('deep-cat.nn'), '--examples', '209');
    expect(result.code).toBe(0);
    // 245,973 parameters * 8 bytes; activations (12288 + 2*(20+7+5+1)) * 209 * 8
    expect(result.stdout).toContain('  parameters         1,967,784 B (1.9 MiB)\n');
    expect(result.stdout).toContain('  activations      20,655,888 B (19.7 MiB)\n');
    expect(result.stdout).toMatch(/^total +245,973$/m);
  });

  it('prints every diagnostic of an invalid model on stderr and exits with 1', async () => {
    const file = example('invalid/typos.nn');
    const result = await nnc('check', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const expected = readFileSync(example('invalid/typos.expected'), 'utf8');
    expect(result.stderr).toBe(expected.replaceAll('examples/invalid/typos.nn', file));
  });

  it('prints warnings along with the errors', async () => {
    const result = await nnc('check', example('invalid/missing.nn'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('warning NNC060: shuffle_seed has no effect with full-batch training');
    expect(result.stderr.endsWith('\n4 errors, 1 warning\n')).toBe(true);
  });

  it('succeeds with warnings only, printing them and the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-check-'));
    const file = join(dir, 'warn.nn');
    writeFileSync(file, readFileSync(example('planar.nn'), 'utf8').replace('report_every 1000', 'report_every 1000 shuffle_seed 4'));
    try {
      const result = await nnc('check', file);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(`${file}:9:44: warning NNC060: shuffle_seed has no effect with full-batch training
  9 |   train iterations 10000 report_every 1000 shuffle_seed 4
    |                                            ^^^^^^^^^^^^^^
  help: add \`batch N\` to train on shuffled mini-batches, or remove shuffle_seed

0 errors, 1 warning
`);
      expect(result.stdout).toContain("model 'planar'");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('says clearly when the file does not exist', async () => {
    const result = await nnc('check', 'no-such-model.nn');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'nnc: cannot read no-such-model.nn: no such file or directory\n' });
  });

  it('rejects a bad --examples', async () => {
    const result = await nnc('check', example('planar.nn'), '--examples', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("argument '0' is invalid. expected a positive integer, got '0'");
  });
});
