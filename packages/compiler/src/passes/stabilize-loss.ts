/**
 * Rewrites the cost so that it is computed from the logits and never overflows when outputs
 * saturate (sigmoid(Z) rounding to exactly 0 or 1, softmax underflowing):
 *   bce(sigmoid(Z), Y) -> bce_logits(Z, Y)                 max(z,0) - z y + log(1 + exp(-|z|))
 *   cce(softmax(Z), Y) -> Y * (logsumexp(Z) - Z)           -y log softmax(z), max-shifted
 * Only the cost uses these nodes; the gradients were derived (and simplified to A - Y) before.
 */
import { copyNode, GraphBuilder } from '../ir/builder.js';
import type { Graph, NodeId } from '../ir/graph.js';

export function stabilizeLoss(graph: Graph): Graph {
  const b = new GraphBuilder(graph.nodes[0]?.dtype ?? 'f64');
  const ids: NodeId[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((i) => ids[i]);
    const meta = { span: node.span };
    const output = node.inputs.length > 0 ? graph.nodes[node.inputs[0]] : null;
    if (node.op === 'bce' && output?.op === 'sigmoid') {
      ids.push(b.add('bce_logits', [ids[output.inputs[0]], inputs[1]], {}, meta));
    } else if (node.op === 'cce' && output?.op === 'softmax') {
      const Z = ids[output.inputs[0]];
      const shifted = b.add('sub', [b.add('logsumexp', [Z], {}, meta), Z], {}, meta);
      ids.push(b.add('mul', [inputs[1], shifted], {}, meta));
    } else {
      ids.push(copyNode(b, node, inputs));
    }
  }
  return b.finish(graph.outputs.map((o) => ({ ...o, node: ids[o.node] })));
}
