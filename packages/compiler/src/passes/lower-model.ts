/**
 * ModelIR -> forward graph, in the course's notation:
 *   Z[l] = W[l] A[l-1] + b[l],  A[l] = g[l](Z[l]),  A[0] = X
 *   J = (1/m) sum_all(loss(A[L], Y)) + (lambda / (2m)) sum_l sum_all(W[l]^2)
 * The loss ops are per-element terms (bce, cce, mse); the L2 term is part of J, so its
 * gradient (lambda/m) W comes out of the backward pass like any other.
 */
import { layerSizes, type Activation, type LossKind, type ModelIR } from '@nnc/dsl/ir';
import { GraphBuilder } from '../ir/builder.js';
import type { Graph, NodeId, Span } from '../ir/graph.js';
import type { OpKind } from '../ir/ops.js';

const LOSS_OPS: Record<LossKind, OpKind & ('bce' | 'cce' | 'mse')> = {
  binary_cross_entropy: 'bce',
  categorical_cross_entropy: 'cce',
  mean_squared_error: 'mse',
};

export function lowerModel(model: ModelIR): Graph {
  const b = new GraphBuilder(model.precision);
  const sizes = layerSizes(model);
  const X = b.add('input', [], { name: 'X', shape: [sizes[0], 'm'], onehot: false }, { name: 'X', span: model.span });
  let A = X;
  const weights: NodeId[] = [];
  for (const layer of model.layers) {
    const l = layer.index;
    const span = layer.span;
    const W = b.add('param', [], { name: `W${l}`, shape: [sizes[l], sizes[l - 1]] }, { name: `W${l}`, span });
    const bias = b.add('param', [], { name: `b${l}`, shape: [sizes[l], 1] }, { name: `b${l}`, span });
    weights.push(W);
    const product = b.add('matmul', [W, A], { transA: false, transB: false }, { span });
    const Z = b.add('add', [product, bias], {}, { name: `Z${l}`, span });
    A = activate(b, Z, layer.activation, span, `A${l}`);
  }
  const L = model.layers.length;
  const Y = b.add(
    'input',
    [],
    { name: 'Y', shape: [sizes[L], 'm'], onehot: model.loss === 'categorical_cross_entropy' },
    { name: 'Y', span: model.span },
  );
  const span = model.statementSpans.loss;
  const terms = b.add(LOSS_OPS[model.loss], [A, Y], {}, { span });
  const loss = b.add('mul', [b.add('sum_all', [terms], {}, { span }), b.constant(1, [], -1)], {}, { span });
  let J = loss;
  if (model.l2 > 0) {
    const norms = weights
      .map((W) => b.add('sum_all', [b.add('square', [W], {}, { span })], {}, { span }))
      .reduce((sum, norm) => b.add('add', [sum, norm], {}, { span }));
    J = b.add('add', [loss, b.add('mul', [norms, b.constant(model.l2 / 2, [], -1)], {}, { span })], {}, { span });
  }
  b.name(J, 'J');
  return b.finish([
    { name: `A${L}`, role: 'prediction', node: A },
    { name: 'J', role: 'cost', node: J },
  ]);
}

function activate(b: GraphBuilder, Z: NodeId, activation: Activation, span: Span, name: string): NodeId {
  switch (activation.kind) {
    case 'linear':
      return Z;
    case 'leaky_relu':
      return b.add('leaky_relu', [Z], { slope: activation.slope }, { name, span });
    default:
      return b.add(activation.kind, [Z], {}, { name, span });
  }
}
