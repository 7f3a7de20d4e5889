/**
 * One nnc contender of `npm run bench`, in its own process:
 *   node bench/contender-nnc.mjs JOB_DIR RESULT.json ts|wasm|wasm-threads f32|f64
 * Loads the source the parent generated (compile-targets.mjs) through the public path, as
 * `nnc train` does (packages/cli/src/backends.ts): loadCompiledModel(source).createModel(), or
 * loadWasmModule(source) + createModelAsync({ threads }) (1 thread, or the runtime's default: the
 * cores available). Then `train` from the job's weights, reporting every `perGroup` steps: the time
 * between two reports is one group of steps (plus one cost from the logits, O(m)).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { maxRssBytes, readArray, readJob, readLayers, writeResult } from './job.mjs';

const [dir, resultPath, target, precision] = process.argv.slice(2);
if (!['ts', 'wasm', 'wasm-threads'].includes(target) || !['f32', 'f64'].includes(precision)) {
  console.error('usage: node bench/contender-nnc.mjs JOB_DIR RESULT.json ts|wasm|wasm-threads f32|f64');
  process.exit(2);
}
const job = readJob(dir);
const kind = target === 'ts' ? 'ts' : 'wasm';
const source = readFileSync(join(dir, `nnc-${kind}-${precision}.ts`), 'utf8');
const { loadCompiledModel } = await import('@nnc/runtime-cpu');
const wasmApi = kind === 'ts' ? null : await import('@nnc/compiler/emit-wasm');

const loadStart = performance.now();
let model;
let device;
let dispose = () => {};
if (wasmApi === null) {
  model = loadCompiledModel(source).createModel();
  device = 'TypeScript, 1 thread';
} else {
  const module = await wasmApi.loadWasmModule(source);
  model = await module.createModelAsync({ threads: target === 'wasm' ? 1 : undefined });
  device = model.target;
  dispose = () => model.dispose();
}
const loadMs = performance.now() - loadStart;

const { sizes, m, schedule: plan, steps } = job;
const X = readArray(dir, 'X', precision, sizes[0] * m);
const Y = readArray(dir, 'Y', precision, sizes[sizes.length - 1] * m);
model.setParameters(
  readLayers(dir, job, precision).map(({ W, b }, i) => ({
    W: Array.from({ length: sizes[i + 1] }, (_, r) => Array.from(W.subarray(r * sizes[i], (r + 1) * sizes[i]))),
    b: Array.from(b),
  })),
);
const rssBeforeTraining = process.memoryUsage().rss;

const stamps = [];
const result = model.train(X, Y, m, {
  iterations: steps,
  reportEvery: plan.perGroup,
  onReport: () => {
    stamps.push(performance.now());
  },
});
if (result.iterations !== steps) throw new Error(`${result.iterations} steps taken, expected ${steps}`);
// Group g runs from report g to report g + 1; the first `warmup` groups are not timed, and the
// last group (closed by train's final cost) has no closing report.
const msPerStep = [];
for (let g = plan.warmup; g < plan.warmup + plan.samples; g++) msPerStep.push((stamps[g + 1] - stamps[g]) / plan.perGroup);
dispose();

writeResult(resultPath, {
  msPerStep,
  finalCost: result.finalCost,
  maxRssBytes: maxRssBytes(),
  rssBeforeTraining,
  loadMs,
  device,
  cores: availableParallelism(),
});
