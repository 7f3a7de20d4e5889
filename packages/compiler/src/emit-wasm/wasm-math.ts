/**
 * exp, expm1 and tanh written in WebAssembly (scalar f64 and f64x2 lanes), so that activations
 * run inside the kernels, on whole vectors, instead of calling the host's Math one element at a
 * time (a call out of WebAssembly costs more than the function). f32 models compute them in f64
 * and round once, as the TypeScript target does.
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

/** The functions (scalar and vector) a module needs for `used`, as WAT text. */
export function mathFunctions(used: ReadonlySet<MathFunction>): string[] {
  const out: string[] = [];
  if (used.has('exp')) out.push(exp('f64'), exp('f64x2'));
  if (used.has('tanh')) out.push(tanh('f64'), tanh('f64x2'));
  return out;
}

type Shape = 'f64' | 'f64x2';
const T = (s: Shape) => (s === 'f64' ? 'f64' : 'v128');
const op = (s: Shape, name: string) => `${s}.${name}`;
const constant = (s: Shape, value: number) => (s === 'f64' ? `(f64.const ${value})` : `(f64x2.splat (f64.const ${value}))`);
const suffix = (s: Shape) => (s === 'f64' ? '' : '_v');
const locals = (s: Shape) => `(local $k ${T(s)}) (local $r ${T(s)}) (local $r2 ${T(s)}) (local $r4 ${T(s)}) (local $p ${T(s)})`;

/**
 * The reduction of `$y` (in place, one function body, no calls): $k = round(y / ln2),
 * $r = y - k ln2 in two steps, $p = e^r - 1 = r + r^2 Q(r).
 */
function reduction(s: Shape): string[] {
  // Q by Estrin's scheme: pairs c_n + c_{n+1} r, then r^2, r^4 and r^8 join them, so the longest
  // chain of dependent operations is 6 deep instead of Horner's 11 (the activations are
  // latency-bound: each call evaluates one value or one vector).
  const c = [...Q_COEFFICIENTS].reverse(); // 1/2!, 1/3!, ..., 1/13!
  const mulAdd = (a: string, b: string, x: string) => `(${op(s, 'add')} ${a} (${op(s, 'mul')} ${b} ${x}))`;
  const pair = (n: number) => mulAdd(constant(s, c[n]), constant(s, c[n + 1]), '(local.get $r)');
  const quad = (n: number) => mulAdd(pair(n), pair(n + 2), '(local.get $r2)');
  const q = mulAdd(mulAdd(quad(0), quad(4), '(local.get $r4)'), quad(8), `(${op(s, 'mul')} (local.get $r4) (local.get $r4))`);
  return [
    // k = round(y / ln2): adding and subtracting 1.5 * 2^52 rounds to the nearest integer.
    `(local.set $k (${op(s, 'sub')} (${op(s, 'add')} (${op(s, 'mul')} (local.get $y) ${constant(s, INV_LN2)}) ${constant(s, ROUNDER)}) ${constant(s, ROUNDER)}))`,
    `(local.set $r (${op(s, 'sub')} (${op(s, 'sub')} (local.get $y) (${op(s, 'mul')} (local.get $k) ${constant(s, LN2_HI)})) (${op(s, 'mul')} (local.get $k) ${constant(s, LN2_LO)})))`,
    `(local.set $r2 (${op(s, 'mul')} (local.get $r) (local.get $r)))`,
    `(local.set $r4 (${op(s, 'mul')} (local.get $r2) (local.get $r2)))`,
    `(local.set $p (${op(s, 'add')} (local.get $r) (${op(s, 'mul')} (local.get $r2) ${q})))`,
  ];
}

/** 1.5 * 2^52: adding it rounds to an integer and leaves that integer in the low bits (|k| < 2^51). */
const ROUNDER = 6755399441055744;
/** 1023 - bits(ROUNDER), as a signed 64-bit integer: bits(k + ROUNDER) + EXPONENT_BIAS = k + 1023. */
const EXPONENT_BIAS = String(1023n - 0x4338000000000000n);

/** 2^k from a float k holding an integer with -1022 <= k <= 1023: k + 1023 in the exponent bits. */
function powerOfTwo(s: Shape, k: string): string {
  const biased = (bits: string) =>
    s === 'f64' ? `(i64.add ${bits} (i64.const ${EXPONENT_BIAS}))` : `(i64x2.add ${bits} (i64x2.splat (i64.const ${EXPONENT_BIAS})))`;
  const shifted = `(${op(s, 'add')} ${k} ${constant(s, ROUNDER)})`;
  return s === 'f64'
    ? `(f64.reinterpret_i64 (i64.shl ${biased(`(i64.reinterpret_f64 ${shifted})`)} (i64.const 52)))`
    : `(i64x2.shl ${biased(shifted)} (i32.const 52))`;
}

/** min then max on y; lanes use the one-instruction pseudo-min/max (y first, so NaN stays NaN). */
function clampTo(s: Shape, y: string, low: number, high: number): string {
  const [min, max] = s === 'f64' ? ['min', 'max'] : ['pmin', 'pmax'];
  return `(${op(s, max)} (${op(s, min)} ${y} ${constant(s, high)}) ${constant(s, low)})`;
}

function exp(s: Shape): string {
  return [
    `  (func $nnc_exp${suffix(s)} (param $y ${T(s)}) (result ${T(s)})`,
    `    ;; 2^k (1 + (e^r - 1)), 2^k as 2^k1 2^k2 with k1 = trunc(k / 2); y clamped to [-746, 710]`,
    `    ${locals(s)} (local $k1 ${T(s)})`,
    `    (local.set $y ${clampTo(s, '(local.get $y)', -746, 710)})`,
    ...reduction(s).map((line) => `    ${line}`),
    `    (local.set $k1 (${op(s, 'trunc')} (${op(s, 'mul')} (local.get $k) ${constant(s, 0.5)})))`,
    `    (${op(s, 'mul')} (${op(s, 'mul')} (${op(s, 'add')} ${constant(s, 1)} (local.get $p)) ${powerOfTwo(s, '(local.get $k1)')}) ${powerOfTwo(s, `(${op(s, 'sub')} (local.get $k) (local.get $k1))`)})`,
    '  )',
  ].join('\n');
}

function tanh(s: Shape): string {
  const two = `(local.get $two)`;
  const sign =
    s === 'f64'
      ? (value: string) => `(f64.copysign ${value} (local.get $x))`
      : (value: string) => `(v128.or ${value} (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))`;
  return [
    `  (func $nnc_tanh${suffix(s)} (param $x ${T(s)}) (result ${T(s)})`,
    `    ;; sign(x) t / (t + 2), t = expm1(y) = 2^k (e^r - 1) + (2^k - 1), y = 2 min(|x|, 22) (so 0 <= k <= 64)`,
    `    (local $y ${T(s)}) (local $two ${T(s)}) (local $t ${T(s)}) ${locals(s)}`,
    `    (local.set $y (${op(s, 'mul')} ${constant(s, 2)} (${op(s, s === 'f64' ? 'min' : 'pmin')} (${op(s, 'abs')} (local.get $x)) ${constant(s, 22)})))`,
    ...reduction(s).map((line) => `    ${line}`),
    `    (local.set $two ${powerOfTwo(s, '(local.get $k)')})`,
    `    (local.set $t (${op(s, 'add')} (${op(s, 'mul')} (local.get $p) ${two}) (${op(s, 'sub')} ${two} ${constant(s, 1)})))`,
    `    ${sign(`(${op(s, 'div')} (local.get $t) (${op(s, 'add')} (local.get $t) ${constant(s, 2)}))`)}`,
    '  )',
  ].join('\n');
}

/** A call of one of these functions on T text, scalar or vector; f32 goes through f64 and back. */
export function mathCall(fn: MathFunction, x: string, T: 'f32' | 'f64'): string {
  return T === 'f64' ? `(call $nnc_${fn} ${x})` : `(f32.demote_f64 (call $nnc_${fn} (f64.promote_f32 ${x})))`;
}

/**
 * `body` (an f64x2 expression of its argument) on the lanes of a v128 of T: directly for f64;
 * for f32, on the low and the high pair of lanes in f64, then rounded back and joined.
 * `arg` is the v128 text, which this reads twice for f32 (the caller binds it to a local).
 */
export function wideLanes(T: 'f32' | 'f64', arg: () => string, body: (x: string) => string): string {
  if (T === 'f64') return body(arg());
  const low = `(f64x2.promote_low_f32x4 ${arg()})`;
  const high = `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${arg()} ${arg()}))`;
  const lanes = (x: string) => `(f32x4.demote_f64x2_zero ${body(x)})`;
  return `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${lanes(low)} ${lanes(high)})`;
}
