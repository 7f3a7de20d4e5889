/**
 * Prints a graph one equation per line, jaxpr-like:
 *   Z1:f64[4,m] = matmul W1 X            # planar.nn:3:3 dense 4 tanh
 * Named nodes print by name (a repeated name gets `_<id>`), others as %id; constants print
 * inline as literals (`1/m`, `-0.5`, `1[1,m]` for a filled non-scalar); attrs in brackets.
 */
import type { Graph, Node } from './graph.js';
import { shapeToString } from './graph.js';

export interface PrintOptions {
  /** The source text the spans point into, to quote the line's start in each comment. */
  readonly sourceText?: string;
}

export function printGraph(graph: Graph, options: PrintOptions = {}): string {
  const names = nodeNames(graph);
  const operand = (id: number): string => {
    const node = graph.nodes[id];
    return node.op === 'const' ? literal(node) : names[id];
  };
  const lines: string[] = [];
  for (const node of graph.nodes) {
    if (node.op === 'const') continue;
    const lhs = `${names[node.id]}:${node.dtype}${shapeToString(node.shape)}`;
    const rhs = [`${node.op}${attrText(node)}`, ...node.inputs.map(operand)].join(' ');
    const equation = `${lhs} = ${rhs}`;
    const comment = spanComment(node, options.sourceText);
    lines.push(comment === '' ? equation : `${equation.padEnd(44)} # ${comment}`);
  }
  for (const output of graph.outputs) {
    const target = output.target === undefined ? '' : ` -> ${output.target}`;
    lines.push(`out ${output.role} ${output.name} = ${operand(output.node)}${target}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The printed name of every node (consts included, for use in messages). */
export function nodeNames(graph: Graph): string[] {
  const used = new Set<string>();
  return graph.nodes.map((node) => {
    let name = node.name ?? `%${node.id}`;
    if (used.has(name)) name = `${name}_${node.id}`;
    used.add(name);
    return name;
  });
}

export function literal(node: Node<'const'>): string;
export function literal(node: Node): string;
export function literal(node: Node): string {
  if (node.op !== 'const') return `%${node.id}`;
  const { value, mPower, shape } = node.attrs as { value: number; mPower: number; shape: readonly (number | 'm')[] };
  const m = mPower === 0 ? '' : mPower === -1 ? '/m' : mPower === 1 ? '*m' : `*m^${mPower}`;
  const suffix = shape.length === 0 ? '' : shapeToString(shape);
  return `${String(value)}${m}${suffix}`;
}

function attrText(node: Node): string {
  switch (node.op) {
    case 'matmul': {
      const { transA, transB } = node.attrs as { transA: boolean; transB: boolean };
      const flags = [transA ? 'Ta' : '', transB ? 'Tb' : ''].filter((f) => f !== '');
      return flags.length === 0 ? '' : `[${flags.join(',')}]`;
    }
    case 'leaky_relu':
    case 'leaky_relu_grad':
      return `[slope=${(node.attrs as { slope: number }).slope}]`;
    case 'input':
      return (node.attrs as { onehot: boolean }).onehot ? '[onehot]' : '';
    default:
      return '';
  }
}

function spanComment(node: Node, sourceText: string | undefined): string {
  const span = node.span;
  if (span === null) return '';
  const where = `${span.file}:${span.startLine}:${span.startColumn}`;
  if (sourceText === undefined) return where;
  const quoted = sourceText.slice(span.startOffset, span.endOffset).split('\n')[0].trim().replace(/\s+/g, ' ');
  return quoted === '' ? where : `${where} ${quoted}`;
}
