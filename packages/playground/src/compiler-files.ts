/**
 * The compiler's own files that it reads at emit time (pasted into generated modules, or for its
 * version), bundled as text and registered for the node:fs shim (node-shims/fs.ts) under their
 * file names. Imported by the page before anything compiles.
 */
import compilerPackage from '../../compiler/package.json?raw';
import apiChecks from '../../compiler/src/api-checks.ts?raw';
import numpyRandom from '../../compiler/src/numpy-random.ts?raw';
import wasmRuntime from '../../compiler/src/wasm-runtime.ts?raw';

(globalThis as Record<string, unknown>).__nncPlaygroundFiles = {
  'api-checks.ts': apiChecks,
  'numpy-random.ts': numpyRandom,
  'wasm-runtime.ts': wasmRuntime,
  'package.json': compilerPackage,
};
