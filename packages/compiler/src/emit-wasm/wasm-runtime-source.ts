/**
 * The source text of ../worker-threads.ts and ../wasm-runtime.ts without their exports and
 * imports, for pasting into generated WebAssembly modules.
 */
import { pastedDeclarations } from '../emit-typescript/pasted-source.js';

export function wasmRuntimeSource(): string {
  return [...pastedDeclarations('worker-threads.ts'), ...pastedDeclarations('wasm-runtime.ts')].map((d) => d.text).join('\n\n');
}
