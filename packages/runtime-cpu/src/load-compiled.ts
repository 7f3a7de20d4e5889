/**
 * Running generated models without the compiler: `await loadGeneratedModule(javascript)` imports
 * the JavaScript of a generated module (`nnc compile model.nn -o model.js`) in-process and
 * checks its version brand (@nnc/model). Generated TypeScript is loaded by @nnc/compiler's
 * loadCompiledModel, which transpiles it first and checks the same brand.
 */
export { checkVersionBrand, generatedHeader, loadGeneratedModule, type GeneratedHeader, type LoadedModule } from '@nnc/model';
