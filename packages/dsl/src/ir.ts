// The dependency-free part of @nnc/dsl: the model IR and the parameters file format.
// Runtimes import from '@nnc/dsl/ir' so that they never load the parser.
export * from './model-ir.js';
export * from './parameters.js';
