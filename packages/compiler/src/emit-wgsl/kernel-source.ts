/**
 * What every WGSL kernel template produces: the shader text plus what the host needs to run it
 * (its storage bindings in binding order and how many workgroups to dispatch).
 *
 * Conventions shared by all kernels:
 *   - every matrix is f32, row-major, (rows, cols); a dimension is a number baked into the
 *     shader or 'm', the batch size of the current step, read from the per-step uniform;
 *   - binding 0 of group 0 is the per-step uniform `step` (STEP_STRUCT), bound with a dynamic
 *     offset so that one command buffer can record many steps; storage buffers follow from
 *     binding 1 in the order of `bindings`.
 */
import type { Dim, DispatchAxis, KernelBinding, OverrideName } from '@nnc/model/webgpu-plan';
import { Wgsl, ident, wgsl } from './wgsl.js';

// The plan's data types and the dispatch arithmetic are the runtime's too: they live in
// @nnc/model/webgpu-plan, which a generated model's runtime imports without the compiler.
export { STEP_RECORD_BYTES, dispatchGrid, workgroupCount } from '@nnc/model/webgpu-plan';
export type { Dim, DispatchAxis, KernelBinding, OverrideName } from '@nnc/model/webgpu-plan';

export interface KernelSource {
  readonly name: string;
  readonly code: Wgsl;
  readonly bindings: readonly KernelBinding[];
  readonly dispatch: readonly [DispatchAxis, DispatchAxis];
  readonly overrides: readonly OverrideName[];
}


/**
 * The per-step uniform. m: examples in this step's batch; t: 1-based optimizer step; inv_m = 1/m;
 * bias1 = 1 - beta1^t and bias2 = 1 - beta2^t (Adam), computed on the host in f64.
 */
export const STEP_STRUCT = wgsl`struct Step {
  m: u32,
  t: u32,
  inv_m: f32,
  bias1: f32,
  bias2: f32,
}
@group(0) @binding(0) var<uniform> step: Step;`;

/** The WGSL expression for a dimension: a literal or the batch size of this step. */
export function dimExpr(dim: Dim): Wgsl {
  return dim === 'm' ? wgsl`step.m` : wgsl`${dim}u`;
}

/** The entry point's builtins: workgroup index, grid size and thread index within the workgroup. */
export const GROUP_BUILTINS = wgsl`@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>`;

/** The workgroup's index along the kernel's x axis, unfolding the z of dispatchGrid. */
export const GROUP_X = wgsl`(group.z * groups.x + group.x)`;

/** Names the kernels use for their own variables, plus WGSL words a buffer must not shadow. */
const TAKEN = new Set([
  'acc', 'i', 'j', 'k', 'e', 'r', 'rows', 'cols', 'inner', 'tiles', 'step', 'partial', 'tile_a', 'tile_b', 'main',
  'group', 'groups', 'local', 'id', 'sum', 'count', 'width', 'ka', 'kb', 'a_value', 'b_value', 'column', 'best', 'total',
  'TILE', 'WG', 'Step', 'array', 'var', 'let', 'const', 'fn', 'override', 'struct', 'loop', 'target', 'for', 'if',
  'else', 'return', 'true', 'false', 'f32', 'u32', 'i32', 'bool', 'vec2', 'vec3', 'vec4', 'exp', 'log', 'tanh',
  'sqrt', 'max', 'min', 'abs', 'select', 'pow', 'self', 'type', 'enable', 'alias', 'switch', 'case', 'default',
]);

/** The WGSL identifier of a buffer: its own name unless that would clash, then `buf_<name>`. */
export function bufferIdent(buffer: string): Wgsl {
  return ident(TAKEN.has(buffer) || /^v\d+$/.test(buffer) ? `buf_${buffer}` : buffer);
}

/** Declarations of the storage bindings, binding 1 onwards. */
export function bindingDecls(bindings: readonly KernelBinding[]): Wgsl[] {
  return bindings.map((b, index) =>
    b.access === 'read'
      ? wgsl`@group(0) @binding(${index + 1}) var<storage, read> ${bufferIdent(b.buffer)}: array<f32>;`
      : wgsl`@group(0) @binding(${index + 1}) var<storage, read_write> ${bufferIdent(b.buffer)}: array<f32>;`,
  );
}

/** Element (i, j) of a row-major matrix with `cols` columns. */
export function at(buffer: string, i: Wgsl, j: Wgsl, cols: Dim): Wgsl {
  return wgsl`${bufferIdent(buffer)}[${i} * ${dimExpr(cols)} + ${j}]`;
}

/** Unique binding list: `writes` as read_write first, then `reads` not already listed. */
export function collectBindings(writes: readonly string[], reads: readonly string[]): KernelBinding[] {
  const out: KernelBinding[] = writes.map((buffer) => ({ buffer, access: 'read_write' as const }));
  for (const buffer of reads) {
    if (!out.some((b) => b.buffer === buffer)) out.push({ buffer, access: 'read' });
  }
  return out;
}
