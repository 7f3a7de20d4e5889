/**
 * Where the time of one nnc training step goes, kernel by kernel:
 *   npm run bench:profile -- cat                       (TypeScript and WebAssembly, f32, 1 thread)
 *   npm run bench:profile -- logreg --targets wasm --precision f64 --steps 200
 * The workload's job (the bench's data and weights, workloads.mjs) is compiled and loaded as the
 * bench's contenders load it (nnc-model.mjs); a few untimed steps warm it up, then V8's sampling
 * profiler (node:inspector, one sample per 100 us) runs over `steps` training steps. Each sample is
 * given to the kernel it fell in: for the TypeScript target the kernel comment (`// Z1, A1 from
 * W1 X`) above the sampled line of the generated code, or the doc comment of the column kernel
 * function it fell in (`forwardKernel0`, with its inlined helpers), for WebAssembly the kernel function
 * (`forward_0`, named by the module's kernel table). Samples outside the kernels (the training
 * loop, the cost report, the garbage collector) are listed as they are. A row's ms per step is
 * its share of the samples times the step's time measured over the profiled steps (the profiler
 * slows the step a little, about evenly). The main thread only: on
 * the threaded target the workers' share would be missing, so profile 1 thread.
 */
import { Session } from 'node:inspector/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseModel } from '@nnc/dsl';
import { compile } from '@nnc/compiler';
import { emitWat } from '@nnc/compiler/emit-wasm';
import { compileTargets } from './compile-targets.mjs';
import { writeJob } from './job.mjs';
import { loadNncModel } from './nnc-model.mjs';
import { findWorkload } from './workloads.mjs';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    targets: { type: 'string', default: 'ts,wasm' },
    precision: { type: 'string', default: 'f32' },
    steps: { type: 'string' },
    top: { type: 'string', default: '8' },
  },
});
if (positionals.length !== 1) {
  console.error('usage: npm run bench:profile -- WORKLOAD [--targets ts,wasm] [--precision f32|f64] [--steps N] [--top N]');
  process.exit(2);
}
const workload = findWorkload(positionals[0]);
const targets = options.targets.split(',');
for (const t of targets) if (t !== 'ts' && t !== 'wasm') throw new Error(`--targets: '${t}' is not ts or wasm`);
if (options.precision !== 'f32' && options.precision !== 'f64') throw new Error(`--precision: '${options.precision}' is not f32 or f64`);
const DEFAULT_STEPS = { cat: 40, wide: 4, logreg: 400, planar: 20000 };
const steps = Number(options.steps ?? DEFAULT_STEPS[workload.name] ?? 20);
const top = Number(options.top);

/**
 * The generated JavaScript's kernel comments (`// ...`) and declarations (functions, methods), by
 * line number (1-based), to place a sampled line: V8 reports the lines of an inlined helper
 * (`sigmoid`) under the method it was inlined into.
 */
function sourceMap(source) {
  const comments = [];
  const declarations = [];
  source.split('\n').forEach((text, n) => {
    const comment = /^\s*\/\/ (.+)$/.exec(text);
    if (comment) comments.push({ line: n + 1, text: comment[1] });
    const declaration = /^(?:export )?(?:async )?function (\w+)|^ {4}(?:async )?(?:get |set )?(\w+)\(.*\) \{$/.exec(text);
    if (declaration) declarations.push({ line: n + 1, name: declaration[1] ?? declaration[2] });
  });
  // The column kernels (functions of the output columns they compute), by their doc comments.
  const kernels = new Map();
  for (const match of source.matchAll(/\/\*\* (.+?), output columns \[j0, j1\).*\*\/\nfunction (\w+)\(/g)) kernels.set(match[2], match[1]);
  return { comments, declarations, kernels };
}

/** The kernel (or the inlined helper) a sample on `line` of pass method `method` (starting on `start`) fell in. */
function placeLine(map, method, start, line) {
  let declaration = null;
  for (const d of map.declarations) if (d.line <= line) declaration = d;
  if (declaration === null || declaration.line !== start) return `${declaration?.name ?? '(unknown)'} (a helper, inlined in ${method})`;
  let kernel = null;
  for (const c of map.comments) if (c.line > start && c.line <= line) kernel = c.text;
  return kernel ?? `${method} (outside the kernels)`;
}

/**
 * V8's name of each WebAssembly function (`wasm-function[index]`: the binary has no name section)
 * -> its kernel comment, or its own name for helpers (`nnc_exp`). Indices: the imported functions
 * first, then the module's functions in the order of the text (emitWat of the same schedule); the
 * kernel comments come from the generated module's host code (`// ...` above `this.rt.call(n, ...)`).
 */
function wasmFunctionNames(source, nn) {
  const { model } = parseModel(nn, 'bench.nn');
  const wat = emitWat(compile(model).schedule, { fma: true, shared: false });
  const imported = [...wat.matchAll(/\(import "[^"]*" "[^"]*" \(func \$([\w.]+)/g)].map((m) => m[1]);
  const defined = [...wat.matchAll(/^\s*\(func \$([\w.]+)/gm)].map((m) => m[1]);
  const table = /const KERNELS[^=]*= (\[.*\]);/.exec(source);
  const kernels = table === null ? [] : JSON.parse(table[1]).map((k) => k.name);
  const comments = new Map();
  for (const match of source.matchAll(/\/\/ (.+)\n\s*this\.rt\.(?:call|run)\((\d+),/g)) comments.set(kernels[Number(match[2])], match[1]);
  const out = new Map();
  [...imported, ...defined].forEach((name, index) => {
    out.set(`wasm-function[${index}]`, comments.has(name) ? `${comments.get(name)} [${name}]` : name);
  });
  return out;
}

async function profileTarget(dir, target) {
  const { job, source, model, dispose, X, Y, m } = await loadNncModel(dir, target, options.precision);
  model.train(X, Y, m, { iterations: Math.max(2, Math.ceil(steps / 10)) });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const start = performance.now();
  model.train(X, Y, m, { iterations: steps });
  const wallMs = performance.now() - start;
  const { profile } = await session.post('Profiler.stop');
  // Sources of the profiled scripts: the debugger reports every script when it is enabled.
  const urls = new Map();
  session.on('Debugger.scriptParsed', ({ params }) => urls.set(params.scriptId, params.url));
  await session.post('Debugger.enable');
  const generated = new Map();
  for (const scriptId of new Set(profile.nodes.map((n) => n.callFrame.scriptId))) {
    if (scriptId === '0' || scriptId === undefined) continue;
    const { scriptSource } = await session.post('Debugger.getScriptSource', { scriptId }).catch(() => ({ scriptSource: '' }));
    if (scriptSource.slice(0, 2000).includes('// Generated by nnc')) generated.set(scriptId, sourceMap(scriptSource));
  }
  session.disconnect();
  dispose();

  const wasmNames = target === 'ts' ? new Map() : wasmFunctionNames(source, job.nn[options.precision]);
  const totalSamples = profile.nodes.reduce((n, node) => n + node.hitCount, 0);
  const buckets = new Map();
  const add = (name, samples) => buckets.set(name, (buckets.get(name) ?? 0) + samples);
  for (const node of profile.nodes) {
    if (node.hitCount === 0) continue;
    const { functionName, scriptId, lineNumber } = node.callFrame;
    const map = generated.get(scriptId);
    // Kernels sit in the pass methods (forwardPass, backwardPass, updatePass, costPass, ...).
    if (map !== undefined && node.positionTicks !== undefined && functionName.endsWith('Pass')) {
      for (const { line, ticks } of node.positionTicks) add(placeLine(map, functionName, lineNumber + 1, line), ticks);
    } else if (map !== undefined && map.kernels.has(functionName)) {
      add(map.kernels.get(functionName), node.hitCount);
    } else if (wasmNames.has(functionName)) {
      add(wasmNames.get(functionName), node.hitCount);
    } else {
      add(functionName || '(anonymous)', node.hitCount);
    }
  }
  const rows = [...buckets].sort((a, b) => b[1] - a[1]);
  return { target, wallMs, rows, totalSamples };
}

const dir = mkdtempSync(join(tmpdir(), `nnc-profile-${workload.name}-`));
try {
  const job = writeJob(dir, workload, workload.m, { perGroup: steps, warmup: 0, samples: 1 });
  await compileTargets(dir, job, targets.map((kind) => ({ kind, precision: options.precision })), 1);
  for (const target of targets) {
    const { wallMs, rows, totalSamples } = await profileTarget(dir, target);
    const msPerStep = wallMs / steps;
    const ms = (samples) => ((samples / totalSamples) * msPerStep).toPrecision(3);
    console.log(`\n${workload.description}, nnc ${target === 'ts' ? 'TS' : 'wasm'} ${options.precision}, 1 thread: ${steps} steps, ${msPerStep.toPrecision(3)} ms per step, ${totalSamples} samples\n`);
    console.log('| where | ms per step | share |');
    console.log('| --- | --- | --- |');
    const shown = rows.slice(0, top);
    const rest = rows.slice(top).reduce((n, [, s]) => n + s, 0);
    for (const [name, samples] of shown) {
      console.log(`| ${name.replaceAll('|', '/')} | ${ms(samples)} | ${((100 * samples) / totalSamples).toFixed(1)}% |`);
    }
    if (rest > 0) console.log(`| (${rows.length - top} more) | ${ms(rest)} | ${((100 * rest) / totalSamples).toFixed(1)}% |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
