import { describe, expect, it } from 'vitest';
import { compile } from '../pipeline.js';
import { buildModel } from '../testing/model-builder.js';
import { GraphBuilder } from './builder.js';
import type { Graph, Node } from './graph.js';
import { printGraph } from './print.js';
import { verifyGraph } from './verify.js';

function smallGraph(): Graph {
  const b = new GraphBuilder('f64');
  const X = b.add('input', [], { name: 'X', shape: [2, 'm'], onehot: false }, { name: 'X' });
  const W = b.add('param', [], { name: 'W1', shape: [3, 2] }, { name: 'W1' });
  const Z = b.add('matmul', [W, X], { transA: false, transB: false }, { name: 'Z1' });
  return b.finish([{ name: 'Z1', role: 'prediction', node: Z }]);
}

describe('verifyGraph', () => {
  it('accepts every stage of the pipeline', () => {
    const model = buildModel({ sizes: [2, 3, 2], activations: ['leaky_relu', 'softmax'], loss: 'categorical_cross_entropy', l2: 0.1, optimizer: { kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-8 } });
    for (const graph of Object.values(compile(model).graphs)) expect(verifyGraph(graph)).toEqual([]);
  });

  it('reports wrong shapes, inputs used before definition and gradients of the wrong shape', () => {
    const graph = smallGraph();
    const [X, W, Z] = graph.nodes;
    const badShape: Graph = { ...graph, nodes: [X, W, { ...Z, shape: [3, 3] } as Node] };
    expect(verifyGraph(badShape)).toEqual(['%2 (matmul): shape [3,3], the op table says [3,m]']);
    const badOrder: Graph = { ...graph, nodes: [X, W, { ...Z, inputs: [1, 2] } as Node] };
    expect(verifyGraph(badOrder)).toEqual(['%2 (matmul): an input is not defined before the node']);
    const badGradient: Graph = { ...graph, outputs: [...graph.outputs, { name: 'dW1', role: 'gradient', node: 0, target: 'W1' }] };
    expect(verifyGraph(badGradient)).toEqual(['output dW1: shape [2,m] differs from W1']);
  });
});

describe('printGraph', () => {
  it('prints one equation per line with names, types and attributes', () => {
    expect(printGraph(smallGraph())).toBe(
      ['X:f64[2,m] = input', 'W1:f64[3,2] = param', 'Z1:f64[3,m] = matmul W1 X', 'out prediction Z1 = Z1', ''].join('\n'),
    );
  });
});
