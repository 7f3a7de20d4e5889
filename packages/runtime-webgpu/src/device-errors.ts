/**
 * WebGPU reports validation and out-of-memory errors asynchronously, through error scopes; an
 * error nobody captures is only logged, and the commands it concerns do nothing (a read-back then
 * yields zeros). Every submission of this runtime goes through `checkedSubmit`, so such an error
 * becomes a thrown GpuError carrying WebGPU's message.
 */

export class GpuError extends Error {
  override readonly name = 'GpuError';
}

const FILTERS: readonly GPUErrorFilter[] = ['validation', 'out-of-memory', 'internal'];

/**
 * Runs `work` (which encodes and submits commands) inside validation, out-of-memory and internal
 * error scopes; throws GpuError naming `what` if WebGPU reported an error. One pair of
 * push/pop per submission: a command buffer holds many steps, so the cost is per report interval.
 */
export async function checkedSubmit<T>(device: GPUDevice, what: string, work: () => T): Promise<T> {
  for (const filter of FILTERS) device.pushErrorScope(filter);
  let result: { value: T } | { thrown: unknown };
  try {
    result = { value: work() };
  } catch (thrown) {
    result = { thrown };
  }
  const errors: (GPUError | null)[] = [];
  for (let k = 0; k < FILTERS.length; k++) errors.push(await device.popErrorScope());
  if ('thrown' in result) throw result.thrown;
  const found = errors.findIndex((e) => e !== null);
  if (found >= 0) {
    const filter = FILTERS[FILTERS.length - 1 - found];
    throw new GpuError(`WebGPU ${filter} error while ${what}: ${errors[found]?.message ?? ''}`);
  }
  return result.value;
}
