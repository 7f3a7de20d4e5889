import { it } from 'vitest';
import { buildModel } from '../testing/model-builder.js';
import { compile } from '../pipeline.js';
import { emitTypeScript } from './emit-typescript.js';
import { writeFileSync } from 'node:fs';

it('emits', () => {
  const model = buildModel({ name: 'iris', sizes: [4, 8, 3], activations: ['relu', 'softmax'], loss: 'categorical_cross_entropy', l2: 0.5, optimizer: {kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8}, training: {batchSize: 16} });
  writeFileSync('/tmp/iris.ts', emitTypeScript(compile(model).schedule));
  const planar = buildModel({ name: 'planar', sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' });
  writeFileSync('/tmp/planar.ts', emitTypeScript(compile(planar).schedule));
});
