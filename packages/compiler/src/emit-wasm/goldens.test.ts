/**
 * Golden files of the WebAssembly target, for every example model (examples/*.nn), under
 * packages/compiler/goldens/wasm/: the kernels as WebAssembly text (`<name>.wat`, the
 * mul + add build over a private memory), and the host module (`<name>.wasm.ts`) with each
 * embedded binary replaced by its sha256 in the golden (the .wat golden shows what the binary
 * is; the hash pins the bytes). Any difference fails; `UPDATE_GOLDENS=1` rewrites them. The
 * host modules type-check under strict TypeScript (with the DOM's WebAssembly types) and their
 * createModel / createModelAsync return a CompiledModel.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModel } from '@nnc/dsl';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { NNC_VERSION } from '../emit-typescript/emit-typescript.js';
import { checkGolden } from '../emit-typescript/goldens.test-support.js';
import { compile } from '../pipeline.js';
import { emitWasmModule } from './emit-wasm-module.js';
import { emitWat } from './emit-wat.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const goldens = fileURLToPath(new URL('../../goldens/wasm/', import.meta.url));
const update = process.env.UPDATE_GOLDENS === '1';
const names = readdirSync(examples)
  .filter((f) => f.endsWith('.nn'))
  .map((f) => f.slice(0, -3))
  .sort();

function schedule(name: string) {
  const { model, diagnostics } = parseModel(readFileSync(`${examples}${name}.nn`, 'utf8'), `${name}.nn`);
  if (model === null) throw new Error(`${name}.nn: ${diagnostics.map((d) => d.message).join('; ')}`);
  return compile(model).schedule;
}

/** The module with every base64 binary replaced by `sha256:<hex>` (the golden's form). */
function hashBinaries(module: string): string {
  return module.replace(/^(\s+\w+: ')([A-Za-z0-9+/=]{40,})(',)$/gm, (_, head: string, data: string, tail: string) => {
    return `${head}sha256:${createHash('sha256').update(Buffer.from(data, 'base64')).digest('hex')}${tail}`;
  });
}

function expectGolden(path: string, generated: string): void {
  const result = checkGolden(path, generated, update);
  if (result.kind === 'missing') expect.fail(`${path} is missing; run with UPDATE_GOLDENS=1 to write it, then review and commit it`);
  if (result.kind === 'compared') expect(generated).toBe(result.golden);
}

describe('WebAssembly goldens', () => {
  it.each(names)('%s.wat matches the generated kernels', (name) => {
    expectGolden(`${goldens}${name}.wat`, emitWat(schedule(name), { fma: false, shared: false }));
  });

  it.each(names)('%s.wasm.ts matches the generated host module', async (name) => {
    expectGolden(`${goldens}${name}.wasm.ts`, hashBinaries(await emitWasmModule(schedule(name), { nncVersion: NNC_VERSION })));
  });

  it('host modules type-check under strict TypeScript and satisfy CompiledModel', async () => {
    const project = new Project({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        customConditions: ['@nnc/source'],
        types: [],
        skipLibCheck: true,
      },
      useInMemoryFileSystem: false,
      skipAddingFilesFromTsConfig: true,
    });
    const dir = `${goldens}__typecheck/`;
    for (const name of names) project.createSourceFile(`${dir}${name}.ts`, await emitWasmModule(schedule(name)), { overwrite: true });
    const imports = names.map((name, i) => `import { createModel as create${i}, createModelAsync as createAsync${i} } from './${name}.js';`);
    const checks = names.map((_, i) => `export const model${i}: CompiledModel = create${i}();\nexport const later${i}: Promise<CompiledModel> = createAsync${i}({ threads: 2 });`);
    project.createSourceFile(`${dir}__check.ts`, [...imports, "import type { CompiledModel } from '@nnc/model';", ...checks].join('\n'), { overwrite: true });
    const diagnostics = project.getPreEmitDiagnostics().map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n');
      return `${d.getSourceFile()?.getBaseName() ?? ''}:${d.getLineNumber() ?? 0} ${message}`;
    });
    expect(diagnostics).toEqual([]);
  }, 120_000);
});
