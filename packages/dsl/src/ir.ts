// The dependency-free part of @nnc/dsl: the model IR and the parameters file format, which live in
// @nnc/model so that runtimes take them without the parser. Re-exported here for the compiler.
export * from '@nnc/model/ir';
