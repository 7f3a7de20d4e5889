/**
 * Builds graphs with hash-consing: adding a node equal to an existing one (same op, attrs and
 * inputs; commutative operands sorted) returns the existing id. This is what lets algebraic
 * rules see that the `a * (1 - a)` of the loss derivative is the `y * (1 - y)` of sigmoid's.
 */
import type { DType, Graph, GraphOutput, Node, NodeId, Shape, Span } from './graph.js';
import { opDef, type OpAttrs, type OpKind } from './ops.js';

export interface NodeMeta {
  readonly span?: Span | null;
  readonly name?: string;
}

interface Draft {
  id: NodeId;
  op: OpKind;
  dtype: DType;
  shape: Shape;
  inputs: readonly NodeId[];
  attrs: OpAttrs[OpKind];
  span: Span | null;
  name?: string;
}

export class GraphBuilder {
  private readonly drafts: Draft[] = [];
  private readonly byKey = new Map<string, NodeId>();

  constructor(readonly dtype: DType) {}

  get size(): number {
    return this.drafts.length;
  }

  node(id: NodeId): Node {
    return this.drafts[id] as Node;
  }

  shapeOf(id: NodeId): Shape {
    return this.drafts[id].shape;
  }

  /** Adds (or finds) `op(inputs)`; throws on a shape error, which is a compiler bug. */
  add<K extends OpKind>(op: K, inputs: readonly NodeId[], attrs: OpAttrs[K], meta: NodeMeta = {}): NodeId {
    const def = opDef(op);
    if (inputs.length !== def.arity) throw new Error(`${op}: expected ${def.arity} inputs, got ${inputs.length}`);
    const ordered = def.commutative && this.after(inputs[0], inputs[1]) ? [inputs[1], inputs[0]] : [...inputs];
    const key = `${op}|${JSON.stringify(attrs)}|${ordered.join(',')}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      const draft = this.drafts[existing];
      if (meta.name !== undefined) this.name(existing, meta.name);
      if (draft.span === null && meta.span) draft.span = meta.span;
      return existing;
    }
    const shape = def.shape(ordered.map((i) => this.drafts[i].shape), attrs);
    if (typeof shape === 'string') throw new Error(`${op}: ${shape}`);
    const id = this.drafts.length;
    const draft: Draft = { id, op, dtype: this.dtype, shape, inputs: ordered, attrs, span: meta.span ?? null };
    if (meta.name !== undefined) draft.name = meta.name;
    this.drafts.push(draft);
    this.byKey.set(key, id);
    return id;
  }

  /**
   * The canonical operand order of a commutative op: tensors, then scalars, then constants (so
   * `v * 0.9` and `x + 1e-8` print alike in every layer, whenever the constant was first built);
   * within a class, by id (creation order).
   */
  private after(a: NodeId, b: NodeId): boolean {
    const rank = (id: NodeId) => {
      const draft = this.drafts[id];
      return draft.op === 'const' ? 2 : draft.shape.length === 0 ? 1 : 0;
    };
    const [ra, rb] = [rank(a), rank(b)];
    return ra !== rb ? ra > rb : a > b;
  }

  /** A filled constant (value * m^mPower). */
  constant(value: number, shape: Shape = [], mPower = 0): NodeId {
    return this.add('const', [], { value: Object.is(value, -0) ? 0 : value, mPower, shape });
  }

  /** Gives `id` a name if it has none (the first name wins); constants stay literals. */
  name(id: NodeId, name: string): void {
    if (this.drafts[id].name === undefined && this.drafts[id].op !== 'const') this.drafts[id].name = name;
  }

  /** The graph of the nodes that `outputs` reach, renumbered in topological order. */
  finish(outputs: readonly GraphOutput[]): Graph {
    const live = new Set<NodeId>();
    const stack = outputs.map((o) => o.node);
    while (stack.length > 0) {
      const id = stack.pop() as NodeId;
      if (live.has(id)) continue;
      live.add(id);
      stack.push(...this.drafts[id].inputs);
    }
    const renumber = new Map<NodeId, NodeId>();
    const nodes: Node[] = [];
    // Drafts are created after their inputs, so increasing id order is topological.
    for (const draft of this.drafts) {
      if (!live.has(draft.id)) continue;
      const id = nodes.length;
      renumber.set(draft.id, id);
      const node: Node = {
        ...draft,
        id,
        inputs: draft.inputs.map((i) => renumber.get(i) as NodeId),
      } as Node;
      nodes.push(Object.freeze(node));
    }
    return {
      nodes,
      outputs: outputs.map((o) => ({ ...o, node: renumber.get(o.node) as NodeId })),
    };
  }
}

/** Copies `node` (from another graph) into `builder` with already-mapped inputs. */
export function copyNode(builder: GraphBuilder, node: Node, inputs: readonly NodeId[]): NodeId {
  const meta: NodeMeta = node.name === undefined ? { span: node.span } : { span: node.span, name: node.name };
  return builder.add(node.op, inputs, node.attrs, meta);
}
