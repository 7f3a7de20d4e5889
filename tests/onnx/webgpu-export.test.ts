/**
 * ONNX straight from trained model objects (exportTrainedModel), checked in onnxruntime (CPU, in a
 * child process, which must log nothing) against the model object's own forward pass:
 *   - examples/planar.nn trained 200 iterations on WebGPU (skips without an adapter, fails on CI);
 *   - examples/breast-cancer.nn (f32) trained 300 iterations by the generated TypeScript backend
 *     on standardised features; onnxruntime gets the raw features and standardises them itself.
 * Both must agree with onnxruntime within 1e-5 (max abs) on every example of the data set.
 */
import { NNC_VERSION } from '@nnc/model';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, emitTypeScript, loadCompiledModel } from '@nnc/compiler';
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import { exportTrainedModel } from '@nnc/compiler/onnx';
import { parseModel } from '@nnc/dsl';
import type { ModelIR } from '@nnc/dsl/ir';
import { applyStandardization, fitStandardization, loadCsv, toRows, type Dataset } from '@nnc/runtime-cpu';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { runOnnxruntime } from './onnxruntime-runner.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'nnc-onnx-trained-'));

function exampleModel(file: string): ModelIR {
  const { model, diagnostics } = parseModel(readFileSync(new URL(file, EXAMPLES), 'utf8'), `examples/${file}`);
  if (!model || diagnostics.length > 0) throw new Error(`examples/${file} does not parse`);
  return model;
}

function dataset(file: string, model: ModelIR): Dataset {
  const loaded = loadCsv(fileURLToPath(new URL(`data/${file}`, EXAMPLES)), { loss: model.loss });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.dataset;
}

/** Runs `bytes` in onnxruntime on `rows`; asserts a silent log and returns output (n_L, m) flat. */
function onnxruntimeOutput(name: string, bytes: Uint8Array, rows: number[][], units: number): number[] {
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, bytes);
  const { results, stderr } = runOnnxruntime([{ model: path, rows }]);
  expect(stderr).toBe('');
  const { output } = results[0].outputs;
  expect(output.dims).toEqual([rows.length, units]);
  // onnxruntime is (m, n_L) row-major; nnc's A[L] is (n_L, m): transpose.
  const m = rows.length;
  return Array.from({ length: units * m }, (_, k) => output.data[(k % m) * units + Math.floor(k / m)]);
}

function maxAbsDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let k = 0; k < got.length; k++) worst = Math.max(worst, Math.abs(got[k] - want[k]));
  return worst;
}

const gpu = await deviceForTests();

describe.skipIf(gpu === null)('ONNX export of a model trained on WebGPU', () => {
  it('planar.nn after 200 iterations: onnxruntime within 1e-5 of the WebGPU forward on the flower data', async () => {
    const model = exampleModel('planar.nn');
    const { X, Y, m } = dataset('planar_flower.csv', model);
    const webgpu = await createWebGpuModel(gpu!.device, compileWebGpuPlan(model, { nncVersion: NNC_VERSION }));
    try {
      const result = await webgpu.train(X, Y, m, { iterations: 200, reportEvery: 100 });
      expect(result.iterations).toBe(200);
      expect(result.finalCost).toBeLessThan(result.costs[0].cost - 0.1); // it learned something
      const bytes = await exportTrainedModel(model, webgpu, { standardization: null, training: { iterations: 200, cost: result.finalCost } });
      const want = await webgpu.forward(X, m);
      const got = onnxruntimeOutput('planar-webgpu', bytes, toRows(X, m), 1);
      const difference = maxAbsDifference(got, want);
      console.log(`planar on WebGPU, 200 iterations (cost ${result.finalCost}): max |onnxruntime - webgpu| = ${difference.toExponential(2)} over ${m} examples`);
      expect(difference).toBeLessThan(1e-5);
      expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(0.5); // not a constant output
    } finally {
      webgpu.dispose();
    }
  });
});

describe('ONNX export of a model trained by the generated TypeScript backend', () => {
  it('breast-cancer.nn (f32, standardised) after 300 iterations: onnxruntime within 1e-5 of its forward', async () => {
    const model = exampleModel('breast-cancer.nn');
    expect(model.precision).toBe('f32');
    const { X, Y, m } = dataset('breast_cancer.csv', model);
    const standardization = fitStandardization(X, m);
    const input = applyStandardization(X, m, standardization);
    const trained = loadCompiledModel(emitTypeScript(compile(model).schedule)).createModel();
    const result = trained.train(input, Y, m, { iterations: 300, reportEvery: 100 });
    expect(result.finalCost).toBeLessThan(result.costs[0].cost / 3);
    const bytes = await exportTrainedModel(model, trained, { standardization, training: { iterations: 300, cost: result.finalCost } }, { withClass: true });
    const want = trained.forward(input, m);
    expect(want).toBeInstanceOf(Float32Array);
    const got = onnxruntimeOutput('cancer-cpu', bytes, toRows(X, m), 1);
    const difference = maxAbsDifference(got, want);
    console.log(`breast cancer on the TypeScript backend, 300 iterations (cost ${result.finalCost}): max |onnxruntime - generated| = ${difference.toExponential(2)} over ${m} examples`);
    expect(difference).toBeLessThan(1e-5);
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(0.5);
  });
});
