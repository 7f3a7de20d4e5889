export * from './csv.js';
export * from './dataset.js';
export * from './from-rows.js';
export * from './json.js';
export * from './labels.js';
export * from './npy.js';
export * from './split.js';
export * from './standardization.js';
