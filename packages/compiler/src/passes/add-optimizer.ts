/**
 * Adds the parameter updates as graph nodes, one `update` output per parameter and optimizer
 * slot (the new value, which the schedule stores over the old one). With t the step number:
 *   gradient_descent  W' = W - lr dW
 *   momentum          v' = beta v + (1 - beta) dW;  W' = W - lr v'
 *   adam              v' = beta1 v + (1 - beta1) dW;  s' = beta2 s + (1 - beta2) dW^2
 *                     W' = W - lr (v' c1) / (sqrt(s' c2) + epsilon),  c1 = 1/(1 - beta1^t), c2 = 1/(1 - beta2^t)
 * c1 and c2 are [] inputs the host sets before each update. L2 is already inside dW (it is part
 * of J, so derive-gradients produced (lambda/m) W).
 */
import type { Optimizer } from '@nnc/dsl/ir';
import { copyNode, GraphBuilder } from '../ir/builder.js';
import type { Graph, GraphOutput, NodeId, Shape, Span } from '../ir/graph.js';

export function addOptimizer(graph: Graph, optimizer: Optimizer, span: Span | null = null): Graph {
  const b = new GraphBuilder(graph.nodes[0]?.dtype ?? 'f64');
  const ids: NodeId[] = [];
  for (const node of graph.nodes) ids.push(copyNode(b, node, node.inputs.map((i) => ids[i])));
  const paramIds = new Map<string, NodeId>();
  for (const node of graph.nodes) {
    if (node.op === 'param') paramIds.set((node.attrs as { name: string }).name, ids[node.id]);
  }
  const meta = { span };
  const mul = (x: NodeId, c: number) => b.add('mul', [x, b.constant(c)], {}, meta);
  const add = (x: NodeId, y: NodeId) => b.add('add', [x, y], {}, meta);
  const slot = (name: string, shape: Shape) => b.add('slot', [], { name, shape }, { name, span });
  const updates: GraphOutput[] = [];
  const update = (target: string, node: NodeId) => {
    b.name(node, `${target}_next`);
    updates.push({ name: `${target}_next`, role: 'update', node, target });
  };
  for (const gradient of graph.outputs.filter((o) => o.role === 'gradient')) {
    const param = gradient.target as string;
    const W = paramIds.get(param) as NodeId;
    const dW = ids[gradient.node];
    const shape = b.shapeOf(W);
    let step: NodeId;
    if (optimizer.kind === 'gradient_descent') {
      step = dW;
    } else if (optimizer.kind === 'momentum') {
      const v = add(mul(slot(`v${param}`, shape), optimizer.beta), mul(dW, 1 - optimizer.beta));
      update(`v${param}`, v);
      step = v;
    } else {
      const { beta1, beta2, epsilon } = optimizer;
      const v = add(mul(slot(`v${param}`, shape), beta1), mul(dW, 1 - beta1));
      const s = add(mul(slot(`s${param}`, shape), beta2), mul(b.add('square', [dW], {}, meta), 1 - beta2));
      update(`v${param}`, v);
      update(`s${param}`, s);
      const c1 = b.add('input', [], { name: 'bias_correction1', shape: [], onehot: false }, { name: 'bias_correction1' });
      const c2 = b.add('input', [], { name: 'bias_correction2', shape: [], onehot: false }, { name: 'bias_correction2' });
      const corrected = b.add('mul', [v, c1], {}, meta);
      const scale = add(b.add('sqrt', [b.add('mul', [s, c2], {}, meta)], {}, meta), b.constant(epsilon));
      step = b.add('div', [corrected, scale], {}, meta);
    }
    update(param, b.add('sub', [W, mul(step, optimizer.learningRate)], {}, meta));
  }
  const outputs = graph.outputs.map((o) => ({ ...o, node: ids[o.node] }));
  return b.finish([...outputs, ...updates]);
}
