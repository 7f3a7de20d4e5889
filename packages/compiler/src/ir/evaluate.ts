/**
 * The IR interpreter: evaluates every node of a graph with the op table's reference evaluators.
 * Used by the property tests (rewrites preserve values) and to cross-check the emitters.
 */
import type { Graph } from './graph.js';
import { opDef, type EvalEnv } from './ops.js';
import type { Tensor } from './tensor.js';

/** Values of every node, given the batch size m and the leaves (X, Y, W1, b1, slots ...) by name. */
export function evaluateGraph(graph: Graph, m: number, leaves: ReadonlyMap<string, Tensor>): Tensor[] {
  const env: EvalEnv = {
    m,
    leaf(name) {
      const value = leaves.get(name);
      if (value === undefined) throw new Error(`evaluateGraph: no value for ${name}`);
      return value;
    },
  };
  const values: Tensor[] = [];
  for (const node of graph.nodes) {
    values.push(opDef(node.op).evaluate(node.inputs.map((i) => values[i]), node.attrs, env));
  }
  return values;
}

/** The value of each named output. */
export function evaluateOutputs(graph: Graph, m: number, leaves: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const values = evaluateGraph(graph, m, leaves);
  return new Map(graph.outputs.map((o) => [o.name, values[o.node]]));
}
