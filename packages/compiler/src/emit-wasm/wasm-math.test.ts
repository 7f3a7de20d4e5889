/**
 * The module's own exp and tanh against the host's Math.exp / Math.tanh (V8's, within 1 ulp of
 * the correctly rounded value): scalar and vector lanes agree with each other bit for bit, and
 * with Math within 2 ulp (exp) and 4 ulp (tanh) over 60,000 points on three scales, plus the
 * special values (NaN, infinities, signed zeros, overflow, subnormal results, underflow). The f32
 * functions (f32 models compute in f32, as f32 libraries do) likewise against Math rounded to
 * f32: within 1 f32 ulp (exp) and 2 (tanh), f32x4 lanes equal to scalars.
 */
import { describe, expect, it } from 'vitest';
import { assembleWat } from './assemble.js';
import { mathFunctions } from './wasm-math.js';

interface MathExports {
  exp(x: number): number;
  tanh(x: number): number;
  expLanes(a: number, b: number): number;
  tanhLane(x: number): number;
}

async function instantiate(): Promise<MathExports> {
  const wat = `(module ${mathFunctions(new Set(['exp', 'tanh'])).join('\n')}
  (func (export "exp") (param f64) (result f64) (call $nnc_exp (local.get 0)))
  (func (export "tanh") (param f64) (result f64) (call $nnc_tanh (local.get 0)))
  (func (export "expLanes") (param f64 f64) (result f64)
    (f64x2.extract_lane 1 (call $nnc_exp_v (f64x2.replace_lane 1 (f64x2.splat (local.get 0)) (local.get 1)))))
  (func (export "tanhLane") (param f64) (result f64) (f64x2.extract_lane 1 (call $nnc_tanh_v (f64x2.splat (local.get 0))))))`;
  const module = new WebAssembly.Module((await assembleWat(wat)) as Uint8Array<ArrayBuffer>);
  return new WebAssembly.Instance(module, {}).exports as unknown as MathExports;
}

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(got: number, want: number): number {
  if (Object.is(got, want)) return 0;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return Infinity;
  const bits = new BigInt64Array(new Float64Array([got, want]).buffer);
  return Math.abs(Number(bits[0] - bits[1]));
}

describe('the WebAssembly exp and tanh', () => {
  it('are within 2 ulp (exp) and 4 ulp (tanh) of Math, lanes equal to scalars', async () => {
    const e = await instantiate();
    let state = 12345;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
    const worst = { exp: 0, tanh: 0 };
    for (let k = 0; k < 60000; k++) {
      const x = (next() - 0.5) * [1400, 40, 1e-6][k % 3];
      worst.exp = Math.max(worst.exp, ulps(e.exp(x), Math.exp(x)));
      worst.tanh = Math.max(worst.tanh, ulps(e.tanh(x), Math.tanh(x)));
      expect(e.expLanes(0.5, x)).toBe(e.exp(x));
      expect(e.tanhLane(x)).toBe(e.tanh(x));
    }
    expect(worst.exp).toBeLessThanOrEqual(2);
    expect(worst.tanh).toBeLessThanOrEqual(4);
  });

  it('give the special values of Math.exp and Math.tanh', async () => {
    const e = await instantiate();
    for (const x of [0, -0, NaN, Infinity, -Infinity, 709.78, 709.79, 1e300, -1e300, -708.4, -720, -745.1, -745.2, 1e-310, 22, 30, -30]) {
      expect(ulps(e.exp(x), Math.exp(x)), `exp(${x})`).toBeLessThanOrEqual(2);
      expect(ulps(e.tanh(x), Math.tanh(x)), `tanh(${x})`).toBeLessThanOrEqual(4);
    }
    expect(Object.is(e.tanh(-0), -0)).toBe(true);
  });
});

interface MathExportsF32 {
  exp(x: number): number;
  tanh(x: number): number;
  expLane(x: number): number;
  tanhLanes(a: number, x: number): number;
}

async function instantiateF32(): Promise<MathExportsF32> {
  const wat = `(module ${mathFunctions(new Set(['exp', 'tanh']), 'f32').join('\n')}
  (func (export "exp") (param f32) (result f32) (call $nnc_expf (local.get 0)))
  (func (export "tanh") (param f32) (result f32) (call $nnc_tanhf (local.get 0)))
  (func (export "expLane") (param f32) (result f32) (f32x4.extract_lane 2 (call $nnc_expf_v (f32x4.splat (local.get 0)))))
  (func (export "tanhLanes") (param f32 f32) (result f32)
    (f32x4.extract_lane 3 (call $nnc_tanhf_v (f32x4.replace_lane 3 (f32x4.splat (local.get 0)) (local.get 1))))))`;
  const module = new WebAssembly.Module((await assembleWat(wat)) as Uint8Array<ArrayBuffer>);
  return new WebAssembly.Instance(module, {}).exports as unknown as MathExportsF32;
}

/** Distance in f32 units in the last place between two finite floats of the same sign. */
function ulpsF32(got: number, want: number): number {
  const [a, b] = [Math.fround(got), Math.fround(want)];
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  return Math.abs(bits[0] - bits[1]);
}

describe('the WebAssembly exp and tanh of f32 models', () => {
  it('are within 1 f32 ulp (exp) and 2 (tanh) of Math rounded to f32, lanes equal to scalars', async () => {
    const e = await instantiateF32();
    let state = 6789;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
    const worst = { exp: 0, tanh: 0 };
    for (let k = 0; k < 60000; k++) {
      const x = Math.fround((next() - 0.5) * [200, 24, 1e-4][k % 3]);
      worst.exp = Math.max(worst.exp, ulpsF32(e.exp(x), Math.exp(x)));
      worst.tanh = Math.max(worst.tanh, ulpsF32(e.tanh(x), Math.tanh(x)));
      expect(e.expLane(x)).toBe(e.exp(x));
      expect(e.tanhLanes(0.5, x)).toBe(e.tanh(x));
    }
    expect(worst.exp).toBeLessThanOrEqual(1);
    expect(worst.tanh).toBeLessThanOrEqual(2);
    // Not exact either: an f64 evaluation rounded once would show 0 or 1 here.
    expect(worst.tanh).toBeGreaterThan(0);
  });

  it('give the special values of Math.exp and Math.tanh in f32', async () => {
    const e = await instantiateF32();
    // 88.72 is below the largest finite exp, 88.73 above; -87.3 near the smallest normal result,
    // -100 subnormal, -104 zero; tanh reaches 1 (rounded) beyond 9.01.
    for (const x of [0, -0, NaN, Infinity, -Infinity, 88.72, 88.73, 3e38, -3e38, -87.3, -100, -103.9, -104, 1e-40, 9, 10, 30, -30]) {
      const f = Math.fround(x);
      expect(ulpsF32(e.exp(f), Math.exp(f)), `exp(${x})`).toBeLessThanOrEqual(1);
      expect(ulpsF32(e.tanh(f), Math.tanh(f)), `tanh(${x})`).toBeLessThanOrEqual(2);
    }
    expect(Object.is(e.tanh(-0), -0)).toBe(true);
    expect(e.exp(Math.fround(-100))).toBeGreaterThan(0);
    expect(e.tanh(Math.fround(10))).toBe(1);
  });
});
