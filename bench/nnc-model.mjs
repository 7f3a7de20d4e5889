/**
 * An nnc contender's model, loaded as `nnc train` loads it (packages/cli/src/backends.ts) from the
 * source the parent generated (compile-targets.mjs), with the job's data and initial weights:
 * loadCompiledModel(source) for the TypeScript target, loadWasmModule(source) for WebAssembly,
 * then createModelAsync({ threads }) (1 thread, or the module's default: the cores available). Shared by contender-nnc.mjs (the timing) and profile.mjs (where the time goes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readArray, readJob, readLayers } from './job.mjs';

export const TARGETS = ['ts', 'ts-threads', 'wasm', 'wasm-threads'];

/**
 * @param {string} dir the job directory
 * @param {'ts' | 'ts-threads' | 'wasm' | 'wasm-threads'} target
 * @param {'f32' | 'f64'} precision
 */
export async function loadNncModel(dir, target, precision) {
  const job = readJob(dir);
  const kind = target.startsWith('ts') ? 'ts' : 'wasm';
  const threads = target.endsWith('threads') ? undefined : 1;
  const source = readFileSync(join(dir, `nnc-${kind}-${precision}.ts`), 'utf8');
  const { loadCompiledModel } = await import('@nnc/compiler/emit-typescript');
  const wasmApi = kind === 'ts' ? null : await import('@nnc/compiler/emit-wasm');

  const loadStart = performance.now();
  const module = wasmApi === null ? loadCompiledModel(source) : await wasmApi.loadWasmModule(source);
  const model = await module.createModelAsync({ threads });
  const device = model.target;
  const dispose = () => model.dispose();
  const loadMs = performance.now() - loadStart;

  const { sizes, m } = job;
  const X = readArray(dir, 'X', precision, sizes[0] * m);
  const Y = readArray(dir, 'Y', precision, sizes[sizes.length - 1] * m);
  model.setParameters(
    readLayers(dir, job, precision).map(({ W, b }, i) => ({
      W: Array.from({ length: sizes[i + 1] }, (_, r) => Array.from(W.subarray(r * sizes[i], (r + 1) * sizes[i]))),
      b: Array.from(b),
    })),
  );
  return { job, source, model, device, dispose, loadMs, X, Y, m };
}
