/**
 * The files the compiler reads at emit time (its own and @nnc/model's) (pasted into generated modules, or for its
 * version), bundled as text and registered for the node:fs shim (node-shims/fs.ts) under their
 * file names. Imported by the page before anything compiles.
 */
import compilerPackage from '../../compiler/package.json?raw';
import apiChecks from '../../model/src/api-checks.ts?raw';
import numpyRandom from '../../model/src/numpy-random.ts?raw';
import weightsFile from '../../model/src/weights-file.ts?raw';
import wasmRuntime from '../../compiler/src/wasm-runtime.ts?raw';
import threadPool from '../../compiler/src/ts-threads.ts?raw';
import workerThreads from '../../compiler/src/worker-threads.ts?raw';

(globalThis as Record<string, unknown>).__nncPlaygroundFiles = {
  'api-checks.ts': apiChecks,
  'numpy-random.ts': numpyRandom,
  'weights-file.ts': weightsFile,
  'wasm-runtime.ts': wasmRuntime,
  'ts-threads.ts': threadPool,
  'worker-threads.ts': workerThreads,
  'package.json': compilerPackage,
};
