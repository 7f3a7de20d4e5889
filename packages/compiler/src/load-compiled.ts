/**
 * Loads a generated TypeScript module in-process, without touching the disk: TypeScript's
 * `transpileModule` turns it into a CommonJS function body, which is evaluated with its own
 * `exports` object. Generated modules import nothing statically (createModelAsync imports node:os and
 * node:worker_threads dynamically, in Node), so no `require` is provided.
 *
 * It fails closed: text that does not start with nnc's generated-file header, or that has any
 * syntax error, is refused before anything runs. (User text reaches generated modules only as
 * escaped string literals and comment text, see emit-typescript/user-text.ts; this check is the
 * second line of defence.) A module of another nnc version is refused with the command that
 * regenerates it (the version brand, checkVersionBrand in @nnc/model).
 */
import { checkVersionBrand, generatedHeader, type CompiledModel, type LoadedModule } from '@nnc/model';
import { ts } from 'ts-morph';

export type { LoadedModule };

/** A CompiledModel of the TypeScript target: it names what runs its kernels and can stop its threads. */
export interface ThreadedCompiledModel extends CompiledModel {
  /** For example `TypeScript loops, 2 threads`. */
  readonly target: string;
  dispose(): void;
}

export interface LoadedTypeScriptModule extends LoadedModule {
  /** The module's createModelAsync: the large products on `threads` threads (default: the cores available). */
  createModelAsync(options?: { readonly threads?: number }): Promise<ThreadedCompiledModel>;
}

export function loadCompiledModel(source: string): LoadedTypeScriptModule {
  checkVersionBrand(generatedHeader(source));
  // A CommonJS body under Node16 rules keeps the module's import() of node:os and
  // node:worker_threads (createModelAsync's threads) an import(), which Function code may run.
  const { outputText, diagnostics = [] } = ts.transpileModule(source, {
    fileName: 'model.cts',
    compilerOptions: { module: ts.ModuleKind.Node16, target: ts.ScriptTarget.ES2022, strict: true },
    reportDiagnostics: true,
  });
  if (diagnostics.length > 0) {
    const first = ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n');
    throw new Error(`refusing to run a generated module with ${diagnostics.length} syntax error(s): ${first}`);
  }
  const exports: Record<string, unknown> = {};
  const evaluate = new Function('exports', outputText) as (exports: Record<string, unknown>) => void;
  evaluate(exports);
  const { createModel, createModelAsync } = exports;
  if (typeof createModel !== 'function') throw new Error('the module does not export createModel()');
  if (typeof createModelAsync !== 'function') throw new Error('the module does not export createModelAsync()');
  return {
    createModel: () => (createModel as () => CompiledModel)(),
    createModelAsync: (options = {}) => (createModelAsync as (o: { readonly threads?: number }) => Promise<ThreadedCompiledModel>)(options),
    exports,
  };
}
