/**
 * How TypeScript spells each elementwise op of the op table, and the small helper functions
 * some spellings call (emitted into the module only when used). The helpers compute exactly
 * what `OPS[op].scalar` computes; only the spelling lives here.
 */
import type { ElementwiseOp, OpAttrs } from '../ir/ops.js';

/** Precedence of a rendered expression: 1 additive, 2 multiplicative, 3 unary, 4 atom / call. */
export interface Rendered {
  readonly text: string;
  readonly prec: number;
}

export interface Spelling<K extends ElementwiseOp> {
  render(args: readonly Rendered[], attrs: OpAttrs[K]): Rendered;
  /** Name of the helper function the spelling calls, if any (see HELPERS). */
  readonly helper?: HelperName;
}

const group = (r: Rendered, min: number): string => (r.prec >= min ? r.text : `(${r.text})`);
const infix = (op: string, prec: number) => ([a, b]: readonly Rendered[]): Rendered => ({
  text: `${group(a, prec)} ${op} ${group(b, prec + 1)}`,
  prec,
});
const call = (fn: string) => (args: readonly Rendered[]): Rendered => ({ text: `${fn}(${args.map((a) => a.text).join(', ')})`, prec: 4 });

/** The helper functions: parameters (all numbers), body, and an optional doc line. */
export interface Helper {
  readonly params: readonly string[];
  readonly body: string;
  readonly doc?: string;
}

export const HELPERS = {
  square: { params: ['x'], body: 'return x * x;' },
  sigmoid: { params: ['z'], body: 'return 1 / (1 + Math.exp(-z));' },
  relu: { params: ['z'], body: 'return z > 0 ? z : 0;' },
  leakyRelu: { params: ['z', 'slope'], body: 'return z > 0 ? z : slope * z;' },
  reluGrad: { params: ['z'], body: 'return z > 0 ? 1 : 0;' },
  leakyReluGrad: { params: ['z', 'slope'], body: 'return z > 0 ? 1 : slope;' },
  bce: { params: ['a', 'y'], body: 'return -(y * Math.log(a) + (1 - y) * Math.log(1 - a));', doc: 'Binary cross-entropy of one output.' },
  cce: { params: ['a', 'y'], body: 'return y === 0 ? 0 : -y * Math.log(a);', doc: 'Categorical cross-entropy term -y log a (0 where y = 0).' },
  mse: { params: ['a', 'y'], body: 'return 0.5 * (a - y) * (a - y);', doc: 'Half squared error.' },
  bceLogits: {
    params: ['z', 'y'],
    body: 'return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));',
    doc: 'bce(sigmoid(z), y) computed from the logit z, finite for every z.',
  },
} as const satisfies Record<string, Helper>;
export type HelperName = keyof typeof HELPERS;

export const TS_SPELLING: { readonly [K in ElementwiseOp]: Spelling<K> } = {
  add: { render: infix('+', 1) },
  sub: { render: infix('-', 1) },
  mul: { render: infix('*', 2) },
  div: { render: infix('/', 2) },
  neg: { render: ([a]) => ({ text: `-${group(a, 4)}`, prec: 3 }) },
  exp: { render: call('Math.exp') },
  log: { render: call('Math.log') },
  sqrt: { render: call('Math.sqrt') },
  tanh: { render: call('Math.tanh') },
  square: { render: call('square'), helper: 'square' },
  sigmoid: { render: call('sigmoid'), helper: 'sigmoid' },
  relu: { render: call('relu'), helper: 'relu' },
  leaky_relu: { render: ([z], { slope }) => call('leakyRelu')([z, { text: String(slope), prec: 4 }]), helper: 'leakyRelu' },
  relu_grad: { render: call('reluGrad'), helper: 'reluGrad' },
  leaky_relu_grad: { render: ([z], { slope }) => call('leakyReluGrad')([z, { text: String(slope), prec: 4 }]), helper: 'leakyReluGrad' },
  bce: { render: call('bce'), helper: 'bce' },
  cce: { render: call('cce'), helper: 'cce' },
  mse: { render: call('mse'), helper: 'mse' },
  bce_logits: { render: call('bceLogits'), helper: 'bceLogits' },
};
