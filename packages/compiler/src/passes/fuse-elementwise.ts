/**
 * Decides which nodes get a buffer and which are computed inside another node's loop:
 *   leaf     params, inputs, slots: already buffers
 *   const    inlined as literals
 *   inline   an elementwise node with one consumer: its expression is inlined there
 *   buffer   materialised: outputs, values read twice, operands of matmul / per-column ops
 *   acc      a matmul or sum whose only consumer chain ends in one buffer node of the same
 *            shape: it becomes that node's kernel accumulator (bias + activation in the forward
 *            matmul's epilogue, g'(Z) in the backward one, the 1/m in dW's and db's)
 * The graph itself is unchanged; `placement` and `accOf` are what the schedule reads.
 */
import { consumers, sameShape, type Graph, type NodeId } from '../ir/graph.js';
import { OPS } from '../ir/ops.js';
import { literal, nodeNames } from '../ir/print.js';

export type Placement = 'leaf' | 'const' | 'inline' | 'buffer' | 'acc';

export interface FusedGraph {
  readonly graph: Graph;
  readonly placement: readonly Placement[];
  /** For a buffer node whose kernel accumulates: the matmul / sum node that is its `acc`. */
  readonly accOf: ReadonlyMap<NodeId, NodeId>;
}

export function fuseElementwise(graph: Graph): FusedGraph {
  const users = consumers(graph);
  const outputs = new Set(graph.outputs.map((o) => o.node));
  const placement: Placement[] = graph.nodes.map((node) => {
    if (node.op === 'const') return 'const';
    const opClass = OPS[node.op].opClass;
    if (opClass === 'leaf') return 'leaf';
    if (outputs.has(node.id) || users[node.id].length !== 1 || opClass === 'columnwise') return 'buffer';
    return 'inline';
  });
  // Operands of matmul and per-column ops are read at arbitrary (i, k): they need buffers.
  for (const node of graph.nodes) {
    const opClass = OPS[node.op].opClass;
    if (opClass !== 'matmul' && opClass !== 'columnwise') continue;
    for (const input of node.inputs) if (placement[input] === 'inline') placement[input] = 'buffer';
  }
  // An inline matmul / sum joins the kernel of the buffer node its single-consumer chain reaches.
  const accOf = new Map<NodeId, NodeId>();
  for (const node of graph.nodes) {
    const opClass = OPS[node.op].opClass;
    if ((opClass !== 'matmul' && opClass !== 'reduce') || placement[node.id] !== 'inline') continue;
    const elementwise = (id: NodeId) => OPS[graph.nodes[id].op].opClass === 'elementwise';
    let root = users[node.id][0];
    while (placement[root] === 'inline' && elementwise(root)) root = users[root][0];
    const fits = placement[root] === 'buffer' && elementwise(root) && sameShape(graph.nodes[root].shape, node.shape);
    if (fits && !accOf.has(root)) {
      accOf.set(root, node.id);
      placement[node.id] = 'acc';
    } else {
      placement[node.id] = 'buffer';
    }
  }
  return { graph, placement, accOf };
}

/** The graph's equations annotated with their placement, for `--dump-ir=after:fuse-elementwise`. */
export function printFused(fused: FusedGraph): string {
  const names = nodeNames(fused.graph).map((name, id) => (fused.graph.nodes[id].op === 'const' ? literal(fused.graph.nodes[id]) : name));
  const lines = fused.graph.nodes
    .filter((node) => fused.placement[node.id] !== 'const')
    .map((node) => {
      const acc = fused.accOf.get(node.id);
      const note = acc === undefined ? fused.placement[node.id] : `buffer, accumulates ${names[acc]}`;
      return `${names[node.id]} = ${node.op} ${node.inputs.map((i) => names[i]).join(' ')}`.padEnd(44) + ` ; ${note}`;
    });
  return `${lines.join('\n')}\n`;
}
