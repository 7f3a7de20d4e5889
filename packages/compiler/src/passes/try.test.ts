import { it } from 'vitest';
import { buildModel } from '../testing/model-builder.js';
import { compile } from '../pipeline.js';

it('prints', () => {
  for (const [acts, loss, opt] of [[['tanh', 'sigmoid'], 'binary_cross_entropy', 'gradient_descent'], [['relu', 'softmax'], 'categorical_cross_entropy', 'adam'], [['relu','linear'],'mean_squared_error', 'momentum']] as const) {
    const optimizer = opt === 'adam' ? {kind: opt, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8} as const : opt === 'momentum' ? {kind: opt, learningRate: 0.1, beta: 0.9} as const : {kind: opt, learningRate: 0.1} as const;
    const model = buildModel({ sizes: [2, 4, 3], activations: acts, loss, l2: 0.5, optimizer });
    const r = compile(model, { dumpAfter: ['fuse-elementwise', 'schedule'] });
    console.log([...r.dumps.values()].join('\n'));
  }
});
