/**
 * The op table: every primitive of the graph IR, in one place.
 *
 * Each entry says how many inputs the op takes, what kind of loop it becomes (leaf, elementwise,
 * matmul, reduction, per-column), its shape rule, a reference evaluator for the IR interpreter,
 * the per-element scalar function of elementwise ops (shared by the interpreter and, as the
 * meaning behind each backend's spelling, by the emitters), and its derivative rule: the textbook
 * local derivative, built as graph nodes. Reverse mode (derive-gradients) uses nothing else.
 *
 * Loss ops are elementwise per-example terms; the cost is (1/m) sum_all(term), built by lowering.
 */
import type { DType, NodeId, Shape } from './graph.js';
import { columnwise, filled, mapTensors, matmulTensors, resolveShape, sumTensor, type Tensor } from './tensor.js';

type NoAttrs = Readonly<Record<never, never>>;

/** Scalar inputs the host sets before the update phase (Adam's bias corrections). */
export type InputName = 'X' | 'Y' | 'bias_correction1' | 'bias_correction2';

export interface OpAttrs {
  input: { readonly name: InputName; readonly shape: Shape; readonly onehot: boolean };
  param: { readonly name: string; readonly shape: Shape };
  slot: { readonly name: string; readonly shape: Shape };
  /** A tensor filled with value * m^mPower (mPower -1 is the folded 1/m). */
  const: { readonly value: number; readonly mPower: number; readonly shape: Shape };
  matmul: { readonly transA: boolean; readonly transB: boolean };
  add: NoAttrs;
  sub: NoAttrs;
  mul: NoAttrs;
  div: NoAttrs;
  neg: NoAttrs;
  exp: NoAttrs;
  log: NoAttrs;
  square: NoAttrs;
  sqrt: NoAttrs;
  sigmoid: NoAttrs;
  tanh: NoAttrs;
  relu: NoAttrs;
  leaky_relu: { readonly slope: number };
  relu_grad: NoAttrs;
  leaky_relu_grad: { readonly slope: number };
  softmax: NoAttrs;
  logsumexp: NoAttrs;
  sum_cols: NoAttrs;
  sum_rows: NoAttrs;
  sum_all: NoAttrs;
  bce: NoAttrs;
  cce: NoAttrs;
  mse: NoAttrs;
  bce_logits: NoAttrs;
}

export type OpKind = keyof OpAttrs;

/** How an op turns into loops; the fusion pass and the emitters dispatch on it. */
export type OpClass = 'leaf' | 'elementwise' | 'matmul' | 'reduce' | 'columnwise';

/** The ops whose per-element value is a scalar function of their inputs' elements. */
export type ElementwiseOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'exp' | 'log' | 'square' | 'sqrt' | 'sigmoid' | 'tanh'
  | 'relu' | 'leaky_relu' | 'relu_grad' | 'leaky_relu_grad' | 'bce' | 'cce' | 'mse' | 'bce_logits';

export interface EvalEnv {
  readonly m: number;
  /** Values of inputs, parameters and slots, by name. */
  leaf(name: string): Tensor;
}

/** What a derivative rule may build (implemented by derive-gradients over the graph builder). */
export interface DerivativeBuilder {
  op<K extends OpKind>(op: K, inputs: readonly NodeId[], attrs: OpAttrs[K]): NodeId;
  constant(value: number, shape?: Shape): NodeId;
  shapeOf(id: NodeId): Shape;
}

export interface DerivativeArgs<K extends OpKind> {
  /** The op's inputs, its output y, and the adjoint dy = dJ/dy. */
  readonly x: readonly NodeId[];
  readonly y: NodeId;
  readonly dy: NodeId;
  readonly attrs: OpAttrs[K];
}

export interface OpDef<K extends OpKind> {
  readonly arity: number;
  readonly opClass: OpClass;
  /** add and mul: operand order does not matter (hash-consing sorts, rules match both orders). */
  readonly commutative: boolean;
  shape(inputs: readonly Shape[], attrs: OpAttrs[K]): Shape | string;
  evaluate(inputs: readonly Tensor[], attrs: OpAttrs[K], env: EvalEnv): Tensor;
  /** Elementwise ops only: the function applied to each element. */
  readonly scalar: ((attrs: OpAttrs[K]) => (...x: number[]) => number) | null;
  /** dJ/dx for each input given dJ/dy (null: no gradient flows, e.g. into labels). */
  derivative(b: DerivativeBuilder, args: DerivativeArgs<K>): readonly (NodeId | null)[];
}

const NONE: readonly (NodeId | null)[] = [];

/** value * m^mPower, computed as the emitters spell it (value / m for mPower -1). */
export function constValue(value: number, mPower: number, m: number): number {
  return mPower < 0 ? value / m ** -mPower : value * m ** mPower;
}

/** Broadcasting rule of binary elementwise ops: equal shapes, a scalar, or a (n,1)/(1,m) vector. */
export function broadcastShapes(a: Shape, b: Shape): Shape | string {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const rows = a[0] === b[0] ? a[0] : a[0] === 1 ? b[0] : b[0] === 1 ? a[0] : null;
  const cols = a[1] === b[1] ? a[1] : a[1] === 1 ? b[1] : b[1] === 1 ? a[1] : null;
  if (rows === null || cols === null) return `cannot broadcast [${a.join(',')}] with [${b.join(',')}]`;
  return [rows, cols];
}

function leaf<K extends 'input' | 'param' | 'slot'>(): OpDef<K> {
  return {
    arity: 0, opClass: 'leaf', commutative: false, scalar: null,
    shape: (_, attrs) => attrs.shape,
    evaluate: (_, attrs, env) => env.leaf(attrs.name),
    derivative: () => NONE,
  };
}

function elementwise<K extends ElementwiseOp>(
  arity: 1 | 2,
  scalar: (attrs: OpAttrs[K]) => (...x: number[]) => number,
  derivative: OpDef<K>['derivative'],
  commutative = false,
): OpDef<K> {
  return {
    arity, opClass: 'elementwise', commutative, scalar, derivative,
    shape: (inputs) => (arity === 1 ? inputs[0] : broadcastShapes(inputs[0], inputs[1])),
    evaluate(inputs, attrs) {
      const rows = Math.max(...inputs.map((t) => t.rows));
      const cols = Math.max(...inputs.map((t) => t.cols));
      return mapTensors(rows, cols, inputs, scalar(attrs));
    },
  };
}

function reduction<K extends 'sum_cols' | 'sum_rows' | 'sum_all'>(axis: 'cols' | 'rows' | 'all'): OpDef<K> {
  return {
    arity: 1, opClass: 'reduce', commutative: false, scalar: null,
    shape: ([x]) => (x.length !== 2 ? `sums take a matrix, got [${x.join(',')}]` : axis === 'all' ? [] : axis === 'cols' ? [x[0], 1] : [1, x[1]]),
    evaluate: ([x]) => sumTensor(x, axis),
    // The sum's adjoint reaches every summed element: dy broadcast back to x's shape.
    derivative: (b, { x, dy }) => [b.op('mul', [dy, b.constant(1, b.shapeOf(x[0]))], {})],
  };
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export const OPS = {
  // Data (X, Y) and host-set scalars.
  input: leaf<'input'>(),
  // Trainable W[l], b[l].
  param: leaf<'param'>(),
  // Optimizer moments (vW1, sW1 ...).
  slot: leaf<'slot'>(),
  // A filled tensor; 1/m and friends are consts with mPower != 0.
  const: {
    arity: 0, opClass: 'leaf', commutative: false, scalar: null,
    shape: (_, attrs) => attrs.shape,
    evaluate: (_, a, env) => filled(...resolveShape(a.shape, env.m), constValue(a.value, a.mPower, env.m)),
    derivative: () => NONE,
  },
  // Y = op(A) op(B): dop(A) = dY op(B)^T, dop(B) = op(A)^T dY, transposed back where needed.
  matmul: {
    arity: 2, opClass: 'matmul', commutative: false, scalar: null,
    shape([a, b], { transA, transB }) {
      const [rows, innerA] = transA ? [a[1], a[0]] : [a[0], a[1]];
      const [innerB, cols] = transB ? [b[1], b[0]] : [b[0], b[1]];
      return innerA === innerB ? [rows, cols] : `matmul inner sizes ${innerA} and ${innerB} differ`;
    },
    evaluate: ([a, b], { transA, transB }) => matmulTensors(a, b, transA, transB),
    derivative: (b, { x: [A, B], dy, attrs: { transA, transB } }) => [
      transA ? b.op('matmul', [B, dy], { transA: transB, transB: true }) : b.op('matmul', [dy, B], { transA: false, transB: !transB }),
      transB ? b.op('matmul', [dy, A], { transA: true, transB: transA }) : b.op('matmul', [A, dy], { transA: !transA, transB: false }),
    ],
  },
  // d(a+b) = (dy, dy)
  add: elementwise<'add'>(2, () => (a, b) => a + b, (_, { dy }) => [dy, dy], true),
  // d(a-b) = (dy, -dy)
  sub: elementwise<'sub'>(2, () => (a, b) => a - b, (b, { dy }) => [dy, b.op('neg', [dy], {})]),
  // d(a*b) = (dy*b, dy*a)
  mul: elementwise<'mul'>(2, () => (a, b) => a * b, (b, { x, dy }) => [b.op('mul', [dy, x[1]], {}), b.op('mul', [dy, x[0]], {})], true),
  // d(a/b) = (dy/b, -dy*y/b)
  div: elementwise<'div'>(2, () => (a, b) => a / b, (b, { x, y, dy }) => [
    b.op('div', [dy, x[1]], {}),
    b.op('neg', [b.op('div', [b.op('mul', [dy, y], {}), x[1]], {})], {}),
  ]),
  // d(-a) = -dy
  neg: elementwise<'neg'>(1, () => (a) => -a, (b, { dy }) => [b.op('neg', [dy], {})]),
  // d exp(a) = dy * y
  exp: elementwise<'exp'>(1, () => Math.exp, (b, { y, dy }) => [b.op('mul', [dy, y], {})]),
  // d log(a) = dy / a
  log: elementwise<'log'>(1, () => Math.log, (b, { x, dy }) => [b.op('div', [dy, x[0]], {})]),
  // d a^2 = dy * (2 a)
  square: elementwise<'square'>(1, () => (a) => a * a, (b, { x, dy }) => [b.op('mul', [dy, b.op('mul', [b.constant(2), x[0]], {})], {})]),
  // d sqrt(a) = dy / (2 y)
  sqrt: elementwise<'sqrt'>(1, () => Math.sqrt, (b, { y, dy }) => [b.op('div', [dy, b.op('mul', [b.constant(2), y], {})], {})]),
  // sigmoid' = y (1 - y)
  sigmoid: elementwise<'sigmoid'>(1, () => sigmoid, (b, { y, dy }) => [
    b.op('mul', [dy, b.op('mul', [y, b.op('sub', [b.constant(1), y], {})], {})], {}),
  ]),
  // tanh' = 1 - y^2
  tanh: elementwise<'tanh'>(1, () => Math.tanh, (b, { y, dy }) => [
    b.op('mul', [dy, b.op('sub', [b.constant(1), b.op('square', [y], {})], {})], {}),
  ]),
  // relu' = step(z)
  relu: elementwise<'relu'>(1, () => (z) => (z > 0 ? z : 0), (b, { x, dy }) => [b.op('mul', [dy, b.op('relu_grad', x, {})], {})]),
  // leaky_relu(z) = z > 0 ? z : slope z; derivative 1 or slope
  leaky_relu: elementwise<'leaky_relu'>(1, ({ slope }) => (z) => (z > 0 ? z : slope * z), (b, { x, dy, attrs }) => [
    b.op('mul', [dy, b.op('leaky_relu_grad', x, attrs)], {}),
  ]),
  // 1 if z > 0 else 0; its own derivative is zero almost everywhere
  relu_grad: elementwise<'relu_grad'>(1, () => (z) => (z > 0 ? 1 : 0), () => [null]),
  // 1 if z > 0 else slope
  leaky_relu_grad: elementwise<'leaky_relu_grad'>(1, ({ slope }) => (z) => (z > 0 ? 1 : slope), () => [null]),
  // softmax over each column: dz = y * (dy - sum_rows(dy * y))
  softmax: {
    arity: 1, opClass: 'columnwise', commutative: false, scalar: null,
    shape: ([x]) => x,
    evaluate: ([x]) => columnwise(x, 'softmax'),
    derivative: (b, { y, dy }) => [
      b.op('mul', [y, b.op('sub', [dy, b.op('sum_rows', [b.op('mul', [dy, y], {})], {})], {})], {}),
    ],
  },
  // log sum exp over each column (n,m) -> (1,m), max-shifted; d = dy * softmax(x)
  logsumexp: {
    arity: 1, opClass: 'columnwise', commutative: false, scalar: null,
    shape: ([x]) => [1, x[1]],
    evaluate: ([x]) => columnwise(x, 'logsumexp'),
    derivative: (b, { x, dy }) => [b.op('mul', [dy, b.op('softmax', x, {})], {})],
  },
  // (n,m) -> (n,1): the sum over the m columns (db).
  sum_cols: reduction<'sum_cols'>('cols'),
  // (n,m) -> (1,m): the sum down each column.
  sum_rows: reduction<'sum_rows'>('rows'),
  // -> []: the sum of every element.
  sum_all: reduction<'sum_all'>('all'),
  // -(y log a + (1-y) log(1-a)); d/da = (a - y) / (a (1 - a))
  bce: elementwise<'bce'>(2, () => (a, y) => -(y * Math.log(a) + (1 - y) * Math.log(1 - a)), (b, { x: [a, y], dy }) => [
    b.op('mul', [dy, b.op('div', [b.op('sub', [a, y], {}), b.op('mul', [a, b.op('sub', [b.constant(1), a], {})], {})], {})], {}),
    null,
  ]),
  // -y log a (0 where y = 0); d/da = -(y / a)
  cce: elementwise<'cce'>(2, () => (a, y) => (y === 0 ? 0 : -y * Math.log(a)), (b, { x: [a, y], dy }) => [
    b.op('mul', [dy, b.op('neg', [b.op('div', [y, a], {})], {})], {}),
    null,
  ]),
  // (a - y)^2 / 2; d/da = a - y
  mse: elementwise<'mse'>(2, () => (a, y) => 0.5 * (a - y) * (a - y), (b, { x: [a, y], dy }) => [
    b.op('mul', [dy, b.op('sub', [a, y], {})], {}),
    null,
  ]),
  // bce(sigmoid(z), y) written to never overflow: max(z,0) - z y + log(1 + exp(-|z|)); d/dz = sigmoid(z) - y
  bce_logits: elementwise<'bce_logits'>(
    2,
    () => (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))),
    (b, { x: [z, y], dy }) => [b.op('mul', [dy, b.op('sub', [b.op('sigmoid', [z], {}), y], {})], {}), null],
  ),
} satisfies { [K in OpKind]: OpDef<K> };

/** The table entry of `op`, typed for that op. */
export function opDef<K extends OpKind>(op: K): OpDef<K> {
  return (OPS as { [P in OpKind]: OpDef<P> })[op];
}

export function isElementwise(op: OpKind): op is ElementwiseOp {
  return OPS[op].opClass === 'elementwise';
}

export type { DType };
