/**
 * Where a model runs:
 *   cpu        the fastest CPU target: today the WebAssembly one (`wasm`)
 *   wasm       the generated WebAssembly SIMD kernels, the large products split across threads
 *   ts         the generated TypeScript loops (what `nnc compile` writes by default), the large
 *              products split across threads the same way
 *   reference  the plain reference interpreter (the oracle every backend is tested against)
 *   webgpu     the generated WGSL kernels on a WebGPU device
 * Generated modules are compiled and loaded in-process.
 */
import { compile, emitTypeScript, loadCompiledModel, type CompiledModel, type CompiledModelAsync } from '@nnc/compiler';
import { layerSizes, type ModelIR } from '@nnc/dsl/ir';
import { createReferenceModel } from '@nnc/runtime-cpu';
import { UserError } from './user-error.js';

export const BACKENDS = ['cpu', 'wasm', 'ts', 'reference', 'webgpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export function parseBackend(name: string): Backend {
  if ((BACKENDS as readonly string[]).includes(name)) return name as Backend;
  throw new UserError(`unknown backend '${name}'; expected one of ${BACKENDS.join(', ')}`);
}

export interface BackendModel {
  readonly model: CompiledModel | CompiledModelAsync;
  /** What runs it, for the first line of a report: `wasm simd128 + relaxed fma, 2 threads`, ... */
  readonly device: string;
  /** Releases what the backend holds (GPU buffers and device, worker threads). */
  close(): void;
}

export interface BackendOptions {
  /** Threads of the wasm and ts backends (default: the cores available when the products are large enough to split). */
  readonly threads?: number;
  /** The number of examples the model will mostly see (the training set), to judge whether threads pay. */
  readonly m?: number;
}

/**
 * Multiply-adds of the largest product of one step: below this, splitting across threads costs
 * more than it saves (the runtime splits nothing that small, and an idle pool still slows the
 * shared memory), so the backend stays on one thread.
 */
const THREADS_PAY = 1 << 19;

function largestProduct(model: ModelIR, m: number): number {
  const sizes = layerSizes(model);
  let largest = 0;
  for (let l = 1; l < sizes.length; l++) largest = Math.max(largest, sizes[l] * sizes[l - 1] * m);
  return largest;
}

/** The threads a CPU backend asks for: the option, else the cores available where the products are large enough to split, else 1. */
function threadsFor(model: ModelIR, options: BackendOptions): number | undefined {
  return options.threads ?? (largestProduct(model, options.m ?? 1) >= THREADS_PAY ? undefined : 1);
}

export async function createBackendModel(model: ModelIR, backend: Backend, options: BackendOptions = {}): Promise<BackendModel> {
  switch (backend) {
    case 'cpu':
    case 'wasm': {
      const { emitWasmModule, loadWasmModule } = await import('@nnc/compiler/emit-wasm');
      const module = await loadWasmModule(await emitWasmModule(compile(model).schedule));
      const wasm = await module.createModelAsync({ threads: threadsFor(model, options) });
      return { model: wasm, device: wasm.target, close: () => wasm.dispose() };
    }
    case 'ts': {
      const source = emitTypeScript(compile(model).schedule);
      const ts = await loadCompiledModel(source).createModelAsync({ threads: threadsFor(model, options) });
      return { model: ts, device: ts.target, close: () => ts.dispose() };
    }
    case 'reference':
      return { model: createReferenceModel(model), device: 'reference interpreter', close: () => {} };
    case 'webgpu': {
      const { openWebGpuModel } = await import('./webgpu-backend.js');
      return openWebGpuModel(model);
    }
  }
}
