/**
 * In-process loading of generated TypeScript models: `loadCompiledModel(source).createModel()`
 * transpiles the module in memory (no disk) and returns a CompiledModel. Implemented in
 * @nnc/compiler next to the emitter (whose tests need it); re-exported here for runtime users.
 */
export { loadCompiledModel, type LoadedModule } from '@nnc/compiler/emit-typescript';
