export * from './model-api.js';
export * from './numpy-random.js';
export * from './ir/index.js';
export { compile, compileGraphs, isPassName, PASSES, type CompileOptions, type CompileResult, type PassName } from './pipeline.js';
export * from './emit-typescript/index.js';
export * from './gradient-check.js';
