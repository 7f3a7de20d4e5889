// The model API, the random stream, the checks and the version brand live in @nnc/model (what a runtime needs).
export * from '@nnc/model';
export * from './ir/index.js';
export { compile, compileGraphs, isPassName, PASSES, type CompileOptions, type CompileResult, type PassName } from './pipeline.js';
export * from './emit-typescript/index.js';
export * from './gradient-check.js';
