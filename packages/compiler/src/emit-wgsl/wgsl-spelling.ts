/**
 * How WGSL spells each elementwise op of the op table (their meaning is `OPS[op].scalar`); this
 * table holds spelling only. Ops that need a guard or a temporary call the small helpers of
 * WGSL_HELPERS, which a kernel includes when it calls them.
 */
import type { ElementwiseOp, OpAttrs } from '../ir/ops.js';
import { Wgsl, f32, wgsl } from './wgsl.js';

type Spelling = { readonly [K in ElementwiseOp]: (args: readonly Wgsl[], attrs: OpAttrs[K]) => Wgsl };

export const WGSL_SPELLING: Spelling = {
  add: ([a, b]) => wgsl`(${a} + ${b})`,
  sub: ([a, b]) => wgsl`(${a} - ${b})`,
  mul: ([a, b]) => wgsl`(${a} * ${b})`,
  div: ([a, b]) => wgsl`(${a} / ${b})`,
  neg: ([a]) => wgsl`(-${a})`,
  exp: ([a]) => wgsl`exp(${a})`,
  log: ([a]) => wgsl`log(${a})`,
  square: ([a]) => wgsl`nnc_square(${a})`,
  sqrt: ([a]) => wgsl`sqrt(${a})`,
  sigmoid: ([a]) => wgsl`nnc_sigmoid(${a})`,
  tanh: ([a]) => wgsl`nnc_tanh(${a})`,
  relu: ([a]) => wgsl`max(${a}, 0.0f)`,
  leaky_relu: ([a], { slope }) => wgsl`nnc_leaky_relu(${a}, ${f32(slope)})`,
  relu_grad: ([a]) => wgsl`select(0.0f, 1.0f, ${a} > 0.0f)`,
  leaky_relu_grad: ([a], { slope }) => wgsl`select(${f32(slope)}, 1.0f, ${a} > 0.0f)`,
  bce: ([a, y]) => wgsl`nnc_bce(${a}, ${y})`,
  cce: ([a, y]) => wgsl`nnc_cce(${a}, ${y})`,
  mse: ([a, y]) => wgsl`nnc_mse(${a}, ${y})`,
  bce_logits: ([z, y]) => wgsl`nnc_bce_logits(${z}, ${y})`,
};

/** Helper functions the spellings call; a kernel includes those it uses (and their dependencies). */
const HELPERS: readonly { readonly name: string; readonly uses: readonly string[]; readonly code: Wgsl }[] = [
  { name: 'nnc_square', uses: [], code: wgsl`fn nnc_square(x: f32) -> f32 { return x * x; }` },
  { name: 'nnc_sigmoid', uses: [], code: wgsl`fn nnc_sigmoid(z: f32) -> f32 { return 1.0f / (1.0f + exp(-z)); }` },
  {
    name: 'nnc_tanh',
    uses: [],
    code: wgsl`// tanh(15) rounds to 1 in f32; clamping keeps exp-based tanh implementations from overflowing.
fn nnc_tanh(z: f32) -> f32 { return tanh(clamp(z, -15.0f, 15.0f)); }`,
  },
  { name: 'nnc_leaky_relu', uses: [], code: wgsl`fn nnc_leaky_relu(z: f32, slope: f32) -> f32 { return select(slope * z, z, z > 0.0f); }` },
  { name: 'nnc_bce', uses: [], code: wgsl`fn nnc_bce(a: f32, y: f32) -> f32 { return -(y * log(a) + (1.0f - y) * log(1.0f - a)); }` },
  { name: 'nnc_cce', uses: [], code: wgsl`fn nnc_cce(a: f32, y: f32) -> f32 { return select(-y * log(a), 0.0f, y == 0.0f); }` },
  { name: 'nnc_mse', uses: [], code: wgsl`fn nnc_mse(a: f32, y: f32) -> f32 { return 0.5f * (a - y) * (a - y); }` },
  {
    name: 'nnc_log1p',
    uses: [],
    code: wgsl`// log(1 + x) accurate for small x (WGSL has no log1p): corrects the rounding of 1 + x.
fn nnc_log1p(x: f32) -> f32 {
  let u = 1.0f + x;
  if (u == 1.0f) { return x; }
  return log(u) * (x / (u - 1.0f));
}`,
  },
  {
    name: 'nnc_bce_logits',
    uses: ['nnc_log1p'],
    code: wgsl`// bce(sigmoid(z), y) without overflow: max(z, 0) - z y + log(1 + exp(-|z|)).
fn nnc_bce_logits(z: f32, y: f32) -> f32 { return max(z, 0.0f) - z * y + nnc_log1p(exp(-abs(z))); }`,
  },
];

/** The helper functions that `code` calls, dependencies first, in table order. */
export function helpersFor(code: string): Wgsl[] {
  const wanted = new Set<string>();
  const want = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    HELPERS.find((h) => h.name === name)?.uses.forEach(want);
  };
  for (const helper of HELPERS) if (new RegExp(`\\b${helper.name}\\(`).test(code)) want(helper.name);
  return HELPERS.filter((h) => wanted.has(h.name)).map((h) => h.code);
}
