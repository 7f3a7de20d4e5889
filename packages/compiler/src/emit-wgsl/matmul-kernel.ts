/**
 * Tiled matrix product acc = sum_k op(A)[i,k] op(B)[k,j], then an epilogue of stores at (i, j),
 * in one kernel. op(X) is X or X^T. The three products of a dense layer:
 *   forward   Z = W A_prev        (rows n, cols m, inner n_prev)   epilogue: A = g(acc + b[i])
 *   weights   dW = dZ A_prev^T / m (rows n, cols n_prev, inner m, transB)   epilogue: acc * (1/m)
 *   inputs    dA = W^T dZ          (rows n_prev, cols m, inner n, transA)
 *             epilogue: dZ_prev = acc * g'(.)[i, j], the activation's derivative fused in
 *
 * Each workgroup computes a TILE x TILE block of the output (TILE: an override constant the host
 * sets from the adapter's limits); the k loop stages a tile of op(A) and one of op(B) in
 * workgroup memory, so each element is read from storage once per block. Blocks of a grid folded
 * by dispatchGrid that lie past the last column load zeros and store nothing. The sum over k runs in
 * increasing k for each element, like a plain loop.
 */
import { type Dim, GROUP_BUILTINS, GROUP_X, type KernelSource, STEP_STRUCT, at, bindingDecls, collectBindings, dimExpr } from './kernel-source.js';
import { Wgsl, wgsl } from './wgsl.js';

/** A store of the epilogue: `value` may use `acc`, `i`, `j` and any buffer in `reads`. */
export interface EpilogueStore {
  readonly buffer: string;
  readonly value: Wgsl;
}

export interface MatmulSpec {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly rows: Dim;
  readonly cols: Dim;
  readonly inner: Dim;
  /** Stored at (i, j) of (rows, cols) buffers, after every value is computed. */
  readonly outs: readonly EpilogueStore[];
  /** Buffers the epilogue reads. */
  readonly reads: readonly string[];
}

export function matmulKernel(spec: MatmulSpec): KernelSource {
  const { rows, cols, inner } = spec;
  const bindings = collectBindings(
    spec.outs.map((o) => o.buffer),
    [spec.a, spec.b, ...spec.reads],
  );
  // op(A)(i, k) and op(B)(k, j) in terms of the stored row-major matrices.
  const loadA = (i: Wgsl, k: Wgsl) => (spec.transA ? at(spec.a, k, i, rows) : at(spec.a, i, k, inner));
  const loadB = (k: Wgsl, j: Wgsl) => (spec.transB ? at(spec.b, j, k, inner) : at(spec.b, k, j, cols));
  const values = spec.outs.map((o, n) => wgsl`let value${n} = ${o.value};`);
  const stores = spec.outs.map((o, n) => wgsl`${at(o.buffer, wgsl`i`, wgsl`j`, cols)} = value${n};`);
  const code = wgsl`${STEP_STRUCT}
${bindingDecls(bindings)}

override TILE: u32 = 16u;
var<workgroup> tile_a: array<f32, TILE * TILE>;
var<workgroup> tile_b: array<f32, TILE * TILE>;

// ${spec.transA ? wgsl`${at(spec.a, wgsl`k`, wgsl`i`, rows)}` : wgsl`${at(spec.a, wgsl`i`, wgsl`k`, inner)}`} times ${spec.transB ? wgsl`${at(spec.b, wgsl`j`, wgsl`k`, inner)}` : wgsl`${at(spec.b, wgsl`k`, wgsl`j`, cols)}`}, summed over k
@compute @workgroup_size(TILE, TILE, 1)
fn main(${GROUP_BUILTINS}) {
  let rows = ${dimExpr(rows)};
  let cols = ${dimExpr(cols)};
  let inner = ${dimExpr(inner)};
  let i = group.y * TILE + local.y;
  let j = ${GROUP_X} * TILE + local.x;
  var acc = 0.0f;
  let tiles = (inner + TILE - 1u) / TILE;
  for (var t = 0u; t < tiles; t++) {
    let ka = t * TILE + local.x;
    let kb = t * TILE + local.y;
    var a_value = 0.0f;
    if (i < rows && ka < inner) {
      a_value = ${loadA(wgsl`i`, wgsl`ka`)};
    }
    var b_value = 0.0f;
    if (kb < inner && j < cols) {
      b_value = ${loadB(wgsl`kb`, wgsl`j`)};
    }
    tile_a[local.y * TILE + local.x] = a_value;
    tile_b[local.y * TILE + local.x] = b_value;
    workgroupBarrier();
    let count = min(TILE, inner - t * TILE);
    for (var k = 0u; k < count; k++) {
      acc = acc + tile_a[local.y * TILE + k] * tile_b[k * TILE + local.x];
    }
    workgroupBarrier();
  }
  if (i < rows && j < cols) {
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
      { dim: cols, factor: 1, per: 'TILE' },
      { dim: rows, factor: 1, per: 'TILE' },
    ],
    overrides: ['TILE'],
  };
}
