// @nnc/model: what running a compiled nnc model needs, and nothing of the toolchain: the model IR
// and the parameters file format, the model API every backend implements, the argument checks
// and parameters-file handling shared with generated modules, the numpy-compatible random
// stream, the version brand and the loader of generated JavaScript. No dependencies.
export * from './ir.js';
export * from './model-api.js';
export * from './api-checks.js';
export * from './weights-file.js';
export * from './numpy-random.js';
export * from './version.js';
export * from './load-generated.js';
