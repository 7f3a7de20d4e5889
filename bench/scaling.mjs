// The figures of docs/scaling.md, measured on this machine (after `npm run build`):
//   node bench/scaling.mjs
// 1. serving: onnxruntime-node on the exported breast-cancer model (30-16-8-1), batches of 1 to
//    100,000 rows: median ms per batch and rows per second;
// 2. data-parallel: full-batch gradients of the generated breast-cancer module against the
//    example-weighted mean of the gradients of 4 shards (what an all-reduce computes), and the
//    time of one gradient on m and on m / 4 rows.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { compile, emitTypeScript, loadCompiledModel } from '@nnc/compiler';
import { parseModel } from '@nnc/dsl';
import { main } from '@nnc/cli';

const root = new URL('../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'nnc-scaling-'));
const quiet = async (args) => {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return await main(args);
  } finally {
    process.stdout.write = write;
  }
};
const model = new URL('examples/breast-cancer.nn', root).pathname;
const data = new URL('examples/data/breast_cancer.csv', root).pathname;
const weights = join(dir, 'w.json');
const onnxPath = join(dir, 'model.onnx');
if ((await quiet(['train', model, '--data', data, '--label', 'benign', '--standardize', '--save', weights, '--iterations', '200'])) !== 0) throw new Error('train failed');
if ((await quiet(['export', model, '--weights', weights, '-o', onnxPath])) !== 0) throw new Error('export failed');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const session = await ort.InferenceSession.create(onnxPath);
console.log('serving (onnxruntime-node, CPU, breast cancer 30-16-8-1 with standardisation in the graph):');
for (const batch of [1, 100, 10_000, 100_000]) {
  const input = new ort.Tensor('float32', Float32Array.from({ length: batch * 30 }, (_, k) => (k % 97) / 10), [batch, 30]);
  const times = [];
  for (let r = 0; r < (batch >= 100_000 ? 7 : 25); r++) {
    const start = performance.now();
    await session.run({ input });
    times.push(performance.now() - start);
  }
  const ms = median(times);
  console.log(`  batch ${batch}: ${ms.toFixed(3)} ms, ${Math.round((batch / ms) * 1000).toLocaleString('en')} rows/s`);
}

const { model: ir } = parseModel(readFileSync(model, 'utf8'), model);
const generated = loadCompiledModel(emitTypeScript(compile({ ...ir, precision: 'f64' }).schedule)).createModel();
const [header, ...lines] = readFileSync(data, 'utf8').trim().split('\n');
const label = header.trim().split(',').indexOf('benign');
const rows = lines.map((line) => line.split(',').map(Number));
const columns = (subset) => {
  const m = subset.length;
  const X = new Float64Array(30 * m);
  const Y = new Float64Array(m);
  subset.forEach((row, j) => {
    row.filter((_, k) => k !== label).forEach((x, i) => (X[i * m + j] = x / 100));
    Y[j] = row[label];
  });
  return { X, Y, m };
};
const all = columns(rows);
const full = generated.gradients(all.X, all.Y, all.m);
const shards = [0, 1, 2, 3].map((k) => columns(rows.filter((_, j) => j % 4 === k)));
const parts = shards.map(({ X, Y, m }) => ({ m, g: generated.gradients(X, Y, m) }));
let largest = 0;
full.dW.forEach((dW, l) => {
  for (let k = 0; k < dW.length; k++) {
    const mean = parts.reduce((sum, { m, g }) => sum + (m / all.m) * g.dW[l][k], 0);
    largest = Math.max(largest, Math.abs(mean - dW[k]) / Math.max(1e-300, Math.abs(dW[k]) || 1));
  }
});
const time = ({ X, Y, m }) => {
  for (let r = 0; r < 200; r++) generated.gradients(X, Y, m); // warm-up (JIT)
  const times = [];
  for (let r = 0; r < 201; r++) {
    const start = performance.now();
    generated.gradients(X, Y, m);
    times.push(performance.now() - start);
  }
  return median(times);
};
console.log(`data-parallel (generated TypeScript, f64, breast cancer, m = ${all.m}, 4 shards of ${shards.map((s) => s.m).join('/')}):`);
console.log(`  largest relative difference, full-batch dW vs the m_k/m-weighted mean of the shards' dW: ${largest.toExponential(2)}`);
console.log(`  one gradient: ${time(all).toFixed(3)} ms on m = ${all.m}, ${time(shards[0]).toFixed(3)} ms on m = ${shards[0].m}`);
rmSync(dir, { recursive: true, force: true });
