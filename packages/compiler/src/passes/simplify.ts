/**
 * Algebraic simplification to a fixed point. Each round rebuilds the graph bottom-up through a
 * hash-consing builder; every node is offered to the rules (simplify-rules.ts) as it is built,
 * and a rule's replacement is built the same way, so a round leaves a normalised graph. Rounds
 * repeat until the printed graph stops changing. Names move to replacements that have none, so
 * `dZ2` still labels the gradient after its derivative expression collapsed to `A2 - Y`.
 */
import { GraphBuilder } from '../ir/builder.js';
import { sameShape, type Graph, type Node, type NodeId, type Shape, type Span } from '../ir/graph.js';
import type { OpAttrs, OpKind } from '../ir/ops.js';
import { printGraph } from '../ir/print.js';
import { RULES, type RuleContext } from './simplify-rules.js';

const MAX_ROUNDS = 20;
const MAX_DEPTH = 64;

export function simplify(graph: Graph): Graph {
  let current = graph;
  let printed = printGraph(current);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = simplifyOnce(current);
    const nextPrinted = printGraph(next);
    if (nextPrinted === printed) return next;
    current = next;
    printed = nextPrinted;
  }
  return current;
}

function simplifyOnce(graph: Graph): Graph {
  const b = new GraphBuilder(graph.nodes[0]?.dtype ?? 'f64');
  let depth = 0;
  // Nodes that rules build carry the span of the node being rewritten.
  let span: Span | null = null;
  const ctx: RuleContext = {
    node: (id) => b.node(id),
    shapeOf: (id) => b.shapeOf(id),
    constant: (value: number, shape: Shape = [], mPower = 0) => b.constant(value, shape, mPower),
    op<K extends OpKind>(op: K, inputs: readonly NodeId[], attrs: OpAttrs[K]): NodeId {
      return build(b.add(op, inputs, attrs, { span }));
    },
  };
  const build = (id: NodeId): NodeId => {
    if (depth >= MAX_DEPTH) return id;
    depth++;
    try {
      const node: Node = b.node(id);
      for (const rule of RULES) {
        const replacement = rule.apply(node, ctx);
        if (replacement !== null && replacement !== id && sameShape(b.shapeOf(replacement), node.shape)) return replacement;
      }
      return id;
    } finally {
      depth--;
    }
  };
  const ids: NodeId[] = [];
  for (const node of graph.nodes) {
    span = node.span;
    const id = build(b.add(node.op, node.inputs.map((i) => ids[i]), node.attrs, { span }));
    if (node.name !== undefined) nameWithUnscaled(b, id, node.name);
    ids.push(id);
  }
  return b.finish(graph.outputs.map((o) => ({ ...o, node: ids[o.node] })));
}

/**
 * Names `id`, and when it is `x * c` for a scalar constant c, names x too: factors float away
 * from gradients (dZ2 = (A2 - Y) * 1/m ends as A2 - Y feeding dW2 = (dZ2 A1^T) * 1/m), and the
 * course calls the unscaled value dZ2. Only activation adjoints (dZ, dA) are named this way.
 */
function nameWithUnscaled(b: GraphBuilder, id: NodeId, name: string): void {
  b.name(id, name);
  const node = b.node(id);
  if (node.op !== 'mul' || !/^d[ZA]\d/.test(name)) return;
  const [x, c] = node.inputs.map((i) => b.node(i));
  const scaled = c.op === 'const' && c.shape.length === 0 ? x : x.op === 'const' && x.shape.length === 0 ? c : null;
  if (scaled !== null && scaled.op !== 'const' && scaled.name === undefined) b.name(scaled.id, name);
}
