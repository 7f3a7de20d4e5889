/**
 * Sums of an elementwise expression over a (rows, cols) domain, then stores that use the sum:
 *   axis 'cols': acc = sum_j input(i, j), stored at (i, 0)   (db = (1/m) sum over examples of dZ)
 *   axis 'rows': acc = sum_i input(i, j), stored at (0, j)   (softmax's column sums)
 *   axis 'all':  acc = sum_ij input(i, j), stored at (0, 0)  (the cost)
 * One workgroup per stored element: each thread adds a strided share in order, then a tree
 * reduction in workgroup memory (WG threads, a power of two set by the host) combines them.
 */
import { type Dim, GROUP_BUILTINS, GROUP_X, type KernelSource, STEP_STRUCT, bindingDecls, bufferIdent, collectBindings, dimExpr } from './kernel-source.js';
import type { EpilogueStore } from './matmul-kernel.js';
import { Wgsl, wgsl } from './wgsl.js';

export interface ReduceSpec {
  readonly name: string;
  readonly axis: 'cols' | 'rows' | 'all';
  readonly rows: Dim;
  readonly cols: Dim;
  /** The summand; may use `i`, `j` and the buffers in `reads`. */
  readonly input: Wgsl;
  /** Values from `acc` (and `i`, `j` at the stored position); stored at the reduced index. */
  readonly outs: readonly EpilogueStore[];
  readonly reads: readonly string[];
}

export function reduceKernel(spec: ReduceSpec): KernelSource {
  const groups: Dim = spec.axis === 'cols' ? spec.rows : spec.axis === 'rows' ? spec.cols : 1;
  const bindings = collectBindings(
    spec.outs.map((o) => o.buffer),
    spec.reads,
  );
  const loop =
    spec.axis === 'cols'
      ? wgsl`let i = r;
for (var j = local.x; j < cols; j += WG) {
  sum = sum + ${spec.input};
}`
      : spec.axis === 'rows'
        ? wgsl`let j = r;
for (var i = local.x; i < rows; i += WG) {
  sum = sum + ${spec.input};
}`
        : wgsl`for (var e = local.x; e < rows * cols; e += WG) {
  let i = e / cols;
  let j = e % cols;
  sum = sum + ${spec.input};
}`;
  const [storeI, storeJ] = spec.axis === 'cols' ? [wgsl`r`, wgsl`0u`] : spec.axis === 'rows' ? [wgsl`0u`, wgsl`r`] : [wgsl`0u`, wgsl`0u`];
  const values = spec.outs.map((o, n) => wgsl`let value${n} = ${o.value};`);
  const stores = spec.outs.map((o, n) => wgsl`${bufferIdent(o.buffer)}[r] = value${n};`);
  // A grid of one workgroup is never folded (see dispatchGrid); a larger one may have spares.
  const spareCheck =
    groups === 1
      ? wgsl``
      : wgsl`
if (r >= ${dimExpr(groups)}) {
  return; // a spare workgroup of a folded grid (uniform: every thread of the group returns)
}`;
  const code = wgsl`${STEP_STRUCT}
${bindingDecls(bindings)}

override WG: u32 = 256u; // a power of two
var<workgroup> partial: array<f32, WG>;

// sum over ${spec.axis === 'cols' ? wgsl`columns j, one workgroup per row` : spec.axis === 'rows' ? wgsl`rows i, one workgroup per column` : wgsl`every element, one workgroup`}
@compute @workgroup_size(WG, 1, 1)
fn main(${GROUP_BUILTINS}) {
  let rows = ${dimExpr(spec.rows)};
  let cols = ${dimExpr(spec.cols)};
  let r = ${GROUP_X};${spareCheck}
  var sum = 0.0f;
  {
    ${loop}
  }
  partial[local.x] = sum;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width = width / 2u) {
    if (local.x < width) {
      partial[local.x] = partial[local.x] + partial[local.x + width];
    }
    workgroupBarrier();
  }
  if (local.x == 0u) {
    let acc = partial[0];
    let i = ${storeI};
    let j = ${storeJ};
    ${values}
    ${stores}
  }
}
`;
  return {
    name: spec.name,
    code,
    bindings,
    dispatch: [
      { dim: groups, factor: 1, per: 1 },
      { dim: 1, factor: 1, per: 1 },
    ],
    overrides: ['WG'],
  };
}
