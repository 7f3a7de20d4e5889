/**
 * Reads the equations of a compiled graph (the graph after the last graph pass: simplified,
 * loss stabilised, optimizer added), so that `nnc explain` shows exactly what the generated code
 * computes. Every named value (Z1, A1, J, dZ2, dW1, W1_next ...) becomes one equation; unnamed
 * nodes are written inline into the equations that read them. The equations fall into four
 * sections by the outputs that reach them: the forward pass (the prediction), the cost, the
 * backward pass (the gradients) and the update.
 *
 * Constants the optimizer and the L2 term bring in print as the course's symbols (alpha, beta,
 * lambda/m ...) when the node that reads them comes from the optimizer or loss line and the value
 * is the hyperparameter's; every symbol used is listed with its value.
 */
import type { ModelIR } from '@nnc/dsl/ir';
import { reachable, type Graph, type Node, type NodeId, type Shape, type Span } from '../ir/graph.js';
import { variable, type Expr, type Variable } from './math.js';

export type SectionName = 'forward pass' | 'cost' | 'backward pass' | 'update';

export interface Equation {
  readonly lhs: Variable;
  /** '=' for values, ':=' for the parameters and slots an update overwrites. */
  readonly assign: '=' | ':=';
  readonly rhs: Expr;
  readonly shape: Shape;
  readonly span: Span | null;
}

/** A symbol the equations use: its name and what it stands for (`alpha = 1.2`). */
export interface Legend {
  readonly symbol: Variable;
  readonly meaning: Expr;
}

export interface Section {
  readonly name: SectionName;
  readonly equations: readonly Equation[];
  readonly legend: readonly Legend[];
}

interface Symbolic {
  readonly value: number;
  readonly mPower: number;
  readonly expr: Expr;
  readonly legend: readonly Legend[];
}

const num = (value: number, mPower = 0): Expr => ({ kind: 'number', value, mPower });
const bin = (op: '+' | '-' | '*' | 'product' | '/', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
const call = (fn: Extract<Expr, { kind: 'call' }>['fn'], ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
const greek = (name: string, latex: string): Variable => variable(name, latex, null, true);
const M = variable('m', 'm', null, true);
/** The order in which a section lists the symbols it uses. */
const SYMBOL_ORDER = ['lambda', 'alpha', 'beta', 'beta1', 'beta2', 'epsilon', 'c1', 'c2'];

export function graphEquations(graph: Graph, model: ModelIR): Section[] {
  const updateTargets = new Map<NodeId, string>();
  for (const output of graph.outputs) if (output.role === 'update' && output.target !== undefined) updateTargets.set(output.node, output.target);
  const { optimizerSymbols, l2Symbols } = hyperparameterSymbols(model);

  const sections: Section[] = [];
  const taken = new Set<NodeId>();
  const roles: [SectionName, readonly string[]][] = [
    ['forward pass', ['prediction']],
    ['cost', ['cost']],
    ['backward pass', ['gradient']],
    ['update', ['update']],
  ];
  for (const [name, wanted] of roles) {
    const outputs = graph.outputs.filter((o) => wanted.includes(o.role));
    const inSection = reachable(graph, outputs.map((o) => o.node));
    const legend: Legend[] = [];
    const used = (entries: readonly Legend[]) => {
      for (const entry of entries) if (!legend.some((l) => l.symbol.text === entry.symbol.text)) legend.push(entry);
    };

    const symbolFor = (node: Node, reader: Node): Expr | null => {
      const { value, mPower } = node.attrs as { value: number; mPower: number };
      const candidates = [
        ...(sameSpan(reader.span, model.statementSpans.optimizer) ? optimizerSymbols : []),
        ...(sameSpan(reader.span, model.statementSpans.loss) ? l2Symbols : []),
      ];
      const match = candidates.find((c) => c.value === value && c.mPower === mPower);
      if (match === undefined) return null;
      used(match.legend);
      return match.expr;
    };
    const operand = (id: NodeId, reader: Node): Expr => {
      const node = graph.nodes[id];
      if (node.op === 'const') {
        const { value, mPower } = node.attrs as { value: number; mPower: number };
        return symbolFor(node, reader) ?? num(value, mPower);
      }
      if (node.op === 'input' && node.name?.startsWith('bias_correction')) {
        const k = node.name.slice(-1);
        const c = variable(`c${k}`, `c_${k}`, null, true);
        used([{ symbol: c, meaning: bin('/', num(1), bin('-', num(1), variable(`beta${k}^t`, `\\beta_${k}^t`, null, true))) }]);
        return c;
      }
      const target = updateTargets.get(id);
      if (target !== undefined) return nameVariable(target, node.shape.length === 0);
      if (node.name !== undefined || node.op === 'input' || node.op === 'param' || node.op === 'slot') {
        return nameVariable(node.name ?? (node.attrs as { name: string }).name, node.shape.length === 0);
      }
      return expression(node);
    };
    const expression = (node: Node): Expr => nodeExpr(graph, node, (id) => operand(id, node));

    const equations: Equation[] = [];
    for (const node of graph.nodes) {
      if (!inSection.has(node.id) || taken.has(node.id) || node.name === undefined || isLeaf(node)) continue;
      taken.add(node.id);
      const target = updateTargets.get(node.id);
      const lhs = nameVariable(target ?? node.name, node.shape.length === 0);
      equations.push({ lhs, assign: target === undefined ? '=' : ':=', rhs: expression(node), shape: node.shape, span: node.span });
    }
    // An output whose value carries another name (a linear layer's A[L] is its Z[L]).
    for (const output of outputs) {
      const node = graph.nodes[output.node];
      if (output.role === 'update' || node.name === output.name) continue;
      const lhs = nameVariable(output.name, node.shape.length === 0);
      const rhs = node.name !== undefined && !isLeaf(node) ? nameVariable(node.name, node.shape.length === 0) : expression(node);
      equations.push({ lhs, assign: '=', rhs, shape: node.shape, span: node.span });
    }
    legend.sort((x, y) => SYMBOL_ORDER.indexOf(x.symbol.text) - SYMBOL_ORDER.indexOf(y.symbol.text));
    sections.push({ name, equations, legend });
  }
  return sections;
}

function isLeaf(node: Node): boolean {
  return node.op === 'input' || node.op === 'param' || node.op === 'slot' || node.op === 'const';
}

/** One node as an expression over its operands (named values, constants, inlined nodes). */
function nodeExpr(graph: Graph, node: Node, operand: (id: NodeId) => Expr): Expr {
  const [a, b] = node.inputs.map(operand);
  const scalarLike = (id: NodeId) => graph.nodes[id].shape.length === 0 || graph.nodes[id].op === 'const';
  switch (node.op) {
    case 'matmul': {
      const { transA, transB } = node.attrs as { transA: boolean; transB: boolean };
      return bin('product', transA ? { kind: 'transpose', arg: a } : a, transB ? { kind: 'transpose', arg: b } : b);
    }
    case 'add': {
      // The course writes W X + b and dZ A^T + (lambda/m) W: a parameter term comes last.
      const [x, y] = node.inputs;
      return isParameterTerm(graph, x) && !isParameterTerm(graph, y) ? bin('+', b, a) : bin('+', a, b);
    }
    case 'sub':
      return bin('-', a, b);
    case 'div':
      return bin('/', a, b);
    case 'mul': {
      const [x, y] = node.inputs;
      if (scalarLike(y) && !scalarLike(x)) return bin('product', b, a);
      if (scalarLike(x) || scalarLike(y)) return scalarLike(x) && graph.nodes[y].op === 'const' ? bin('product', b, a) : bin('product', a, b);
      return bin('*', a, b);
    }
    case 'neg':
      return { kind: 'neg', arg: a };
    case 'square':
      return { kind: 'square', arg: a };
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'sigmoid':
    case 'tanh':
    case 'relu':
    case 'softmax':
    case 'logsumexp':
      return call(node.op, a);
    case 'leaky_relu': {
      const { slope } = node.attrs as { slope: number };
      return call('where', { kind: 'positive', arg: a }, a, bin('product', num(slope), a));
    }
    case 'relu_grad':
      return { kind: 'positive', arg: a };
    case 'leaky_relu_grad':
      return call('where', { kind: 'positive', arg: a }, num(1), num((node.attrs as { slope: number }).slope));
    case 'sum_cols':
      return { kind: 'sum', axis: 'cols', arg: a };
    case 'sum_rows':
      return { kind: 'sum', axis: 'rows', arg: a };
    case 'sum_all':
      return { kind: 'sum', axis: 'all', arg: a };
    case 'bce':
      // -(Y log(A) + (1 - Y) log(1 - A))
      return { kind: 'neg', arg: bin('+', bin('*', b, call('log', a)), bin('*', bin('-', num(1), b), call('log', bin('-', num(1), a)))) };
    case 'cce':
      return { kind: 'neg', arg: bin('*', b, call('log', a)) };
    case 'mse':
      return bin('product', num(0.5), { kind: 'square', arg: bin('-', a, b) });
    case 'bce_logits':
      // max(Z, 0) - Z * Y + log(1 + exp(-|Z|))
      return bin('+', bin('-', call('max', a, num(0)), bin('*', a, b)), call('log', bin('+', num(1), call('exp', { kind: 'neg', arg: { kind: 'abs', arg: a } }))));
    case 'input':
    case 'param':
    case 'slot':
      return nameVariable((node.attrs as { name: string }).name, node.shape.length === 0);
    case 'const': {
      const { value, mPower } = node.attrs as { value: number; mPower: number };
      return num(value, mPower);
    }
  }
}

/** b[l], or a parameter times a constant ((lambda/m) W[l]). */
function isParameterTerm(graph: Graph, id: NodeId): boolean {
  const node = graph.nodes[id];
  if (node.op === 'param') return true;
  if (node.op !== 'mul' || node.name !== undefined) return false;
  const ops = node.inputs.map((i) => graph.nodes[i].op);
  return ops.includes('param') && ops.includes('const');
}

/**
 * The course's spelling of a graph name: Z1 -> Z[1], dW2 -> dW[2], vW1 -> vdW[1] (LaTeX
 * v_{dW^{[1]}}, the moment of dW[1]), J, X, Y as they are.
 */
export function nameVariable(name: string, scalar: boolean): Variable {
  const slot = /^([vs])([Wb])(\d+)$/.exec(name);
  if (slot !== null) return variable(`${slot[1]}d${slot[2]}[${slot[3]}]`, `d${slot[2]}`, Number(slot[3]), scalar, slot[1]);
  const layered = /^(d?[A-Za-z]+)(\d+)$/.exec(name);
  if (layered !== null) return variable(`${layered[1]}[${layered[2]}]`, layered[1], Number(layered[2]), scalar);
  return variable(name, /^[A-Za-z]$/.test(name) ? name : `\\mathrm{${name.replace(/[^A-Za-z0-9]/g, (c) => (c === '_' ? '\\_' : ''))}}`, null, scalar);
}

function sameSpan(a: Span | null, b: Span): boolean {
  return a !== null && a.file === b.file && a.startOffset === b.startOffset && a.endOffset === b.endOffset;
}

/** The constants the optimizer line and the L2 term put in the graph, as symbols. */
function hyperparameterSymbols(model: ModelIR): { optimizerSymbols: Symbolic[]; l2Symbols: Symbolic[] } {
  const opt = model.optimizer;
  const alpha = greek('alpha', '\\alpha');
  const named = (symbol: Variable, value: number): Legend => ({ symbol, meaning: num(value) });
  const optimizerSymbols: Symbolic[] = [{ value: opt.learningRate, mPower: 0, expr: alpha, legend: [named(alpha, opt.learningRate)] }];
  const moment = (symbol: Variable, beta: number) => {
    const legend = [named(symbol, beta)];
    optimizerSymbols.push({ value: beta, mPower: 0, expr: symbol, legend });
    optimizerSymbols.push({ value: 1 - beta, mPower: 0, expr: bin('-', num(1), symbol), legend });
  };
  if (opt.kind === 'momentum') moment(greek('beta', '\\beta'), opt.beta);
  if (opt.kind === 'adam') {
    moment(greek('beta1', '\\beta_1'), opt.beta1);
    moment(greek('beta2', '\\beta_2'), opt.beta2);
    const epsilon = greek('epsilon', '\\varepsilon');
    optimizerSymbols.push({ value: opt.epsilon, mPower: 0, expr: epsilon, legend: [named(epsilon, opt.epsilon)] });
  }
  const l2Symbols: Symbolic[] = [];
  if (model.l2 > 0) {
    const lambda = greek('lambda', '\\lambda');
    const legend = [named(lambda, model.l2)];
    // 1/m stays 1/m (the mean of the loss) when lambda/(2m) happens to equal it.
    if (model.l2 / 2 !== 1) l2Symbols.push({ value: model.l2 / 2, mPower: -1, expr: bin('/', lambda, bin('product', num(2), M)), legend });
    if (model.l2 !== 1) l2Symbols.push({ value: model.l2, mPower: -1, expr: bin('/', lambda, M), legend });
  }
  return { optimizerSymbols, l2Symbols };
}
