/**
 * One TensorFlow.js contender of `npm run bench`, in its own process:
 *   node bench/contender-tfjs.mjs JOB_DIR RESULT.json cpu|wasm
 * The same step as every contender, written with tfjs ops and manual gradients (the course's
 * vectorised equations), in float32 (tfjs's CPU and wasm backends compute in float32 only):
 *   forward   Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l])
 *   backward  dZ[L] = A[L] - Y; dW = (1/m) dZ A^T; db = (1/m) sum dZ; dZ[l-1] = (W^T dZ) * g'(Z[l-1])
 *   update    W -= a dW, b -= a db (variables assigned inside one tf.tidy per step)
 * Each timed group ends by reading one bias back (dataSync), so that all its work has run.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { maxRssBytes, readArray, readJob, readLayers, writeResult } from './job.mjs';

const [dir, resultPath, backend] = process.argv.slice(2);
if (!['cpu', 'wasm'].includes(backend)) {
  console.error('usage: node bench/contender-tfjs.mjs JOB_DIR RESULT.json cpu|wasm');
  process.exit(2);
}
const require = createRequire(import.meta.url);
// In Node the wasm backend loads its .wasm files from a path: the package's dist folder.
setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
await tf.ready();

const job = readJob(dir);
const { sizes, activations, m, learningRate, schedule: plan, steps } = job;
const L = sizes.length - 1;
const X = tf.tensor2d(readArray(dir, 'X', 'f32', sizes[0] * m), [sizes[0], m]);
const Y = tf.tensor2d(readArray(dir, 'Y', 'f32', sizes[L] * m), [sizes[L], m]);
const layers = readLayers(dir, job, 'f32');
const Ws = layers.map(({ W }, l) => tf.variable(tf.tensor2d(W, [sizes[l + 1], sizes[l]])));
const bs = layers.map(({ b }, l) => tf.variable(tf.tensor2d(b, [sizes[l + 1], 1])));
const alpha = tf.scalar(learningRate);
const invM = tf.scalar(1 / m);
const one = tf.scalar(1);

function activate(kind, Z) {
  if (kind === 'relu') return tf.relu(Z);
  if (kind === 'tanh') return tf.tanh(Z);
  if (kind === 'sigmoid') return tf.sigmoid(Z);
  throw new Error(`unsupported activation ${kind}`);
}

/** g'(Z) of a hidden layer, from Z or A = g(Z). */
function derivative(kind, Z, A) {
  if (kind === 'relu') return tf.step(Z);
  if (kind === 'tanh') return tf.sub(one, tf.square(A));
  if (kind === 'sigmoid') return tf.mul(A, tf.sub(one, A));
  throw new Error(`unsupported activation ${kind}`);
}

function forward() {
  const As = [X];
  const Zs = [];
  for (let l = 0; l < L; l++) {
    const Z = tf.add(tf.matMul(Ws[l], As[l]), bs[l]);
    Zs.push(Z);
    As.push(activate(activations[l], Z));
  }
  return { As, Zs };
}

function step() {
  tf.tidy(() => {
    const { As, Zs } = forward();
    let dZ = tf.sub(As[L], Y);
    for (let l = L - 1; l >= 0; l--) {
      const dW = tf.mul(tf.matMul(dZ, As[l], false, true), invM);
      const db = tf.mul(tf.sum(dZ, 1, true), invM);
      if (l > 0) dZ = tf.mul(tf.matMul(Ws[l], dZ, true, false), derivative(activations[l - 1], Zs[l - 1], As[l]));
      Ws[l].assign(tf.sub(Ws[l], tf.mul(alpha, dW)));
      bs[l].assign(tf.sub(bs[l], tf.mul(alpha, db)));
    }
  });
}

/** Binary cross-entropy from the logits: mean(max(Z, 0) - Z Y + log(1 + exp(-|Z|))). */
function cost() {
  return tf.tidy(() => {
    const Z = forward().Zs[L - 1];
    return tf.mean(tf.add(tf.sub(tf.relu(Z), tf.mul(Z, Y)), tf.log1p(tf.exp(tf.neg(tf.abs(Z)))))).dataSync()[0];
  });
}

const rssBeforeTraining = process.memoryUsage().rss;
const tensorsBefore = tf.memory().numTensors;
const msPerStep = [];
const groups = plan.warmup + plan.samples + 1;
for (let g = 0; g < groups; g++) {
  const start = performance.now();
  for (let s = 0; s < plan.perGroup; s++) step();
  bs[L - 1].dataSync();
  const elapsed = performance.now() - start;
  if (g >= plan.warmup && g < plan.warmup + plan.samples) msPerStep.push(elapsed / plan.perGroup);
}
if (groups * plan.perGroup !== steps) throw new Error(`schedule mismatch: ${groups * plan.perGroup} steps, job says ${steps}`);
// A step that leaked tensors would hold memory and slow down from step to step.
if (tf.memory().numTensors !== tensorsBefore) throw new Error(`${tf.memory().numTensors - tensorsBefore} tensors leaked by the steps`);
const finalCost = cost();

writeResult(resultPath, {
  msPerStep,
  finalCost,
  maxRssBytes: maxRssBytes(),
  rssBeforeTraining,
  device: `tfjs ${tf.version_core} ${backend} backend${backend === 'wasm' ? ` (${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'simd' : 'no simd'}, ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads possible' : '1 thread'})` : ''}`,
});
