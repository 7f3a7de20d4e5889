/**
 * How WGSL spells each elementwise op of the op table (their meaning is `OPS[op].scalar`); this
 * table holds spelling only. Ops that need a guard or a temporary call one of the small helper
 * functions below and name it; the emitter records the helpers while it spells a kernel and
 * includes their code (helperCode), so no shader is scanned after the fact.
 */
import type { ElementwiseOp, OpAttrs } from '../ir/ops.js';
import { Wgsl, f32, wgsl } from './wgsl.js';

/** The helper functions of WGSL_HELPERS. */
export type HelperName =
  | 'nnc_square'
  | 'nnc_sigmoid'
  | 'nnc_tanh'
  | 'nnc_leaky_relu'
  | 'nnc_bce'
  | 'nnc_cce'
  | 'nnc_mse'
  | 'nnc_log1p'
  | 'nnc_bce_logits';

/** An op's spelling, and the helper it calls (the emitter records it while rendering). */
export interface WgslSpelling<K extends ElementwiseOp> {
  readonly helper?: HelperName;
  readonly spell: (args: readonly Wgsl[], attrs: OpAttrs[K]) => Wgsl;
}

type Spelling = { readonly [K in ElementwiseOp]: WgslSpelling<K> };

export const WGSL_SPELLING: Spelling = {
  add: { spell: ([a, b]) => wgsl`(${a} + ${b})` },
  sub: { spell: ([a, b]) => wgsl`(${a} - ${b})` },
  mul: { spell: ([a, b]) => wgsl`(${a} * ${b})` },
  div: { spell: ([a, b]) => wgsl`(${a} / ${b})` },
  neg: { spell: ([a]) => wgsl`(-${a})` },
  exp: { spell: ([a]) => wgsl`exp(${a})` },
  log: { spell: ([a]) => wgsl`log(${a})` },
  square: { helper: 'nnc_square', spell: ([a]) => wgsl`nnc_square(${a})` },
  sqrt: { spell: ([a]) => wgsl`sqrt(${a})` },
  sigmoid: { helper: 'nnc_sigmoid', spell: ([a]) => wgsl`nnc_sigmoid(${a})` },
  tanh: { helper: 'nnc_tanh', spell: ([a]) => wgsl`nnc_tanh(${a})` },
  relu: { spell: ([a]) => wgsl`max(${a}, 0.0f)` },
  leaky_relu: { helper: 'nnc_leaky_relu', spell: ([a], { slope }) => wgsl`nnc_leaky_relu(${a}, ${f32(slope)})` },
  relu_grad: { spell: ([a]) => wgsl`select(0.0f, 1.0f, ${a} > 0.0f)` },
  leaky_relu_grad: { spell: ([a], { slope }) => wgsl`select(${f32(slope)}, 1.0f, ${a} > 0.0f)` },
  bce: { helper: 'nnc_bce', spell: ([a, y]) => wgsl`nnc_bce(${a}, ${y})` },
  cce: { helper: 'nnc_cce', spell: ([a, y]) => wgsl`nnc_cce(${a}, ${y})` },
  mse: { helper: 'nnc_mse', spell: ([a, y]) => wgsl`nnc_mse(${a}, ${y})` },
  bce_logits: { helper: 'nnc_bce_logits', spell: ([z, y]) => wgsl`nnc_bce_logits(${z}, ${y})` },
};

/** Helper functions the spellings call; a kernel includes those it uses (and their dependencies). */
const HELPERS: readonly { readonly name: HelperName; readonly uses: readonly HelperName[]; readonly code: Wgsl }[] = [
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

/** The code of the named helpers and of the helpers they call, in table order. */
export function helperCode(used: Iterable<HelperName>): Wgsl[] {
  const wanted = new Set<HelperName>();
  const want = (name: HelperName): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    HELPERS.find((h) => h.name === name)?.uses.forEach(want);
  };
  for (const name of used) want(name);
  return HELPERS.filter((h) => wanted.has(h.name)).map((h) => h.code);
}
