export * from './divergence.js';
export * from './evaluate.js';
export * from './finite-check.js';
export * from './parameters-check.js';
export * from './parameters-file.js';
export * from './run-training.js';
export * from './stream-training.js';
