import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { example, nnc } from './run-cli.test-support.js';

const GOLDENS = fileURLToPath(new URL('../../../compiler/goldens/explain/', import.meta.url));

afterEach(() => vi.restoreAllMocks());

/** A golden written for `<name>.nn`, with the path the test typed instead. */
const golden = (file: string, typed: string) => readFileSync(`${GOLDENS}${file}`, 'utf8').replaceAll('planar.nn', typed);

describe('nnc explain', () => {
  it('prints the flower network\'s equations, dZ[2] = A[2] - Y among them', async () => {
    const file = example('planar.nn');
    const result = await nnc('explain', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}dZ\[2\] = A\[2\] - Y +\(1, m\)$/m);
    expect(result.stdout).toBe(golden('planar.txt', file));
  });

  it('writes Markdown and LaTeX, and names the .nn lines with --with-source', async () => {
    const file = example('planar.nn');
    for (const [format, suffix] of [['markdown', 'md'], ['latex', 'tex'], ['text', 'with-source.txt']] as const) {
      const result = await nnc('explain', file, '--format', format, '--with-source');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(golden(`planar.${suffix}`, file));
    }
  });

  it('reports every problem of an invalid model as nnc check does, with exit code 1', async () => {
    const file = example('invalid/typos.nn');
    const result = await nnc('explain', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const expected = readFileSync(example('invalid/typos.expected'), 'utf8');
    expect(result.stderr).toBe(expected.replaceAll('examples/invalid/typos.nn', file));
  });

  it('refuses an unknown format and a missing file by name', async () => {
    const bad = await nnc('explain', example('planar.nn'), '--format', 'html');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("nnc: unknown format 'html'; expected text, markdown, latex\n");
    const missing = await nnc('explain', 'no/such.nn');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no/such.nn');
    expect(missing.stdout).toBe('');
  });

  it('has help that names the formats', async () => {
    const result = await nnc('explain', '--help');
    expect(result.stdout).toContain('--format <format>');
    expect(result.stdout).toContain('text, markdown, latex');
    expect(result.stdout).toContain('--with-source');
  });
});
