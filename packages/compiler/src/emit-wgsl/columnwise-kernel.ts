/**
 * Per column j of a (rows, cols) input, max-shifted for stability:
 *   softmax:   out[i, j] = exp(x[i, j] - max_j) / sum_i exp(x[i, j] - max_j)
 *   logsumexp: out[0, j] = max_j + log(sum_i exp(x[i, j] - max_j))
 * One thread per column (rows is a layer's width: small).
 */
import { type Dim, GROUP_BUILTINS, GROUP_X, type KernelSource, STEP_STRUCT, at, bindingDecls, bufferIdent, collectBindings, dimExpr } from './kernel-source.js';
import { wgsl } from './wgsl.js';

export interface ColumnwiseSpec {
  readonly name: string;
  readonly fn: 'softmax' | 'logsumexp';
  readonly input: string;
  readonly out: string;
  readonly rows: Dim;
  readonly cols: Dim;
}

export function columnwiseKernel(spec: ColumnwiseSpec): KernelSource {
  const bindings = collectBindings([spec.out], [spec.input]);
  const x = (i: string) => at(spec.input, wgsl`${i === 'i' ? wgsl`i` : wgsl`r`}`, wgsl`j`, spec.cols);
  const finish =
    spec.fn === 'softmax'
      ? wgsl`for (var i = 0u; i < rows; i++) {
  ${at(spec.out, wgsl`i`, wgsl`j`, spec.cols)} = exp(${x('i')} - best) / total;
}`
      : wgsl`${bufferIdent(spec.out)}[j] = best + log(total);`;
  const code = wgsl`${STEP_STRUCT}
${bindingDecls(bindings)}

override WG: u32 = 256u;

// ${spec.fn === 'softmax' ? wgsl`softmax` : wgsl`log-sum-exp`} of each column, shifted by the column's max
@compute @workgroup_size(WG, 1, 1)
fn main(${GROUP_BUILTINS}) {
  let rows = ${dimExpr(spec.rows)};
  let cols = ${dimExpr(spec.cols)};
  let j = ${GROUP_X} * WG + local.x;
  if (j >= cols) {
    return;
  }
  var best = ${at(spec.input, wgsl`0u`, wgsl`j`, spec.cols)};
  for (var r = 1u; r < rows; r++) {
    best = max(best, ${x('r')});
  }
  var total = 0.0f;
  for (var i = 0u; i < rows; i++) {
    total = total + exp(${x('i')} - best);
  }
  ${finish}
}
`;
  return {
    name: spec.name,
    code,
    bindings,
    dispatch: [
      { dim: spec.cols, factor: 1, per: 'WG' },
      { dim: 1, factor: 1, per: 1 },
    ],
    overrides: ['WG'],
  };
}
