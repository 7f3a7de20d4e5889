// Test helpers shared with other packages: `import { randomModel } from '@nnc/compiler/testing'`.
export * from './model-builder.js';
export * from './random-models.js';
export * from './gradient-check.js';
export * from './compile-model.js';
