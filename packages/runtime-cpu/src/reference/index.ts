export * from './activations.js';
export * from './batches.js';
export * from './losses.js';
export * from './optimizers.js';
export * from './reference-model.js';
