/**
 * Loads a generated WebAssembly model module (`emitWasmModule`) in-process: TypeScript's
 * `transpileModule` turns it into an ES module, imported from a data: URL (nothing is written
 * to disk and nothing runs through `new Function`). Fails closed like loadCompiledModel: text
 * without nnc's header, of another nnc version or with a syntax error is refused before anything runs.
 *
 * In Node 20, relaxed SIMD (fused multiply-add) sits behind a V8 flag; it is switched on here,
 * before the module compiles, when the engine does not validate it yet (Node 22+ has it on).
 */
import { ts } from 'ts-morph';
import { checkVersionBrand, generatedHeader, type CompiledModel } from '@nnc/model';
import { base64 } from './base64.js';

export interface WasmModelOptions {
  /** Threads for the large products (createModelAsync; default: the cores available). */
  readonly threads?: number;
}

/** A CompiledModel whose kernels are WebAssembly: it names what runs them and can stop its threads. */
export interface WasmCompiledModel extends CompiledModel {
  /** For example `wasm simd128 + relaxed fma, 2 threads`. */
  readonly target: string;
  dispose(): void;
}

export interface LoadedWasmModule {
  createModel(options?: WasmModelOptions): WasmCompiledModel;
  createModelAsync(options?: WasmModelOptions): Promise<WasmCompiledModel>;
  readonly exports: Readonly<Record<string, unknown>>;
}

/**
 * base64 of the smallest module that validates only where relaxed SIMD is available:
 * `(module (func (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))`.
 */
export const RELAXED_PROBE_BASE64 = 'AGFzbQEAAAABCAFgA3t7ewF7AwIBAAoNAQsAIAAgASAC/YUCCw==';
const RELAXED_PROBE = Uint8Array.from(atob(RELAXED_PROBE_BASE64), (c) => c.charCodeAt(0));

export async function enableRelaxedSimd(): Promise<boolean> {
  if (WebAssembly.validate(RELAXED_PROBE)) return true;
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(RELAXED_PROBE);
}

/**
 * The generated module as JavaScript (an ES module), refused like loadWasmModule refuses it: for a
 * page that runs the model in a Web Worker, which imports this text and needs no compiler.
 */
export function wasmModuleScript(source: string): string {
  checkVersionBrand(generatedHeader(source));
  const { outputText, diagnostics = [] } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, strict: true },
    reportDiagnostics: true,
  });
  if (diagnostics.length > 0) {
    const first = ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n');
    throw new Error(`refusing to run a generated module with ${diagnostics.length} syntax error(s): ${first}`);
  }
  return outputText;
}

export async function loadWasmModule(source: string): Promise<LoadedWasmModule> {
  const outputText = wasmModuleScript(source);
  await enableRelaxedSimd();
  const exports = (await import(/* @vite-ignore */ `data:text/javascript;base64,${base64(outputText)}`)) as Record<string, unknown>;
  const { createModel, createModelAsync } = exports;
  if (typeof createModel !== 'function' || typeof createModelAsync !== 'function') {
    throw new Error('the module does not export createModel() and createModelAsync()');
  }
  return {
    createModel: (options) => (createModel as (o?: WasmModelOptions) => WasmCompiledModel)(options),
    createModelAsync: (options) => (createModelAsync as (o?: WasmModelOptions) => Promise<WasmCompiledModel>)(options),
    exports,
  };
}
