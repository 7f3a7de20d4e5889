/**
 * The contenders of `npm run bench` and how to start each one in its own child process (so that
 * its peak memory is its own): nnc's two CPU targets (TypeScript, WebAssembly) on one thread and
 * on the cores available, in f32 and f64, numpy in f32 and f64, and
 * TensorFlow.js's cpu and wasm backends (float32 only).
 */
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('.', import.meta.url));

/**
 * @typedef {{ id: string, label: string, kind: 'nnc' | 'numpy' | 'tfjs', precision: 'f32' | 'f64', args: string[] }} Contender
 * @type {Contender[]}
 */
export const CONTENDERS = [
  ...['f32', 'f64'].flatMap((precision) => [
    { id: `nnc-ts-${precision}`, label: `nnc TS ${precision} 1 thread`, kind: 'nnc', precision, args: ['ts', precision] },
    { id: `nnc-ts-threads-${precision}`, label: `nnc TS ${precision} threads`, kind: 'nnc', precision, args: ['ts-threads', precision] },
    { id: `nnc-wasm-${precision}`, label: `nnc wasm ${precision} 1 thread`, kind: 'nnc', precision, args: ['wasm', precision] },
    { id: `nnc-wasm-threads-${precision}`, label: `nnc wasm ${precision} threads`, kind: 'nnc', precision, args: ['wasm-threads', precision] },
  ]),
  { id: 'numpy-f32', label: 'numpy f32', kind: 'numpy', precision: 'f32', args: ['f32'] },
  { id: 'numpy-f64', label: 'numpy f64', kind: 'numpy', precision: 'f64', args: ['f64'] },
  { id: 'tfjs-cpu', label: 'tfjs cpu f32', kind: 'tfjs', precision: 'f32', args: ['cpu'] },
  { id: 'tfjs-wasm', label: 'tfjs wasm f32', kind: 'tfjs', precision: 'f32', args: ['wasm'] },
];

/** The contenders the ratios are taken to. */
export const BASELINES = { numpy: 'numpy-f32', tfjsWasm: 'tfjs-wasm' };

/** numpy's environment: OPENBLAS_CORETYPE (set on some machines for old OpenBLAS builds) removed. */
export function pythonEnvironment() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  return env;
}

/** `{ file, args, env }` to start `contender` on the job in `dir`, writing its result to `resultPath`. */
export function childCommand(contender, dir, resultPath) {
  if (contender.kind === 'numpy') {
    return { file: 'python3', args: [`${bench}contender_numpy.py`, dir, resultPath, ...contender.args], env: pythonEnvironment() };
  }
  const script = contender.kind === 'nnc' ? 'contender-nnc.mjs' : 'contender-tfjs.mjs';
  return { file: process.execPath, args: [`${bench}${script}`, dir, resultPath, ...contender.args], env: process.env };
}
