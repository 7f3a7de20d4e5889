/**
 * Reverse-mode differentiation of the cost (micrograd's idea on the op graph): walk the nodes
 * from J back to the leaves, and for each node sum the adjoints its consumers sent it (dy), then
 * send each input the op table's local derivative. An adjoint wider than its input (broadcast
 * b[l] over m columns, a scalar over a matrix) is summed back to the input's shape.
 * Adds one `gradient` output dW[l] / db[l] per parameter.
 */
import { copyNode, GraphBuilder } from '../ir/builder.js';
import type { Graph, GraphOutput, NodeId, Shape, Span } from '../ir/graph.js';
import { opDef, type DerivativeBuilder } from '../ir/ops.js';

export function deriveGradients(graph: Graph): Graph {
  const cost = graph.outputs.find((o) => o.role === 'cost');
  if (cost === undefined) throw new Error('deriveGradients: the graph has no cost output');
  const b = new GraphBuilder(graph.nodes[0]?.dtype ?? 'f64');
  const ids = graph.nodes.map((node) => 0);
  for (const node of graph.nodes) ids[node.id] = copyNode(b, node, node.inputs.map((i) => ids[i]));

  // Every node built while differentiating a node carries that node's source span, so the
  // backward equations point at the layer (or loss) they come from.
  let span: Span | null = null;
  const builder: DerivativeBuilder = {
    op: (op, inputs, attrs) => b.add(op, inputs, attrs, { span }),
    constant: (value, shape) => b.constant(value, shape),
    shapeOf: (id) => b.shapeOf(id),
  };
  const contributions = new Map<NodeId, NodeId[]>([[ids[cost.node], [b.constant(1)]]]);
  const adjoints = new Map<NodeId, NodeId>();
  for (let index = graph.nodes.length - 1; index >= 0; index--) {
    const node = graph.nodes[index];
    const y = ids[index];
    const parts = contributions.get(y);
    if (parts === undefined || adjoints.has(y)) continue;
    span = node.span;
    const dy = parts.reduce((sum, part) => b.add('add', [sum, part], {}, { span }));
    adjoints.set(y, dy);
    if (node.name !== undefined) b.name(dy, `d${node.name}`);
    const x = node.inputs.map((i) => ids[i]);
    const dx = opDef(node.op).derivative(builder, { x, y, dy, attrs: node.attrs });
    dx.forEach((gradient, k) => {
      if (gradient === null) return;
      const summed = sumToShape(b, gradient, b.shapeOf(x[k]), span);
      contributions.set(x[k], [...(contributions.get(x[k]) ?? []), summed]);
    });
  }

  const gradients: GraphOutput[] = [];
  for (const node of graph.nodes) {
    if (node.op !== 'param') continue;
    const param = (node.attrs as { name: string }).name;
    const adjoint = adjoints.get(ids[node.id]) ?? b.constant(0, node.shape);
    gradients.push({ name: `d${param}`, role: 'gradient', node: adjoint, target: param });
  }
  const outputs = graph.outputs.map((o) => ({ ...o, node: ids[o.node] }));
  return b.finish([...outputs, ...gradients]);
}

/** Sums a broadcast adjoint back to `shape`: over columns for (n,1), rows for (1,m), all for []. */
function sumToShape(b: GraphBuilder, gradient: NodeId, shape: Shape, span: Span | null): NodeId {
  const have = b.shapeOf(gradient);
  if (shape.length === 0) return have.length === 0 ? gradient : b.add('sum_all', [gradient], {}, { span });
  let out = gradient;
  if (shape[0] === 1 && b.shapeOf(out)[0] !== 1) out = b.add('sum_rows', [out], {}, { span });
  if (shape[1] === 1 && b.shapeOf(out)[1] !== 1) out = b.add('sum_cols', [out], {}, { span });
  return out;
}
