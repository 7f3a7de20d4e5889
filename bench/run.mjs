/**
 * `npm run bench`: times full-batch training of three course networks with nnc's generated
 * TypeScript, nnc's reference interpreter and a vectorised numpy peer, all started from the same
 * initial weights, and prints the median time of several repetitions, its ratio to the fastest
 * entry of the case, and each entry's final cost (equal costs show that they computed the same
 * thing). Only the training loop is timed, inside each process. Uses the built packages (dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const missing = ['dsl', 'compiler', 'runtime-cpu'].filter((p) => !existsSync(`${root}packages/${p}/dist/index.js`));
if (missing.length > 0) {
  console.error(`bench: ${missing.map((p) => `packages/${p}/dist`).join(', ')} missing: run npm run build first`);
  process.exit(1);
}

const { parseModel, formatDiagnostics } = await import('@nnc/dsl');
const { compile, emitTypeScript } = await import('@nnc/compiler');
const { createReferenceModel, loadCompiledModel } = await import('@nnc/runtime-cpu');
const { CASES, readExample } = await import('./cases.mjs');

/** Untimed runs of each entry before the timed ones (JIT warm-up, BLAS thread start). */
const WARMUP = 1;
/** Report (compute the cost) only at step 0: nnc's `train` skips the cost between reports. */
const REPORT_EVERY = 1e9;
const PEER = join(root, 'bench', 'numpy_peer.py');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function parse(nn) {
  const { text, file } = readExample(nn);
  const { model, diagnostics } = parseModel(text, file);
  if (model === null) throw new Error(formatDiagnostics(diagnostics, text));
  return model;
}

/** Times `model.train` from `initial` weights; returns { times, finalCost }. */
function timeTraining(model, initial, X, Y, m, c) {
  const times = [];
  let finalCost = NaN;
  for (let rep = 0; rep < WARMUP + c.repetitions; rep++) {
    model.setParameters(initial);
    const start = performance.now();
    const result = model.train(X, Y, m, { iterations: c.iterations, reportEvery: REPORT_EVERY });
    const elapsed = performance.now() - start;
    if (result.iterations !== c.iterations) throw new Error(`${c.name}: ${result.iterations} steps taken`);
    finalCost = result.finalCost;
    if (rep >= WARMUP) times.push(elapsed);
  }
  return { times, finalCost };
}

function pythonEnvironment() {
  const env = { ...process.env };
  // Set on some machines for old OpenBLAS builds; they make a current numpy pick slow kernels.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function numpyAvailable() {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { env: pythonEnvironment(), encoding: 'utf8' });
  if (probe.error) return 'python3 not found';
  if (probe.status !== 0) return 'numpy not importable by python3';
  return null;
}

function writeFloats(path, values) {
  const array = Float64Array.from(values);
  writeFileSync(path, Buffer.from(array.buffer, array.byteOffset, array.byteLength));
}

/** Runs the numpy peer on the same data and initial weights in a child process. */
function runNumpy(ir, meta, initial, X, Y, m, c) {
  const dir = mkdtempSync(join(tmpdir(), 'nnc-bench-'));
  try {
    writeFloats(join(dir, 'X.bin'), X);
    writeFloats(join(dir, 'Y.bin'), Y);
    initial.forEach((layer, i) => {
      writeFloats(join(dir, `W${i + 1}.bin`), layer.W.flat());
      writeFloats(join(dir, `b${i + 1}.bin`), layer.b);
    });
    const job = {
      sizes: meta.sizes,
      activations: meta.activations,
      precision: meta.precision,
      learningRate: ir.optimizer.learningRate,
      m,
      iterations: c.iterations,
      reportEvery: REPORT_EVERY,
      repetitions: c.repetitions,
      warmup: WARMUP,
    };
    writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
    const run = spawnSync('python3', [PEER, dir], { env: pythonEnvironment(), encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`numpy peer failed:\n${run.stderr}`);
    const lines = run.stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkSupported(ir) {
  const kinds = ir.layers.map((layer) => layer.activation.kind);
  const ok =
    ir.optimizer.kind === 'gradient_descent' &&
    ir.loss === 'binary_cross_entropy' &&
    kinds.every((k) => ['tanh', 'relu', 'sigmoid'].includes(k)) &&
    kinds[kinds.length - 1] === 'sigmoid';
  if (!ok) throw new Error(`${ir.name}: the numpy peer implements only GD + BCE with tanh/relu/sigmoid layers`);
}

const noNumpy = numpyAvailable();
const rows = [];
let numpyInfo = null;
for (const c of CASES) {
  const ir = parse(c.nn);
  const data = c.data();
  const generated = loadCompiledModel(emitTypeScript(compile(ir).schedule)).createModel();
  generated.initialize();
  const initial = generated.getParameters();
  const meta = generated.meta;
  const f32 = meta.precision === 'f32';
  const [X, Y] = f32 ? [Float32Array.from(data.X), Float32Array.from(data.Y)] : [data.X, data.Y];
  process.stderr.write(`bench: ${c.name} (${data.description}, ${c.iterations} steps, ${c.repetitions} runs)\n`);

  const entries = [];
  entries.push({ entry: `nnc generated TS (${meta.precision})`, ...timeTraining(generated, initial, X, Y, data.m, c) });
  const reference = createReferenceModel(ir);
  entries.push({ entry: 'nnc reference interpreter', ...timeTraining(reference, initial, data.X, data.Y, data.m, c) });
  if (noNumpy === null) {
    checkSupported(ir);
    const peer = runNumpy(ir, meta, initial, data.X, data.Y, data.m, c);
    numpyInfo = peer;
    entries.push({ entry: `numpy (${meta.precision})`, times: peer.times_ms, finalCost: peer.final_cost });
  }
  const medians = entries.map((e) => median(e.times));
  const fastest = Math.min(...medians);
  entries.forEach((e, i) => {
    rows.push({
      case: `${c.name} x${c.iterations}`,
      entry: e.entry,
      ms: medians[i].toFixed(1),
      spread: `${Math.min(...e.times).toFixed(1)}-${Math.max(...e.times).toFixed(1)}`,
      ratio: (medians[i] / fastest).toFixed(2),
      cost: e.finalCost.toPrecision(13),
      delta: i === 0 ? '-' : Math.abs(e.finalCost - entries[0].finalCost).toExponential(1),
    });
  });
}

const headers = { case: 'case', entry: 'entry', ms: 'median ms', spread: 'min-max ms', ratio: 'ratio', cost: 'final cost', delta: '|dcost| vs TS' };
const keys = Object.keys(headers);
const width = Object.fromEntries(keys.map((k) => [k, Math.max(headers[k].length, ...rows.map((r) => r[k].length))]));
const right = new Set(['ms', 'spread', 'ratio']);
const line = (r) => keys.map((k) => (right.has(k) ? r[k].padStart(width[k]) : r[k].padEnd(width[k]))).join('  ').trimEnd();
console.log(line(headers));
console.log(keys.map((k) => '-'.repeat(width[k])).join('  '));
let previous = null;
for (const r of rows) {
  if (previous !== null && previous !== r.case) console.log('');
  previous = r.case;
  console.log(line(r));
}

const cores = cpus();
console.log('');
console.log(`machine: ${cores[0]?.model ?? 'unknown CPU'} x ${cores.length} (${platform()} ${release()}); node ${process.version}`);
if (numpyInfo !== null) console.log(`numpy ${numpyInfo.numpy}; BLAS: ${numpyInfo.blas}`);
else console.log(`numpy entry skipped: ${noNumpy}`);
console.log(`medians of the timed runs after ${WARMUP} warm-up run per entry; ratio = median / fastest median of the case; min-max = range of the timed runs`);
