// Test helpers for other packages: `import { makeModel } from '@nnc/runtime-cpu/testing'`.
export * from './make-model.js';
