/**
 * A fused elementwise loop over a (rows, cols) domain: for every (i, j), each output buffer gets
 * its value. Every value is computed before any store, so a kernel may overwrite a buffer it
 * reads (the optimizer update does: W1 = W1 - lr * g).
 */
import { type Dim, GROUP_BUILTINS, GROUP_X, type KernelSource, STEP_STRUCT, at, bindingDecls, collectBindings, dimExpr } from './kernel-source.js';
import type { EpilogueStore } from './matmul-kernel.js';
import { wgsl } from './wgsl.js';

export interface MapSpec {
  readonly name: string;
  /** Values may use `i`, `j` and the buffers in `reads`. */
  readonly outs: readonly EpilogueStore[];
  readonly rows: Dim;
  readonly cols: Dim;
  readonly reads: readonly string[];
}

export function mapKernel(spec: MapSpec): KernelSource {
  if (spec.rows === 'm' && spec.cols === 'm') throw new Error(`map ${spec.name}: an (m, m) domain is not supported`);
  const bindings = collectBindings(
    spec.outs.map((o) => o.buffer),
    spec.reads,
  );
  const values = spec.outs.map((o, n) => wgsl`let value${n} = ${o.value};`);
  const stores = spec.outs.map((o, n) => wgsl`${at(o.buffer, wgsl`i`, wgsl`j`, spec.cols)} = value${n};`);
  const code = wgsl`${STEP_STRUCT}
${bindingDecls(bindings)}

override WG: u32 = 256u;

@compute @workgroup_size(WG, 1, 1)
fn main(${GROUP_BUILTINS}) {
  let rows = ${dimExpr(spec.rows)};
  let cols = ${dimExpr(spec.cols)};
  let e = ${GROUP_X} * WG + local.x;
  if (e >= rows * cols) {
    return;
  }
  let i = e / cols;
  let j = e % cols;
  ${values}
  ${stores}
}
`;
  // rows * cols threads: the fixed side times the (possibly symbolic) other side.
  const axis =
    spec.rows === 'm'
      ? { dim: 'm' as const, factor: spec.cols as number, per: 'WG' as const }
      : { dim: spec.cols, factor: spec.rows, per: 'WG' as const };
  return { name: spec.name, code, bindings, dispatch: [axis, { dim: 1, factor: 1, per: 1 }], overrides: ['WG'] };
}
