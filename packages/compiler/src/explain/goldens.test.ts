/**
 * Goldens of `nnc explain` for every example model (examples/*.nn) in every format, checked in
 * under packages/compiler/goldens/explain/. Any difference fails; `UPDATE_GOLDENS=1` rewrites
 * them (review the diff: it is what a learner reads). Every LaTeX golden must render in KaTeX.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModel } from '@nnc/dsl';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkGolden } from '../emit-typescript/goldens.test-support.js';
import { explainModel, type ExplainOptions } from './index.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const goldens = fileURLToPath(new URL('../../goldens/explain/', import.meta.url));
const update = process.env.UPDATE_GOLDENS === '1';
const names = readdirSync(examples)
  .filter((f) => f.endsWith('.nn'))
  .map((f) => f.slice(0, -3))
  .sort();

const VARIANTS: readonly [suffix: string, options: ExplainOptions][] = [
  ['.txt', { format: 'text' }],
  ['.with-source.txt', { format: 'text', withSource: true }],
  ['.md', { format: 'markdown', withSource: true }],
  ['.tex', { format: 'latex', withSource: true }],
];

function explain(name: string, options: ExplainOptions): string {
  const text = readFileSync(`${examples}${name}.nn`, 'utf8');
  const { model, diagnostics } = parseModel(text, `${name}.nn`);
  if (model === null) throw new Error(`${name}.nn: ${diagnostics.map((d) => d.message).join('; ')}`);
  return explainModel(model, options);
}

describe('explain goldens', () => {
  it('cover the example models', () => {
    expect(names).toEqual(expect.arrayContaining(['deep-cat', 'logistic', 'planar', 'regression', 'softmax', 'breast-cancer']));
  });

  const cases = names.flatMap((name) => VARIANTS.map(([suffix, options]) => [`${name}${suffix}`, name, options] as const));
  it.each(cases)('%s matches', (file, name, options) => {
    const path = `${goldens}${file}`;
    const generated = explain(name, options);
    const result = checkGolden(path, generated, update);
    if (result.kind === 'missing') expect.fail(`${path} is missing; run with UPDATE_GOLDENS=1 to write it, then review and commit it`);
    if (result.kind === 'compared') expect(generated).toBe(result.golden);
  });

  it.each(names)('%s.tex renders in KaTeX', (name) => {
    const tex = readFileSync(`${goldens}${name}.tex`, 'utf8');
    const html = katex.renderToString(tex, { throwOnError: true, displayMode: true, strict: 'error' });
    expect(html).toContain('katex-display');
    expect(html).not.toContain('katex-error');
  });
});
