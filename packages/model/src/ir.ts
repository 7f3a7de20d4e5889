// The model IR and the parameters file format: what @nnc/dsl produces and re-exports as '@nnc/dsl/ir'.
export * from './model-ir.js';
export * from './parameters.js';
