/** Compiles a ModelIR to TypeScript and loads it in-process (tests). */
import type { ModelIR } from '@nnc/dsl/ir';
import { emitTypeScript } from '../emit-typescript/emit-typescript.js';
import { loadCompiledModel } from '../load-compiled.js';
import type { CompiledModel } from '@nnc/model';
import { compile } from '../pipeline.js';

export function compileAndLoad(model: ModelIR): { source: string; model: CompiledModel } {
  const source = emitTypeScript(compile(model).schedule);
  return { source, model: loadCompiledModel(source).createModel() };
}
