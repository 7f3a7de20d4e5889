// The WebAssembly backend (loads ts-morph and wabt, hence its own entry point '@nnc/compiler/emit-wasm').
export { emitWasmModule, wasmBinaries } from './emit-wasm-module.js';
export { emitWat, wasmKernels, wasmLayout, type WasmLayout, type WatOptions } from './emit-wat.js';
export { enableRelaxedSimd, loadWasmModule, wasmModuleScript, type LoadedWasmModule, type WasmCompiledModel, type WasmModelOptions } from '../load-wasm.js';
