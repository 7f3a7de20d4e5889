/**
 * The simplifier's algebra, as data: each rule has a name, a one-line comment, a `match` that
 * inspects a freshly built node (its inputs are already simplified) and returns bindings, and a
 * `rewrite` that builds the replacement. Scalar constant factors are floated outward (through
 * mul, div, matmul and sums) and merged, so the 1/m of the loss ends up as one factor per
 * gradient; negation is a factor of -1. A replacement must have the node's shape (simplify
 * checks). Rules that cancel (mul(div(x, y), y) -> x) assume the divisor is nonzero, which holds
 * where the derivative rules put them: sigmoid outputs in (0, 1), softmax outputs > 0.
 */
import { sameShape, type Node, type NodeId, type Shape } from '../ir/graph.js';
import { opDef, type OpAttrs, type OpKind } from '../ir/ops.js';

export interface RuleContext {
  node(id: NodeId): Node;
  shapeOf(id: NodeId): Shape;
  constant(value: number, shape?: Shape, mPower?: number): NodeId;
  /** Builds a node (itself simplified). */
  op<K extends OpKind>(op: K, inputs: readonly NodeId[], attrs: OpAttrs[K]): NodeId;
}

export interface Rule {
  readonly name: string;
  readonly comment: string;
  apply(node: Node, ctx: RuleContext): NodeId | null;
}

function rule<T>(
  name: string,
  comment: string,
  match: (node: Node, ctx: RuleContext) => T | null,
  rewrite: (bindings: T, ctx: RuleContext, node: Node) => NodeId,
): Rule {
  return {
    name,
    comment,
    apply(node, ctx) {
      const bindings = match(node, ctx);
      return bindings === null ? null : rewrite(bindings, ctx, node);
    },
  };
}

interface Const {
  readonly value: number;
  readonly mPower: number;
  readonly shape: Shape;
}

function constOf(ctx: RuleContext, id: NodeId): Const | null {
  const node = ctx.node(id);
  return node.op === 'const' ? (node.attrs as OpAttrs['const']) : null;
}

function scalarConst(ctx: RuleContext, id: NodeId): Const | null {
  const c = constOf(ctx, id);
  return c !== null && c.shape.length === 0 ? c : null;
}

/** The operand orders a pattern may match in: both for commutative ops. */
function orders(node: Node): [NodeId, NodeId][] {
  const [a, b] = node.inputs;
  return opDef(node.op).commutative ? [[a, b], [b, a]] : [[a, b]];
}

/** The first operand order for which `test` returns bindings. */
function matchBinary<T>(node: Node, op: OpKind, test: (a: NodeId, b: NodeId) => T | null): T | null {
  if (node.op !== op) return null;
  for (const [a, b] of orders(node)) {
    const found = test(a, b);
    if (found !== null) return found;
  }
  return null;
}

function inner(ctx: RuleContext, id: NodeId, op: OpKind): Node | null {
  const node = ctx.node(id);
  return node.op === op ? node : null;
}

const mul = (ctx: RuleContext, a: NodeId, b: NodeId): NodeId => ctx.op('mul', [a, b], {});
const REDUCTIONS: readonly OpKind[] = ['sum_cols', 'sum_rows', 'sum_all'];

/** Folds `op` over constant inputs, or null when the result is not a plain constant. */
function foldConstants(node: Node, inputs: readonly Const[]): Const | null {
  const powers = inputs.map((c) => c.mPower);
  if (node.op === 'mul') return { value: inputs[0].value * inputs[1].value, mPower: powers[0] + powers[1], shape: node.shape };
  if (node.op === 'div') return { value: inputs[0].value / inputs[1].value, mPower: powers[0] - powers[1], shape: node.shape };
  if (node.op === 'neg') return { value: -inputs[0].value, mPower: powers[0], shape: node.shape };
  if ((node.op === 'add' || node.op === 'sub') && powers[0] === powers[1]) {
    const value = node.op === 'add' ? inputs[0].value + inputs[1].value : inputs[0].value - inputs[1].value;
    return { value, mPower: powers[0], shape: node.shape };
  }
  if (REDUCTIONS.includes(node.op)) {
    const [x] = inputs;
    const summed = node.op === 'sum_all' ? x.shape : node.op === 'sum_cols' ? x.shape.slice(1) : x.shape.slice(0, 1);
    const count = summed.reduce<number>((n, d) => (d === 'm' ? n : n * d), 1);
    const mCount = summed.filter((d) => d === 'm').length;
    return { value: x.value * count, mPower: x.mPower + mCount, shape: node.shape };
  }
  const scalar = opDef(node.op).scalar as ((attrs: unknown) => (...x: number[]) => number) | null;
  if (scalar === null || powers.some((p) => p !== 0)) return null;
  return { value: scalar(node.attrs)(...inputs.map((c) => c.value)), mPower: 0, shape: node.shape };
}

export const RULES: readonly Rule[] = [
  rule(
    'fold-constants',
    'an op whose inputs are all constants is the constant it computes (m powers tracked)',
    (node, ctx) => {
      if (node.inputs.length === 0) return null;
      const inputs = node.inputs.map((i) => constOf(ctx, i));
      if (inputs.some((c) => c === null) || node.op === 'matmul' || opDef(node.op).opClass === 'columnwise') return null;
      return foldConstants(node, inputs as Const[]);
    },
    (c, ctx) => ctx.constant(c.value, c.shape, c.mPower),
  ),
  rule('neg-as-factor', 'neg(x) -> x * -1, so negation merges with other constant factors',
    (node) => (node.op === 'neg' ? node.inputs[0] : null),
    (x, ctx) => mul(ctx, x, ctx.constant(-1))),
  rule('div-by-constant', 'x / c -> x * (1/c)',
    (node, ctx) => (node.op === 'div' ? scalarConstPair(ctx, node.inputs[0], node.inputs[1]) : null),
    ([x, c], ctx) => mul(ctx, x, ctx.constant(1 / c.value, [], -c.mPower))),
  rule('scalar-filled-const', 'a filled constant as wide as the result of add/sub/mul/div is just a scalar',
    (node, ctx) => {
      if (!['add', 'sub', 'mul', 'div'].includes(node.op)) return null;
      const k = node.inputs.findIndex((i) => {
        const c = constOf(ctx, i);
        return c !== null && c.shape.length > 0;
      });
      if (k < 0 || !sameShape(ctx.shapeOf(node.inputs[1 - k]), node.shape)) return null;
      return { k, c: constOf(ctx, node.inputs[k]) as Const };
    },
    ({ k, c }, ctx, node) => {
      const inputs = [...node.inputs];
      inputs[k] = ctx.constant(c.value, [], c.mPower);
      return ctx.op(node.op, inputs, {});
    }),
  rule('mul-by-one', 'x * 1 -> x',
    (node, ctx) => matchBinary(node, 'mul', (x, c) => {
      const k = constOf(ctx, c);
      return k !== null && k.value === 1 && k.mPower === 0 && sameShape(ctx.shapeOf(x), node.shape) ? x : null;
    }),
    (x) => x),
  rule('mul-by-zero', 'x * 0 -> 0',
    (node, ctx) => matchBinary(node, 'mul', (_, c) => (constOf(ctx, c)?.value === 0 ? true : null)),
    (_, ctx, node) => ctx.constant(0, node.shape)),
  rule('add-zero', 'x + 0 -> x and x - 0 -> x',
    (node, ctx) => {
      if (node.op !== 'add' && node.op !== 'sub') return null;
      const pairs = node.op === 'add' ? orders(node) : [[node.inputs[0], node.inputs[1]]];
      const hit = pairs.find(([x, c]) => constOf(ctx, c)?.value === 0 && sameShape(ctx.shapeOf(x), node.shape));
      return hit === undefined ? null : hit[0];
    },
    (x) => x),
  rule('merge-factors', '(x * c1) * c2 -> x * (c1 c2)',
    (node, ctx) => matchBinary(node, 'mul', (left, c2) => {
      const k2 = scalarConst(ctx, c2);
      const m = inner(ctx, left, 'mul');
      if (k2 === null || m === null) return null;
      const pair = scalarConstPairAny(ctx, m);
      return pair === null ? null : { x: pair[0], c: k2.value * pair[1].value, p: k2.mPower + pair[1].mPower };
    }),
    ({ x, c, p }, ctx) => mul(ctx, x, ctx.constant(c, [], p))),
  rule('float-factor-mul', '(a * c) * b -> (a * b) * c: scalar constants move outward',
    (node, ctx) => matchBinary(node, 'mul', (left, b) => {
      const m = inner(ctx, left, 'mul');
      if (m === null || constOf(ctx, b) !== null) return null;
      const pair = scalarConstPairAny(ctx, m);
      return pair === null ? null : { a: pair[0], c: pair[2], b };
    }),
    ({ a, b, c }, ctx) => mul(ctx, mul(ctx, a, b), c)),
  rule('float-factor-div', '(a * c) / b -> (a / b) * c',
    (node, ctx) => {
      if (node.op !== 'div') return null;
      const m = inner(ctx, node.inputs[0], 'mul');
      const pair = m === null ? null : scalarConstPairAny(ctx, m);
      return pair === null ? null : { a: pair[0], c: pair[2], b: node.inputs[1] };
    },
    ({ a, b, c }, ctx) => mul(ctx, ctx.op('div', [a, b], {}), c)),
  rule('float-factor-matmul', 'matmul(a * c, b) -> matmul(a, b) * c, either side',
    (node, ctx) => {
      if (node.op !== 'matmul') return null;
      for (const k of [0, 1]) {
        const m = inner(ctx, node.inputs[k], 'mul');
        const pair = m === null ? null : scalarConstPairAny(ctx, m);
        if (pair !== null) return { k, a: pair[0], c: pair[2] };
      }
      return null;
    },
    ({ k, a, c }, ctx, node) => {
      const inputs = [...node.inputs];
      inputs[k] = a;
      return mul(ctx, ctx.op('matmul', inputs, node.attrs as OpAttrs['matmul']), c);
    }),
  rule('float-factor-sum', 'sum(a * c) -> sum(a) * c for every reduction',
    (node, ctx) => {
      if (!REDUCTIONS.includes(node.op)) return null;
      const m = inner(ctx, node.inputs[0], 'mul');
      const pair = m === null ? null : scalarConstPairAny(ctx, m);
      return pair === null ? null : { a: pair[0], c: pair[2] };
    },
    ({ a, c }, ctx, node) => mul(ctx, ctx.op(node.op, [a], {}), c)),
  rule('cancel-division', '(x / y) * y -> x (the loss derivative meets the activation derivative)',
    (node, ctx) => matchBinary(node, 'mul', (left, y) => {
      const d = inner(ctx, left, 'div');
      return d !== null && d.inputs[1] === y && sameShape(ctx.shapeOf(d.inputs[0]), node.shape) ? d.inputs[0] : null;
    }),
    (x) => x),
  rule('onehot-column-sum', 'sum_rows(Y) -> 1 when Y holds one-hot columns',
    (node, ctx) => {
      if (node.op !== 'sum_rows') return null;
      const y = ctx.node(node.inputs[0]);
      return y.op === 'input' && (y.attrs as OpAttrs['input']).onehot ? true : null;
    },
    (_, ctx, node) => ctx.constant(1, node.shape)),
  rule('factor-constant', '(x * c) - c -> (x - 1) * c',
    (node, ctx) => {
      if (node.op !== 'sub') return null;
      const m = inner(ctx, node.inputs[0], 'mul');
      const pair = m === null ? null : scalarConstPairAny(ctx, m);
      const c = constOf(ctx, node.inputs[1]);
      if (pair === null || c === null || c.value !== pair[1].value || c.mPower !== pair[1].mPower) return null;
      return sameShape(ctx.shapeOf(pair[0]), node.shape) ? { x: pair[0], c: pair[2] } : null;
    },
    ({ x, c }, ctx) => mul(ctx, ctx.op('sub', [x, ctx.constant(1)], {}), c)),
  rule('cancel-distribute', 'x * (y / x - z) -> y - x * z (distribute only where a division cancels)',
    (node, ctx) => matchBinary(node, 'mul', (x, right) => {
      const s = inner(ctx, right, 'sub');
      const d = s === null ? null : inner(ctx, s.inputs[0], 'div');
      if (s === null || d === null || d.inputs[1] !== x || !sameShape(ctx.shapeOf(d.inputs[0]), node.shape)) return null;
      return { x, y: d.inputs[0], z: s.inputs[1] };
    }),
    ({ x, y, z }, ctx) => ctx.op('sub', [y, mul(ctx, x, z)], {})),
  rule('cancel-distribute-right', 'x * (z - y / x) -> x * z - y (the mirror image)',
    (node, ctx) => matchBinary(node, 'mul', (x, right) => {
      const s = inner(ctx, right, 'sub');
      const d = s === null ? null : inner(ctx, s.inputs[1], 'div');
      if (s === null || d === null || d.inputs[1] !== x || !sameShape(ctx.shapeOf(d.inputs[0]), node.shape)) return null;
      return { x, y: d.inputs[0], z: s.inputs[0] };
    }),
    ({ x, y, z }, ctx) => ctx.op('sub', [mul(ctx, x, z), y], {})),
  rule('flip-negated-difference', '(a - b) * c with c < 0 -> (b - a) * (-c)',
    (node, ctx) => matchBinary(node, 'mul', (left, c) => {
      const s = inner(ctx, left, 'sub');
      const k = scalarConst(ctx, c);
      return s !== null && k !== null && k.value < 0 ? { s, k } : null;
    }),
    ({ s, k }, ctx) => mul(ctx, ctx.op('sub', [s.inputs[1], s.inputs[0]], {}), ctx.constant(-k.value, [], k.mPower))),
];

/** [x, c] when the binary node is x (op) scalar-const c in this operand order. */
function scalarConstPair(ctx: RuleContext, x: NodeId, c: NodeId): [NodeId, Const] | null {
  const k = scalarConst(ctx, c);
  return k === null || constOf(ctx, x) !== null ? null : [x, k];
}

/** For a mul node x * c (either order, c a scalar constant, x not constant): [x, c, id of c]. */
function scalarConstPairAny(ctx: RuleContext, m: Node): [NodeId, Const, NodeId] | null {
  for (const [x, c] of orders(m)) {
    const pair = scalarConstPair(ctx, x, c);
    if (pair !== null) return [pair[0], pair[1], c];
  }
  return null;
}
