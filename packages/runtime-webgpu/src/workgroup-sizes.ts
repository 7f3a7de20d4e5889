/**
 * Workgroup sizes chosen from the adapter's limits (never above what the device allows, never
 * more than the small shapes of these models can use).
 */

/** The subset of GPUSupportedLimits the kernels depend on. */
export interface ComputeLimits {
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxComputeWorkgroupSizeY: number;
  readonly maxComputeWorkgroupStorageSize: number;
}

/** The WebGPU spec's guaranteed minimums: what every adapter offers. */
export const DEFAULT_LIMITS: ComputeLimits = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
};

export interface WorkgroupSizes {
  /** Side of the square matmul tile (workgroup tile x tile, two tile^2 f32 arrays in workgroup memory). */
  readonly tile: number;
  /** Threads per workgroup of the 1-D kernels (elementwise maps, reductions, updates). */
  readonly linear: number;
}

/** The largest power of two <= cap that the limits allow. */
export function chooseWorkgroupSizes(limits: ComputeLimits, cap: { tile: number; linear: number } = { tile: 16, linear: 256 }): WorkgroupSizes {
  let tile = 1;
  while (
    tile * 2 <= cap.tile &&
    (tile * 2) ** 2 <= limits.maxComputeInvocationsPerWorkgroup &&
    tile * 2 <= Math.min(limits.maxComputeWorkgroupSizeX, limits.maxComputeWorkgroupSizeY) &&
    2 * (tile * 2) ** 2 * 4 <= limits.maxComputeWorkgroupStorageSize
  ) {
    tile *= 2;
  }
  let linear = 1;
  while (
    linear * 2 <= cap.linear &&
    linear * 2 <= limits.maxComputeInvocationsPerWorkgroup &&
    linear * 2 <= limits.maxComputeWorkgroupSizeX &&
    linear * 2 * 4 <= limits.maxComputeWorkgroupStorageSize
  ) {
    linear *= 2;
  }
  return { tile, linear };
}

/**
 * The caps used when the caller gives none: a CPU-emulated (fallback) adapter such as SwiftShader
 * runs every invocation of a workgroup in software and pays for each barrier, so it gets small
 * workgroups; a real GPU gets 16 x 16 tiles and 256-thread lines.
 */
export function defaultCaps(isFallbackAdapter: boolean): { tile: number; linear: number } {
  return isFallbackAdapter ? { tile: 8, linear: 64 } : { tile: 16, linear: 256 };
}

/**
 * The tile of one matmul: no wider than its output needs (the smaller fixed side rounded up to a
 * power of two, at least 4; the batch size m counts as large), and never above `tile`.
 */
export function tileFor(rows: number | 'm', cols: number | 'm', tile: number): number {
  const side = Math.min(rows === 'm' ? Infinity : rows, cols === 'm' ? Infinity : cols);
  let fit = 4;
  while (fit < side && fit < tile) fit *= 2;
  return Math.min(fit, tile);
}
