/**
 * Loads a generated TypeScript module in-process, without touching the disk: TypeScript's
 * `transpileModule` turns it into a CommonJS function body, which is evaluated with its own
 * `exports` object. Generated modules import nothing, so no `require` is provided.
 */
import { ts } from 'ts-morph';
import type { CompiledModel } from './model-api.js';

export interface LoadedModule {
  createModel(): CompiledModel;
  /** Every export of the module (meta, fromRows, Model ...). */
  readonly exports: Readonly<Record<string, unknown>>;
}

export function loadCompiledModel(source: string): LoadedModule {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true },
    reportDiagnostics: false,
  });
  const exports: Record<string, unknown> = {};
  const evaluate = new Function('exports', outputText) as (exports: Record<string, unknown>) => void;
  evaluate(exports);
  const createModel = exports.createModel;
  if (typeof createModel !== 'function') throw new Error('the module does not export createModel()');
  return { createModel: () => (createModel as () => CompiledModel)(), exports };
}
