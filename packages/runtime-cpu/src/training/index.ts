export * from './divergence.js';
export * from './evaluate.js';
export * from './parameters-file.js';
export * from './run-training.js';
