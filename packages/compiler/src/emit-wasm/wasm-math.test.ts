/**
 * The module's own exp and tanh against the host's Math.exp / Math.tanh (V8's, within 1 ulp of
 * the correctly rounded value): scalar and vector lanes agree with each other bit for bit, and
 * with Math within 2 ulp (exp) and 4 ulp (tanh) over 60,000 points on three scales, plus the
 * special values (NaN, infinities, signed zeros, overflow, subnormal results, underflow).
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
