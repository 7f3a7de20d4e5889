/**
 * Golden files: the generated code of every example model (examples/*.nn) is checked in under
 * packages/compiler/goldens/. Any difference fails; `UPDATE_GOLDENS=1` rewrites them. The goldens
 * must type-check under strict TypeScript and satisfy CompiledModel.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModel } from '@nnc/dsl';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { compile } from '../pipeline.js';
import { emitTypeScript, NNC_VERSION } from './emit-typescript.js';
import { checkGolden } from './goldens.test-support.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const goldens = fileURLToPath(new URL('../../goldens/', import.meta.url));
const update = process.env.UPDATE_GOLDENS === '1';
const names = readdirSync(examples)
  .filter((f) => f.endsWith('.nn'))
  .map((f) => f.slice(0, -3))
  .sort();

function generate(name: string): string {
  const text = readFileSync(`${examples}${name}.nn`, 'utf8');
  const { model, diagnostics } = parseModel(text, `${name}.nn`);
  if (model === null) throw new Error(`${name}.nn: ${diagnostics.map((d) => d.message).join('; ')}`);
  return emitTypeScript(compile(model).schedule, { nncVersion: NNC_VERSION });
}

describe('goldens', () => {
  it('exist for the example models', () => {
    expect(names).toEqual(expect.arrayContaining(['deep-cat', 'logistic', 'planar', 'regression', 'softmax']));
  });

  it.each(names)('%s.ts matches the generated code', (name) => {
    const path = `${goldens}${name}.ts`;
    const generated = generate(name);
    const result = checkGolden(path, generated, update);
    if (result.kind === 'missing') expect.fail(`${path} is missing; run with UPDATE_GOLDENS=1 to write it, then review and commit it`);
    if (result.kind === 'compared') expect(generated).toBe(result.golden);
  });

  it('fail when a golden is missing, unless UPDATE_GOLDENS=1 writes it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nnc-goldens-')), 'sub', 'new.ts');
    expect(checkGolden(path, 'text', false)).toEqual({ kind: 'missing' });
    expect(existsSync(path)).toBe(false);
    expect(checkGolden(path, 'text', true)).toEqual({ kind: 'written' });
    expect(checkGolden(path, 'other', false)).toEqual({ kind: 'compared', golden: 'text' });
  });

  it('type-check under strict TypeScript and satisfy CompiledModel', () => {
    const project = new Project({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts'],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        customConditions: ['@nnc/source'],
        types: [],
        skipLibCheck: true,
      },
      skipAddingFilesFromTsConfig: true,
    });
    const imports = names.map((name, i) => `import { createModel as create${i} } from './${name}.js';`);
    const checks = names.map((_, i) => `export const model${i}: CompiledModel = create${i}();`);
    project.addSourceFilesAtPaths(names.map((name) => `${goldens}${name}.ts`));
    project.createSourceFile(
      `${goldens}__check.ts`,
      [...imports, "import type { CompiledModel } from '@nnc/model';", ...checks].join('\n'),
    );
    const diagnostics = project.getPreEmitDiagnostics().map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n');
      return `${d.getSourceFile()?.getBaseName() ?? ''}:${d.getLineNumber() ?? 0} ${message}`;
    });
    expect(diagnostics).toEqual([]);
  }, 120_000);
});
