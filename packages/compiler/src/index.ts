export * from './model-api.js';
export * from './numpy-random.js';
