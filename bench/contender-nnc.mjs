/**
 * One nnc contender of `npm run bench`, in its own process:
 *   node bench/contender-nnc.mjs JOB_DIR RESULT.json ts|ts-threads|wasm|wasm-threads f32|f64
 * Loads the source the parent generated through the public path, as `nnc train` does
 * (nnc-model.mjs). Then `train` from the job's weights, reporting every `perGroup` steps: the time
 * between two reports is one group of steps (plus one cost from the logits, O(m)).
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { maxRssBytes, writeResult } from './job.mjs';
import { loadNncModel, TARGETS } from './nnc-model.mjs';

const [dir, resultPath, target, precision] = process.argv.slice(2);
if (!TARGETS.includes(target) || !['f32', 'f64'].includes(precision)) {
  console.error('usage: node bench/contender-nnc.mjs JOB_DIR RESULT.json ts|ts-threads|wasm|wasm-threads f32|f64');
  process.exit(2);
}
const { job, model, device, dispose, loadMs, X, Y, m } = await loadNncModel(dir, target, precision);
const { schedule: plan, steps } = job;
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
