export * from './atomic-write.js';
export * from './data/index.js';
export * from './reference/index.js';
export * from './training/index.js';
export * from './load-compiled.js';
