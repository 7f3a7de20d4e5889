/**
 * The op graph: the compiler's one IR from lowering to fusion.
 *
 * A graph is a list of immutable nodes in topological order (every input id is smaller than the
 * node's own id, and `nodes[id].id === id`), plus the named outputs that give the graph its
 * meaning (the prediction, the cost, the gradients, the updated parameters). Nodes that no
 * output reaches are dead and dropped by the builder's `finish`.
 *
 * Shapes are the course's: at most two dimensions, `'m'` the batch size, [] a scalar.
 */
import type { Span } from '@nnc/dsl/ir';
import type { OpAttrs, OpKind } from './ops.js';

export type { Span };

/** One dimension: a fixed size, or the symbolic batch size m. */
export type Dim = number | 'm';
/** [] scalar, [n] never used, [rows, cols] matrices; (n, m) activations, (n, 1) biases. */
export type Shape = readonly Dim[];
export type DType = 'f32' | 'f64';
export type NodeId = number;

export interface Node<K extends OpKind = OpKind> {
  readonly id: NodeId;
  readonly op: K;
  readonly dtype: DType;
  readonly shape: Shape;
  readonly inputs: readonly NodeId[];
  readonly attrs: OpAttrs[K];
  /** The `.nn` source this node comes from (a layer, the loss line, the optimizer line). */
  readonly span: Span | null;
  /** A readable name (Z1, A1, dZ1, dW1, J ...) used by the printer and the emitters. */
  readonly name?: string;
}

/**
 * What an output means:
 *   prediction  A[L], what `forward` returns
 *   cost        J, what `cost` returns (computed from the logits after stabilize-loss)
 *   gradient    dW[l] / db[l]; `target` is the parameter (W1, b1, ...)
 *   update      the new value of a parameter or optimizer slot; `target` is the buffer it replaces
 */
export type OutputRole = 'prediction' | 'cost' | 'gradient' | 'update';

export interface GraphOutput {
  readonly name: string;
  readonly role: OutputRole;
  readonly node: NodeId;
  /** For gradients: the parameter; for updates: the parameter or slot overwritten. */
  readonly target?: string;
}

export interface Graph {
  readonly nodes: readonly Node[];
  readonly outputs: readonly GraphOutput[];
}

export function shapeToString(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Rows and columns of a shape, scalars being 1 x 1. */
export function rowsCols(shape: Shape): [Dim, Dim] {
  return shape.length === 0 ? [1, 1] : [shape[0], shape[1] ?? 1];
}

/** Ids of the nodes that the given roots depend on, roots included. */
export function reachable(graph: Graph, roots: readonly NodeId[]): Set<NodeId> {
  const seen = new Set<NodeId>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as NodeId;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...graph.nodes[id].inputs);
  }
  return seen;
}

/** For each node, the ids of the nodes that read it (in increasing order). */
export function consumers(graph: Graph): NodeId[][] {
  const users: NodeId[][] = graph.nodes.map(() => []);
  for (const node of graph.nodes) for (const input of node.inputs) users[input].push(node.id);
  return users;
}
