/**
 * Checks a graph's invariants; passes run it after every step in tests. Returns the problems
 * (empty when valid): ids in order, inputs defined before use, arity, shapes and dtypes agreeing
 * with the op table, outputs pointing at nodes, gradients shaped like their parameters.
 */
import type { Graph } from './graph.js';
import { sameShape, shapeToString } from './graph.js';
import { opDef } from './ops.js';

export function verifyGraph(graph: Graph): string[] {
  const problems: string[] = [];
  const params = new Map<string, number>();
  graph.nodes.forEach((node, index) => {
    const at = `%${index} (${node.op})`;
    if (node.id !== index) problems.push(`${at}: id ${node.id} is not its position`);
    const def = opDef(node.op);
    if (node.inputs.length !== def.arity) problems.push(`${at}: ${node.inputs.length} inputs, expected ${def.arity}`);
    if (node.inputs.some((i) => !(i >= 0 && i < index))) {
      problems.push(`${at}: an input is not defined before the node`);
      return;
    }
    const inputs = node.inputs.map((i) => graph.nodes[i]);
    if (inputs.some((n) => n.dtype !== node.dtype)) problems.push(`${at}: mixed dtypes`);
    const shape = def.shape(inputs.map((n) => n.shape), node.attrs);
    if (typeof shape === 'string') problems.push(`${at}: ${shape}`);
    else if (!sameShape(shape, node.shape)) {
      problems.push(`${at}: shape ${shapeToString(node.shape)}, the op table says ${shapeToString(shape)}`);
    }
    if (node.op === 'param') params.set((node.attrs as { name: string }).name, index);
  });
  const names = new Set<string>();
  for (const output of graph.outputs) {
    const node = graph.nodes[output.node];
    if (node === undefined) {
      problems.push(`output ${output.name}: no node ${output.node}`);
      continue;
    }
    if (names.has(output.name)) problems.push(`output ${output.name}: defined twice`);
    names.add(output.name);
    if (output.role === 'gradient' || output.role === 'update') {
      const param = output.target === undefined ? undefined : params.get(output.target);
      if (output.role === 'gradient' && param === undefined) problems.push(`output ${output.name}: unknown parameter ${output.target}`);
      if (param !== undefined && !sameShape(graph.nodes[param].shape, node.shape)) {
        problems.push(`output ${output.name}: shape ${shapeToString(node.shape)} differs from ${output.target}`);
      }
    }
  }
  return problems;
}

/** Throws when `verifyGraph` finds problems (compiler bug), naming the pass that produced the graph. */
export function assertValidGraph(graph: Graph, after: string): Graph {
  const problems = verifyGraph(graph);
  if (problems.length > 0) throw new Error(`invalid graph after ${after}:\n  ${problems.join('\n  ')}`);
  return graph;
}
