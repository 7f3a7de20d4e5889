// The TypeScript backend (loads ts-morph, hence its own entry point '@nnc/compiler/emit-typescript').
export { emitTypeScript, NNC_VERSION, quote, type EmitOptions } from './emit-typescript.js';
export { loadCompiledModel, type LoadedModule, type LoadedTypeScriptModule, type ThreadedCompiledModel } from '../load-compiled.js';
export { toJavaScript, type JavaScriptModule } from './to-javascript.js';
