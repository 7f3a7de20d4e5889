/**
 * exp, expm1 and tanh written in WebAssembly (scalar f64 and f64x2 lanes for f64 models, scalar
 * f32 and f32x4 lanes for f32 models), so that activations run inside the kernels, on whole
 * vectors, instead of calling the host's Math one element at a time (a call out of WebAssembly
 * costs more than the function).
 *
 * Method (the textbook one): x = k ln2 + r with k = round(x / ln2), |r| <= ln2 / 2, r computed
 * in two steps with ln2 = LN2_HI + LN2_LO (LN2_HI has 21 trailing zero bits, so k * LN2_HI is
 * exact for |k| < 2^21); e^r - 1 = r + r^2 Q(r) with Q the Taylor series of (e^r - 1 - r) / r^2
 * to degree 11 (the first term left out is r^14 / 14! < 2^-57 relative), evaluated by Estrin's
 * scheme; then
 *   exp(x)   = 2^k (1 + (e^r - 1))
 *   expm1(x) = 2^k (e^r - 1) + (2^k - 1)      (no cancellation near 0: k = 0 there)
 *   tanh(x)  = sign(x) t / (t + 2),  t = expm1(2 |x|), |x| capped at 22 (tanh 22 rounds to 1)
 * 2^k is built from exponent bits in two factors, so that results that overflow give infinity
 * and results below the normal range come out subnormal or zero. x is clamped to [-746, 710]
 * first (beyond, exp is 0 or infinity anyway); NaN stays NaN. Accuracy: within 2 ulp of the
 * correctly rounded value for exp, 3 ulp for tanh (tested against Math.exp / Math.tanh).
 *
 * f32 models compute the same way in f32 arithmetic, as f32 libraries do (numpy's float32 tanh,
 * TensorFlow.js): ln2 split as Cephes's expf, Q to degree 6, x clamped to [-104, 89], tanh's |x|
 * capped at 10; within 1 f32 ulp (exp) and 2 (tanh) of Math rounded to f32 (tested). Four lanes
 * a vector instead of two f64 lanes and back: planar's step (tanh on 1,600 values) took half the
 * time it took with the f64 functions. The TypeScript target calls Math in f64 and rounds once,
 * so the two targets' f32 activations differ in the last bit or two.
 */

/** ln 2 split: LN2_HI = 0x3FE62E42FEE00000, LN2_LO = round(ln 2 - LN2_HI) = 0x3DEA39EF35793C76. */
export const LN2_HI = 0.6931471803691238;
export const LN2_LO = 1.9082149292705877e-10;
export const INV_LN2 = 1.4426950408889634;

/** 1/n! for n = 13 down to 2: the coefficients of Q, highest first (Horner order). */
export const Q_COEFFICIENTS: readonly number[] = Array.from({ length: 12 }, (_, k) => {
  const n = 13 - k;
  let factorial = 1;
  for (let i = 2; i <= n; i++) factorial *= i;
  return 1 / factorial;
});

export type MathFunction = 'exp' | 'tanh';

/** The functions (scalar and vector) a module of scalar type T needs for `used`, as WAT text. */
export function mathFunctions(used: ReadonlySet<MathFunction>, T: 'f32' | 'f64' = 'f64'): string[] {
  const [scalar, lanes] = T === 'f64' ? (['f64', 'f64x2'] as const) : (['f32', 'f32x4'] as const);
  const out: string[] = [];
  if (used.has('exp')) out.push(exp(scalar), exp(lanes));
  if (used.has('tanh')) out.push(tanh(scalar), tanh(lanes));
  return out;
}

type Shape = 'f64' | 'f64x2' | 'f32' | 'f32x4';
const T = (s: Shape) => (s === 'f64' || s === 'f32' ? s : 'v128');
const isScalar = (s: Shape) => s === 'f64' || s === 'f32';
const single = (s: Shape) => s === 'f32' || s === 'f32x4';
const op = (s: Shape, name: string) => `${s}.${name}`;
const constant = (s: Shape, value: number) => {
  const scalar = single(s) ? 'f32' : 'f64';
  return isScalar(s) ? `(${scalar}.const ${value})` : `(${s}.splat (${scalar}.const ${value}))`;
};
/** Function names: $nnc_exp (f64), $nnc_exp_v (f64x2), $nnc_expf (f32), $nnc_expf_v (f32x4). */
const suffix = (s: Shape) => `${single(s) ? 'f' : ''}${isScalar(s) ? '' : '_v'}`;
const locals = (s: Shape) => `(local $k ${T(s)}) (local $r ${T(s)}) (local $r2 ${T(s)}) (local $r4 ${T(s)}) (local $p ${T(s)})`;

/**
 * f32's own constants: ln 2 split as Cephes's expf does (LN2_HI_F32 = 355/512 has 9 significant
 * bits, so k * LN2_HI_F32 is exact for the |k| <= 150 of f32), and Q to 1/8! (the first term left
 * out, r^7 / 9!, is below 2^-30 relative: a quarter of f32's rounding error is far above it).
 */
export const LN2_HI_F32 = 0.693359375;
export const LN2_LO_F32 = -2.12194440054690583e-4;
const Q_COEFFICIENTS_F32 = Q_COEFFICIENTS.slice(Q_COEFFICIENTS.length - 7);

/**
 * The reduction of `$y` (in place, one function body, no calls): $k = round(y / ln2),
 * $r = y - k ln2 in two steps, $p = e^r - 1 = r + r^2 Q(r).
 */
function reduction(s: Shape): string[] {
  // Q by Estrin's scheme: pairs c_n + c_{n+1} r, then r^2, r^4 and r^8 join them, so the longest
  // chain of dependent operations is 6 deep instead of Horner's 11 (the activations are
  // latency-bound: each call evaluates one value or one vector).
  const c = [...(single(s) ? Q_COEFFICIENTS_F32 : Q_COEFFICIENTS)].reverse(); // 1/2!, 1/3!, ...
  const mulAdd = (a: string, b: string, x: string) => `(${op(s, 'add')} ${a} (${op(s, 'mul')} ${b} ${x}))`;
  const pair = (n: number) => (n + 1 < c.length ? mulAdd(constant(s, c[n]), constant(s, c[n + 1]), '(local.get $r)') : constant(s, c[n]));
  const quad = (n: number) => mulAdd(pair(n), pair(n + 2), '(local.get $r2)');
  // f64: 12 coefficients, three quads joined by r^4 and r^8; f32: 7, two quads joined by r^4.
  const q = single(s)
    ? mulAdd(quad(0), quad(4), '(local.get $r4)')
    : mulAdd(mulAdd(quad(0), quad(4), '(local.get $r4)'), quad(8), `(${op(s, 'mul')} (local.get $r4) (local.get $r4))`);
  const [ln2Hi, ln2Lo] = single(s) ? [LN2_HI_F32, LN2_LO_F32] : [LN2_HI, LN2_LO];
  const rounder = single(s) ? ROUNDER_F32 : ROUNDER;
  return [
    // k = round(y / ln2): adding and subtracting 1.5 * 2^52 (f32: 2^23) rounds to the nearest integer.
    `(local.set $k (${op(s, 'sub')} (${op(s, 'add')} (${op(s, 'mul')} (local.get $y) ${constant(s, INV_LN2)}) ${constant(s, rounder)}) ${constant(s, rounder)}))`,
    `(local.set $r (${op(s, 'sub')} (${op(s, 'sub')} (local.get $y) (${op(s, 'mul')} (local.get $k) ${constant(s, ln2Hi)})) (${op(s, 'mul')} (local.get $k) ${constant(s, ln2Lo)})))`,
    `(local.set $r2 (${op(s, 'mul')} (local.get $r) (local.get $r)))`,
    `(local.set $r4 (${op(s, 'mul')} (local.get $r2) (local.get $r2)))`,
    `(local.set $p (${op(s, 'add')} (local.get $r) (${op(s, 'mul')} (local.get $r2) ${q})))`,
  ];
}

/** 1.5 * 2^52: adding it rounds to an integer and leaves that integer in the low bits (|k| < 2^51). */
const ROUNDER = 6755399441055744;
/** 1023 - bits(ROUNDER), as a signed 64-bit integer: bits(k + ROUNDER) + EXPONENT_BIAS = k + 1023. */
const EXPONENT_BIAS = String(1023n - 0x4338000000000000n);
/** The same for f32: 1.5 * 2^23 (|k| < 2^22), and 127 - bits(ROUNDER_F32) as a signed 32-bit integer. */
const ROUNDER_F32 = 12582912;
const EXPONENT_BIAS_F32 = String(127 - 0x4b400000);

/** 2^k from a float k holding an integer within the normal exponents (f64: -1022..1023; f32: -126..127). */
function powerOfTwo(s: Shape, k: string): string {
  if (single(s)) {
    const shiftedF32 = `(${op(s, 'add')} ${k} ${constant(s, ROUNDER_F32)})`;
    return s === 'f32'
      ? `(f32.reinterpret_i32 (i32.shl (i32.add (i32.reinterpret_f32 ${shiftedF32}) (i32.const ${EXPONENT_BIAS_F32})) (i32.const 23)))`
      : `(i32x4.shl (i32x4.add ${shiftedF32} (i32x4.splat (i32.const ${EXPONENT_BIAS_F32}))) (i32.const 23))`;
  }
  const biased = (bits: string) =>
    s === 'f64' ? `(i64.add ${bits} (i64.const ${EXPONENT_BIAS}))` : `(i64x2.add ${bits} (i64x2.splat (i64.const ${EXPONENT_BIAS})))`;
  const shifted = `(${op(s, 'add')} ${k} ${constant(s, ROUNDER)})`;
  return s === 'f64'
    ? `(f64.reinterpret_i64 (i64.shl ${biased(`(i64.reinterpret_f64 ${shifted})`)} (i64.const 52)))`
    : `(i64x2.shl ${biased(shifted)} (i32.const 52))`;
}

/** min then max on y; lanes use the one-instruction pseudo-min/max (y first, so NaN stays NaN). */
function clampTo(s: Shape, y: string, low: number, high: number): string {
  const [min, max] = isScalar(s) ? ['min', 'max'] : ['pmin', 'pmax'];
  return `(${op(s, max)} (${op(s, min)} ${y} ${constant(s, high)}) ${constant(s, low)})`;
}

function exp(s: Shape): string {
  // Beyond the clamp exp is 0 or infinity anyway: f64 [-746, 710], f32 [-104, 89].
  const [low, high] = single(s) ? [-104, 89] : [-746, 710];
  return [
    `  (func $nnc_exp${suffix(s)} (param $y ${T(s)}) (result ${T(s)})`,
    `    ;; 2^k (1 + (e^r - 1)), 2^k as 2^k1 2^k2 with k1 = trunc(k / 2); y clamped to [${low}, ${high}]`,
    `    ${locals(s)} (local $k1 ${T(s)})`,
    `    (local.set $y ${clampTo(s, '(local.get $y)', low, high)})`,
    ...reduction(s).map((line) => `    ${line}`),
    `    (local.set $k1 (${op(s, 'trunc')} (${op(s, 'mul')} (local.get $k) ${constant(s, 0.5)})))`,
    `    (${op(s, 'mul')} (${op(s, 'mul')} (${op(s, 'add')} ${constant(s, 1)} (local.get $p)) ${powerOfTwo(s, '(local.get $k1)')}) ${powerOfTwo(s, `(${op(s, 'sub')} (local.get $k) (local.get $k1))`)})`,
    '  )',
  ].join('\n');
}

function tanh(s: Shape): string {
  const two = `(local.get $two)`;
  // |x| capped where tanh rounds to 1: 22 (f64), 10 (f32); so 0 <= k <= 64 (f64), 29 (f32).
  const cap = single(s) ? 10 : 22;
  const signBit = s === 'f32x4' ? 'i32x4 0x80000000 0x80000000 0x80000000 0x80000000' : 'i64x2 0x8000000000000000 0x8000000000000000';
  const sign = isScalar(s)
    ? (value: string) => `(${s}.copysign ${value} (local.get $x))`
    : (value: string) => `(v128.or ${value} (v128.and (local.get $x) (v128.const ${signBit})))`;
  return [
    `  (func $nnc_tanh${suffix(s)} (param $x ${T(s)}) (result ${T(s)})`,
    `    ;; sign(x) t / (t + 2), t = expm1(y) = 2^k (e^r - 1) + (2^k - 1), y = 2 min(|x|, ${cap}) (so 0 <= k <= ${single(s) ? 29 : 64})`,
    `    (local $y ${T(s)}) (local $two ${T(s)}) (local $t ${T(s)}) ${locals(s)}`,
    `    (local.set $y (${op(s, 'mul')} ${constant(s, 2)} (${op(s, isScalar(s) ? 'min' : 'pmin')} (${op(s, 'abs')} (local.get $x)) ${constant(s, cap)})))`,
    ...reduction(s).map((line) => `    ${line}`),
    `    (local.set $two ${powerOfTwo(s, '(local.get $k)')})`,
    `    (local.set $t (${op(s, 'add')} (${op(s, 'mul')} (local.get $p) ${two}) (${op(s, 'sub')} ${two} ${constant(s, 1)})))`,
    `    ${sign(`(${op(s, 'div')} (local.get $t) (${op(s, 'add')} (local.get $t) ${constant(s, 2)}))`)}`,
    '  )',
  ].join('\n');
}

/** A call of one of these functions on T text, scalar or vector (f32 models have their own, in f32). */
export function mathCall(fn: MathFunction, x: string, T: 'f32' | 'f64'): string {
  return T === 'f64' ? `(call $nnc_${fn} ${x})` : `(call $nnc_${fn}f ${x})`;
}

/** The same on a v128 of T's lanes. */
export function mathCallLanes(fn: MathFunction, x: string, T: 'f32' | 'f64'): string {
  return T === 'f64' ? `(call $nnc_${fn}_v ${x})` : `(call $nnc_${fn}f_v ${x})`;
}
