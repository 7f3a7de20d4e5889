/**
 * How WebAssembly text spells each elementwise op of the op table, for scalars (f32 / f64) and,
 * where the op has one, for SIMD lanes (f32x4 / f64x2). Each spelling computes exactly what
 * `OPS[op].scalar` computes, with the same operations in the same order as the TypeScript
 * spelling (emit-typescript/spelling.ts), so that f64 results are bit-identical to the
 * TypeScript target. exp, log, log1p and tanh are the host's Math functions, imported.
 *
 * A spelling receives its arguments through `arg(i)`: the text of argument i. Arguments used
 * more than once are bound to a local by the caller (see wat-expr.ts), so a spelling may call
 * `arg(i)` as often as it needs, in the order its text reads.
 */
import type { ElementwiseOp, OpAttrs } from '../ir/ops.js';
import { mathCall, mathCallLanes, type MathFunction } from './wasm-math.js';

export type Scalar = 'f32' | 'f64';
/** The SIMD shape of a scalar type: four f32 or two f64 lanes in one v128. */
export const LANES: Readonly<Record<Scalar, number>> = { f32: 4, f64: 2 };
export const BYTES: Readonly<Record<Scalar, number>> = { f32: 4, f64: 8 };
export const VECTOR: Readonly<Record<Scalar, string>> = { f32: 'f32x4', f64: 'f64x2' };

/** The Math functions a module imports (module "math"), all f64 -> f64 (exp and tanh are its own, wasm-math.ts). */
export const IMPORTED = ['log', 'log1p'] as const;
export type Imported = (typeof IMPORTED)[number];

type Arg = (i: number) => string;

export interface WasmSpelling<K extends ElementwiseOp> {
  /** Scalar text of type T; `call` wraps an imported Math function for T. */
  scalar(arg: Arg, T: Scalar, attrs: OpAttrs[K], call: (fn: Imported, x: string) => string): string;
  /** v128 text (lanes of T), or absent when the op has no SIMD spelling here. */
  vector?(arg: Arg, T: Scalar, attrs: OpAttrs[K]): string;
  /** The imported functions the scalar spelling calls. */
  readonly imports?: readonly Imported[];
  /** The module's own math functions (wasm-math.ts) the spellings call. */
  readonly math?: readonly MathFunction[];
}

const c = (T: Scalar, value: number): string => `(${T}.const ${numberText(value)})`;
const v = (T: Scalar, value: number): string => `(${VECTOR[T]}.splat (${T}.const ${numberText(value)}))`;

/** A number as WebAssembly text: shortest round-trip decimal, or inf / nan. */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

const binary = <K extends 'add' | 'sub' | 'mul' | 'div'>(op: K): WasmSpelling<K> => ({
  scalar: (a, T) => `(${T}.${op} ${a(0)} ${a(1)})`,
  vector: (a, T) => `(${VECTOR[T]}.${op} ${a(0)} ${a(1)})`,
});

/** `z > 0 ? yes : no`, with NaN taking `no` as in JavaScript. */
const positive = (T: Scalar, yes: string, no: string, z: string) => `(select ${yes} ${no} (${T}.gt ${z} ${c(T, 0)}))`;
const positiveLanes = (T: Scalar, yes: string, no: string, z: string) =>
  `(v128.bitselect ${yes} ${no} (${VECTOR[T]}.gt ${z} ${v(T, 0)}))`;

export const WASM_SPELLING: { readonly [K in ElementwiseOp]: WasmSpelling<K> } = {
  add: binary('add'),
  sub: binary('sub'),
  mul: binary('mul'),
  div: binary('div'),
  neg: { scalar: (a, T) => `(${T}.neg ${a(0)})`, vector: (a, T) => `(${VECTOR[T]}.neg ${a(0)})` },
  sqrt: { scalar: (a, T) => `(${T}.sqrt ${a(0)})`, vector: (a, T) => `(${VECTOR[T]}.sqrt ${a(0)})` },
  square: { scalar: (a, T) => `(${T}.mul ${a(0)} ${a(0)})`, vector: (a, T) => `(${VECTOR[T]}.mul ${a(0)} ${a(0)})` },
  exp: {
    scalar: (a, T) => mathCall('exp', a(0), T),
    vector: (a, T) => mathCallLanes('exp', a(0), T),
    math: ['exp'],
  },
  log: { scalar: (a, _T, _attrs, call) => call('log', a(0)), imports: ['log'] },
  tanh: {
    scalar: (a, T) => mathCall('tanh', a(0), T),
    vector: (a, T) => mathCallLanes('tanh', a(0), T),
    math: ['tanh'],
  },
  // 1 / (1 + exp(-z)), in the model's precision
  sigmoid: {
    scalar: (a, T) => `(${T}.div ${c(T, 1)} (${T}.add ${c(T, 1)} ${mathCall('exp', `(${T}.neg ${a(0)})`, T)}))`,
    vector: (a, T) => `(${VECTOR[T]}.div ${v(T, 1)} (${VECTOR[T]}.add ${v(T, 1)} ${mathCallLanes('exp', `(${VECTOR[T]}.neg ${a(0)})`, T)}))`,
    math: ['exp'],
  },
  // z > 0 ? z : 0
  relu: {
    scalar: (a, T) => positive(T, a(0), c(T, 0), a(0)),
    vector: (a, T) => positiveLanes(T, a(0), v(T, 0), a(0)),
  },
  // z > 0 ? z : slope * z
  leaky_relu: {
    scalar: (a, T, { slope }) => positive(T, a(0), `(${T}.mul ${c(T, slope)} ${a(0)})`, a(0)),
    vector: (a, T, { slope }) => positiveLanes(T, a(0), `(${VECTOR[T]}.mul ${v(T, slope)} ${a(0)})`, a(0)),
  },
  // z > 0 ? 1 : 0
  relu_grad: {
    scalar: (a, T) => positive(T, c(T, 1), c(T, 0), a(0)),
    vector: (a, T) => positiveLanes(T, v(T, 1), v(T, 0), a(0)),
  },
  // z > 0 ? 1 : slope
  leaky_relu_grad: {
    scalar: (a, T, { slope }) => positive(T, c(T, 1), c(T, slope), a(0)),
    vector: (a, T, { slope }) => positiveLanes(T, v(T, 1), v(T, slope), a(0)),
  },
  // -(y * Math.log(a) + (1 - y) * Math.log(1 - a))
  bce: {
    scalar: (a, T, _attrs, call) =>
      `(${T}.neg (${T}.add (${T}.mul ${a(1)} ${call('log', a(0))}) (${T}.mul (${T}.sub ${c(T, 1)} ${a(1)}) ${call('log', `(${T}.sub ${c(T, 1)} ${a(0)})`)})))`,
    imports: ['log'],
  },
  // y === 0 ? 0 : -y * Math.log(a)
  cce: {
    scalar: (a, T, _attrs, call) => `(select ${c(T, 0)} (${T}.mul (${T}.neg ${a(1)}) ${call('log', a(0))}) (${T}.eq ${a(1)} ${c(T, 0)}))`,
    imports: ['log'],
  },
  // 0.5 * (a - y) * (a - y)
  mse: {
    scalar: (a, T) => `(${T}.mul (${T}.mul ${c(T, 0.5)} (${T}.sub ${a(0)} ${a(1)})) (${T}.sub ${a(0)} ${a(1)}))`,
    vector: (a, T) => `(${VECTOR[T]}.mul (${VECTOR[T]}.mul ${v(T, 0.5)} (${VECTOR[T]}.sub ${a(0)} ${a(1)})) (${VECTOR[T]}.sub ${a(0)} ${a(1)}))`,
  },
  // Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)))
  bce_logits: {
    scalar: (a, T, _attrs, call) =>
      `(${T}.add (${T}.sub (${T}.max ${a(0)} ${c(T, 0)}) (${T}.mul ${a(0)} ${a(1)})) ${call('log1p', mathCall('exp', `(${T}.neg (${T}.abs ${a(0)}))`, T))})`,
    imports: ['log1p'],
    math: ['exp'],
  },
};
