/**
 * `npm run bench`: one training step (forward + backward + update, full batch) of the four
 * workloads of issue 8 (bench/workloads.mjs), timed for every contender (bench/contenders.mjs),
 * each in its own child process from the same data and initial weights. Prints Markdown tables
 * (median ms per step, GFLOP/s, ratios to numpy f32 and TensorFlow.js wasm, peak RSS, the final
 * cost and whether it agrees with the others; compile time and generated size of nnc's targets)
 * and writes them as JSON (bench/results/latest.json). Exits 1 when a contender failed or a cost
 * disagrees. Uses the built packages (npm run build first).
 *
 *   node bench/run.mjs [--quick] [--rounds N] [--only cat,wide,logreg,planar] [--contenders id,id] [--out file.json]
 *
 * --rounds N (default 3, 1 with --quick) runs every contender N times per workload, the rounds
 * interleaved and each in another order, and pools the timed samples of its rounds: this machine's
 * slow spells (of seconds, some 2x) then fall on every contender instead of on whoever ran in one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: node bench/run.mjs [--quick] [--rounds N] [--only cat,wide,logreg,planar] [--contenders id,...] [--out file.json]';

let options;
try {
  options = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      only: { type: 'string' },
      contenders: { type: 'string' },
      out: { type: 'string', default: join(root, 'bench', 'results', 'latest.json') },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`bench: ${error.message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const missing = ['dsl', 'compiler', 'runtime-cpu'].filter((p) => !existsSync(join(root, 'packages', p, 'dist', 'index.js')));
if (missing.length > 0) {
  console.error(`bench: ${missing.map((p) => `packages/${p}/dist`).join(', ')} missing: run npm run build first`);
  process.exit(1);
}

const { WORKLOADS } = await import('./workloads.mjs');
const { CONTENDERS, childCommand, pythonEnvironment } = await import('./contenders.mjs');
const { writeJob } = await import('./job.mjs');
const { compileTargets } = await import('./compile-targets.mjs');
const { markdown, mergeRounds, summarizeWorkload } = await import('./report.mjs');
const { TOLERANCE } = await import('./agreement.mjs');

function pick(list, wanted, what) {
  if (wanted === undefined) return list;
  const names = wanted.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !list.some((x) => (x.name ?? x.id) === n));
  if (unknown.length > 0) {
    console.error(`bench: unknown ${what} ${unknown.join(', ')}; expected ${list.map((x) => x.name ?? x.id).join(', ')}`);
    process.exit(2);
  }
  return list.filter((x) => names.includes(x.name ?? x.id));
}
const rounds = options.rounds === undefined ? (options.quick ? 1 : 3) : Number(options.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) {
  console.error(`bench: --rounds takes a whole number from 1 to 20, not ${options.rounds}\n${usage}`);
  process.exit(2);
}
const workloads = pick(WORKLOADS, options.only, 'workload');
const contenders = pick(CONTENDERS, options.contenders, 'contender');

/** Why numpy cannot run here, or null. */
function numpyMissing() {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { env: pythonEnvironment(), encoding: 'utf8' });
  if (probe.error) return 'python3 not found';
  if (probe.status !== 0) return 'numpy not importable by python3';
  return null;
}
const noNumpy = contenders.some((c) => c.kind === 'numpy') ? numpyMissing() : null;

/** Compilations of each target per workload (full run; the quick run compiles once). */
const COMPILE_RUNS = 3;

/** Longest a child may run: a hung or pathological contender fails instead of stalling the bench. */
const CHILD_TIMEOUT_MS = options.quick ? 60_000 : 420_000;

function runContender(contender, dir) {
  if (contender.kind === 'numpy' && noNumpy !== null) return { contender, skipped: noNumpy };
  const resultPath = join(dir, `result-${contender.id}.json`);
  const { file, args, env } = childCommand(contender, dir, resultPath);
  const child = spawnSync(file, args, { cwd: root, env, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 << 20 });
  if (child.error || child.status !== 0 || !existsSync(resultPath)) {
    const why = child.error?.code === 'ETIMEDOUT' ? `timed out after ${CHILD_TIMEOUT_MS / 1000} s` : (child.error?.message ?? `exit ${child.status ?? child.signal}`);
    const tail = `${child.stderr ?? ''}`.trim().split('\n').slice(-6).join('\n');
    process.stderr.write(`bench: ${contender.id} FAILED (${why})\n${tail}\n`);
    return { contender, error: `${why}: ${tail.split('\n').pop() ?? ''}`.replaceAll('|', '/') };
  }
  return { contender, result: JSON.parse(readFileSync(resultPath, 'utf8')) };
}

const started = Date.now();
const summaries = [];
for (const workload of workloads) {
  const schedule = options.quick ? workload.quick : workload.full;
  const m = options.quick && workload.quick.m !== undefined ? workload.quick.m : workload.m;
  const dir = mkdtempSync(join(tmpdir(), `nnc-bench-${workload.name}-`));
  try {
    const job = writeJob(dir, workload, m, { perGroup: schedule.perGroup, warmup: schedule.warmup, samples: schedule.samples });
    const targets = [];
    for (const c of contenders.filter((c) => c.kind === 'nnc')) {
      const kind = c.args[0].startsWith('ts') ? 'ts' : 'wasm';
      if (!targets.some((t) => t.kind === kind && t.precision === c.precision)) targets.push({ kind, precision: c.precision });
    }
    process.stderr.write(`bench: ${workload.name}: compiling ${targets.map((t) => `${t.kind} ${t.precision}`).join(', ')} ...`);
    const t0 = Date.now();
    const compiled = await compileTargets(dir, job, targets, options.quick ? 1 : COMPILE_RUNS);
    process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const byRound = [];
    for (let round = 0; round < rounds; round++) {
      // Each round starts one contender further along, so that none always runs first or last.
      const order = contenders.map((_, k) => (k + round) % contenders.length);
      const runs = new Array(contenders.length);
      for (const k of order) {
        const contender = contenders[k];
        const which = rounds > 1 ? `, round ${round + 1}/${rounds}` : '';
        process.stderr.write(`bench: ${workload.name} (m=${m}, ${job.steps} steps${which}) ${contender.id} ...`);
        const t0 = Date.now();
        runs[k] = runContender(contender, dir);
        process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      }
      byRound.push(runs);
    }
    const runs = mergeRounds(byRound);
    const description = m === workload.m ? workload.description : `${workload.description.replace(/m=\d+/, `m=${m}`)} (quick)`;
    summaries.push({ ...summarizeWorkload({ ...workload, description, m }, runs, compiled), steps: job.steps, schedule: job.schedule });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const seconds = (Date.now() - started) / 1000;

const cores = cpus();
const machine = `${cores[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available (${platform()} ${release()}); node ${process.version}`;
const numpyRow = summaries.flatMap((s) => s.rows).find((r) => r.id.startsWith('numpy') && r.device);
const tfjsRow = summaries.flatMap((s) => s.rows).find((r) => r.id === 'tfjs-wasm' && r.device);
const failures = summaries.flatMap((s) => s.rows.filter((r) => r.error).map((r) => `${s.name} ${r.id}: ${r.error}`));
const disagreements = summaries.flatMap((s) => s.rows.filter((r) => r.agrees === false).map((r) => `${s.name} ${r.id}: cost ${r.finalCost} vs ${s.reference} (${s.referenceFrom}), relative ${r.relativeToReference} > ${r.tolerance}`));

console.log(`# nnc bench${options.quick ? ' (--quick: smoke run, numbers not meaningful)' : ''}\n`);
console.log(markdown(summaries));
console.log('');
console.log(`machine: ${machine}`);
console.log(noNumpy === null ? `numpy: ${numpyRow?.device ?? 'not run'}` : `numpy: skipped (${noNumpy})`);
if (tfjsRow) console.log(`tfjs: ${tfjsRow.device}`);
console.log(
  `median of the timed groups per contender (after warm-up groups${rounds > 1 ? `; pooled over ${rounds} interleaved rounds` : ''}); time / X = median / X's median (below 1: faster than X); ` +
    `GFLOP/s from the analytic FLOP count of a step (bench/flops.mjs); costs after ${summaries.map((s) => `${s.steps} (${s.name})`).join(', ')} steps ` +
    `agree with the median of the f64 costs (of all costs where no f64 contender ran) to ${TOLERANCE.f64} (f64) / ${TOLERANCE.f32} (f32) relative; ${seconds.toFixed(0)} s in all`,
);
// nnc promises bit-reproducible seeded runs for a given target and thread count; the peers do not.
const varying = summaries.flatMap((s) => s.rows.filter((r) => r.roundCosts !== undefined && new Set(r.roundCosts).size > 1).map((r) => ({ nnc: r.id.startsWith('nnc-'), line: `${s.name} ${r.id}: costs ${r.roundCosts.join(', ')} in its ${r.roundCosts.length} rounds` })));
const unreproducible = varying.filter((v) => v.nnc).map((v) => v.line);
for (const line of failures) console.log(`\n**FAILED** ${line}`);
for (const line of unreproducible) console.log(`\n**NOT REPRODUCIBLE** ${line}`);
for (const v of varying.filter((v) => !v.nnc)) console.log(`\nnote: ${v.line} (a peer; the worst one was checked)`);
for (const line of disagreements) console.log(`\n**COST DISAGREES** ${line}`);

const report = {
  date: new Date().toISOString(),
  quick: options.quick,
  rounds,
  machine,
  seconds,
  numpy: noNumpy === null ? (numpyRow?.device ?? null) : `skipped: ${noNumpy}`,
  tolerance: TOLERANCE,
  ok: failures.length === 0 && disagreements.length === 0 && unreproducible.length === 0,
  workloads: summaries,
};
mkdirSync(dirname(options.out), { recursive: true });
writeFileSync(`${options.out}.partial`, `${JSON.stringify(report, null, 2)}\n`);
renameSync(`${options.out}.partial`, options.out);
process.stderr.write(`bench: wrote ${options.out}\n`);
if (!report.ok) {
  process.stderr.write(`bench: ${failures.length} failed, ${disagreements.length} cost disagreement(s), ${unreproducible.length} not reproducible\n`);
  process.exit(1);
}
