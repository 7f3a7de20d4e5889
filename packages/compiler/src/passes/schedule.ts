/**
 * Fused graph -> Schedule: one kernel per buffer node (a matmul or sum with its epilogue, a
 * fused elementwise loop, a per-column softmax / log-sum-exp), each in the phase of the first
 * output that needs it (forward, cost, backward, update), then adjacent loops over the same
 * rows x cols merged into one (a map after a matmul joins the matmul's epilogue).
 */
import type { ModelIR } from '@nnc/dsl/ir';
import { reachable, rowsCols, type Graph, type Node, type NodeId } from '../ir/graph.js';
import { OPS, type ElementwiseOp, type OpAttrs } from '../ir/ops.js';
import { nodeNames } from '../ir/print.js';
import {
  indexFor,
  PHASES,
  type BufferDecl,
  type BufferRole,
  type Expr,
  type Kernel,
  type PhaseName,
  type Schedule,
  type Store,
} from '../ir/schedule.js';
import type { FusedGraph } from './fuse-elementwise.js';

export function scheduleKernels(fused: FusedGraph, model: ModelIR): Schedule {
  const { graph, placement, accOf } = fused;
  const phaseOf = assignPhases(graph);
  const buffers = bufferNames(graph, fused);
  const exprOf = (id: NodeId, acc: NodeId | null, root: boolean): Expr => {
    const node = graph.nodes[id];
    if (id === acc) return { kind: 'acc' };
    if (node.op === 'const') {
      const { value, mPower } = node.attrs as OpAttrs['const'];
      return { kind: 'const', value, mPower };
    }
    if (!root && (placement[id] === 'leaf' || placement[id] === 'buffer' || placement[id] === 'acc')) {
      return { kind: 'load', buffer: buffers.get(id) as string, index: indexFor(node.shape) };
    }
    const args = node.inputs.map((i) => exprOf(i, acc, false));
    return { kind: 'apply', op: node.op as ElementwiseOp, args, attrs: node.attrs } as Expr;
  };

  const phases: Record<PhaseName, Kernel[]> = { forward: [], cost: [], backward: [], update: [] };
  for (const node of graph.nodes) {
    if (placement[node.id] !== 'buffer') continue;
    const out = buffers.get(node.id) as string;
    const acc = accOf.get(node.id) ?? (OPS[node.op].opClass === 'elementwise' ? null : node.id);
    const store: Store = { buffer: out, expr: exprOf(node.id, acc, true) };
    phases[phaseOf[node.id]].push(kernelFor(graph, node, acc, store, buffers, (id) => exprOf(id, null, false)));
  }
  const declared = declareBuffers(graph, fused, buffers, phaseOf);
  const output = (role: string) => graph.outputs.find((o) => o.role === role)?.node as NodeId;
  return {
    model,
    buffers: declared,
    phases: {
      forward: mergeLoops(phases.forward),
      cost: mergeLoops(phases.cost),
      backward: mergeLoops(phases.backward),
      update: mergeLoops(phases.update),
    },
    prediction: buffers.get(output('prediction')) as string,
    cost: buffers.get(output('cost')) as string,
    gradients: graph.outputs
      .filter((o) => o.role === 'gradient')
      .map((o) => ({ param: o.target as string, buffer: buffers.get(o.node) as string })),
    slots: graph.nodes
      .filter((n) => n.op === 'slot')
      .map((n) => {
        const name = (n.attrs as OpAttrs['slot']).name;
        return { name, param: name.slice(1) };
      }),
  };
}

function kernelFor(
  graph: Graph,
  node: Node,
  acc: NodeId | null,
  store: Store,
  buffers: ReadonlyMap<NodeId, string>,
  load: (id: NodeId) => Expr,
): Kernel {
  const [rows, cols] = rowsCols(node.shape);
  if (OPS[node.op].opClass === 'columnwise') {
    const input = graph.nodes[node.inputs[0]];
    const [inRows, inCols] = rowsCols(input.shape);
    const fn = node.op === 'softmax' ? 'softmax' : 'logsumexp';
    return { kind: 'columnwise', fn, input: buffers.get(input.id) as string, out: store.buffer, rows: inRows, cols: inCols };
  }
  if (acc === null) return { kind: 'map', rows, cols, outs: [store] };
  const accNode = graph.nodes[acc];
  if (accNode.op === 'matmul') {
    const { transA, transB } = accNode.attrs as OpAttrs['matmul'];
    const a = graph.nodes[accNode.inputs[0]];
    const [aRows, aCols] = rowsCols(a.shape);
    const [mRows, mCols] = rowsCols(accNode.shape);
    return {
      kind: 'matmul',
      a: buffers.get(a.id) as string,
      b: buffers.get(accNode.inputs[1]) as string,
      transA,
      transB,
      rows: mRows,
      cols: mCols,
      inner: transA ? aRows : aCols,
      outs: [store],
    };
  }
  const input = graph.nodes[accNode.inputs[0]];
  const [inRows, inCols] = rowsCols(input.shape);
  const axis = accNode.op === 'sum_cols' ? 'cols' : accNode.op === 'sum_rows' ? 'rows' : 'all';
  return { kind: 'reduce', axis, rows: inRows, cols: inCols, input: load(input.id), outs: [store] };
}

/** Each node's phase: the first of forward, cost, backward, update whose outputs reach it. */
function assignPhases(graph: Graph): PhaseName[] {
  const roles: Record<PhaseName, string> = { forward: 'prediction', cost: 'cost', backward: 'gradient', update: 'update' };
  const phase: (PhaseName | null)[] = graph.nodes.map(() => null);
  for (const name of PHASES) {
    const roots = graph.outputs.filter((o) => o.role === roles[name]).map((o) => o.node);
    for (const id of reachable(graph, roots)) phase[id] ??= name;
  }
  return phase.map((p) => p ?? 'update');
}

/** Buffer names: leaves by their own name, update outputs by their target, outputs by name. */
function bufferNames(graph: Graph, fused: FusedGraph): Map<NodeId, string> {
  const printed = nodeNames(graph);
  const names = new Map<NodeId, string>();
  const taken = new Set<string>();
  const claim = (id: NodeId, name: string) => {
    names.set(id, name);
    taken.add(name);
  };
  for (const node of graph.nodes) {
    if (fused.placement[node.id] === 'leaf') claim(node.id, (node.attrs as { name: string }).name);
  }
  for (const output of graph.outputs) {
    if (names.has(output.node)) continue;
    claim(output.node, output.role === 'update' ? (output.target as string) : output.name);
  }
  for (const node of graph.nodes) {
    if (names.has(node.id) || (fused.placement[node.id] !== 'buffer' && fused.placement[node.id] !== 'acc')) continue;
    const readable = printed[node.id].replace(/[^A-Za-z0-9_]/g, '_');
    const name = /^[A-Za-z]/.test(readable) && !taken.has(readable) ? readable : `t${node.id}`;
    claim(node.id, name);
  }
  return names;
}

function declareBuffers(
  graph: Graph,
  fused: FusedGraph,
  names: ReadonlyMap<NodeId, string>,
  phaseOf: readonly PhaseName[],
): BufferDecl[] {
  const roleOf = new Map<NodeId, BufferRole | null>();
  for (const output of graph.outputs) {
    const role = output.role === 'gradient' ? 'gradient' : output.role === 'cost' ? 'cost' : output.role === 'update' ? null : 'activation';
    if (!roleOf.has(output.node)) roleOf.set(output.node, role);
  }
  const leafRole = (node: Node): BufferRole =>
    node.op === 'param' ? 'param' : node.op === 'slot' ? 'state' : node.shape.length === 0 ? 'scalar' : 'input';
  const order: BufferRole[] = ['param', 'state', 'input', 'scalar'];
  const decls: BufferDecl[] = [];
  for (const node of graph.nodes) {
    const place = fused.placement[node.id];
    let role: BufferRole | null;
    if (place === 'leaf') role = leafRole(node);
    else if (place === 'buffer') role = roleOf.has(node.id) ? (roleOf.get(node.id) as BufferRole | null) : phaseOf[node.id] === 'forward' ? 'activation' : 'scratch';
    else continue;
    if (role === null) continue;
    decls.push({ name: names.get(node.id) as string, role, shape: node.shape, dtype: node.dtype });
  }
  const rank = (d: BufferDecl) => {
    const k = order.indexOf(d.role);
    return k < 0 ? order.length : k;
  };
  return decls.map((d, i) => ({ d, i })).sort((x, y) => rank(x.d) - rank(y.d) || x.i - y.i).map(({ d }) => d);
}

/** Merges a map into the previous matmul / map over the same rows x cols (see ir/schedule.ts). */
function mergeLoops(kernels: readonly Kernel[]): Kernel[] {
  const out: Kernel[] = [];
  for (const kernel of kernels) {
    const last = out[out.length - 1];
    if (kernel.kind === 'map' && last !== undefined && (last.kind === 'map' || last.kind === 'matmul') && last.rows === kernel.rows && last.cols === kernel.cols) {
      const written = new Map(last.outs.map((s) => [s.buffer, s.expr]));
      const outs = kernel.outs.map((s) => ({ buffer: s.buffer, expr: substitute(s.expr, written) }));
      out[out.length - 1] = { ...last, outs: [...last.outs, ...outs] };
    } else {
      out.push(kernel);
    }
  }
  return out;
}

function substitute(expr: Expr, written: ReadonlyMap<string, Expr>): Expr {
  if (expr.kind === 'load') return written.get(expr.buffer) ?? expr;
  if (expr.kind !== 'apply') return expr;
  return { ...expr, args: expr.args.map((a) => substitute(a, written)) } as Expr;
}
