/**
 * The source text of ../wasm-runtime.ts without its exports and imports, for pasting into
 * generated WebAssembly modules.
 */
import { pastedDeclarations } from '../emit-typescript/pasted-source.js';

export function wasmRuntimeSource(): string {
  return pastedDeclarations('wasm-runtime.ts').map((d) => d.text).join('\n\n');
}
