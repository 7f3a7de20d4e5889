/**
 * `npm run bench:startup`: how long the built `nnc` takes to start and finish small commands, as
 * a user runs them (`node packages/cli/bin/nnc.js ...`, a fresh process each time), in the manner
 * of hyperfine: a warm-up run, then RUNS timed runs of each command; prints the median, min and
 * max wall time. Targets (issue 11): `--version` and `--help` under 150 ms, `check` on an example
 * under 600 ms. A benchmark, not a test: timings on a shared machine vary with its load.
 *   RUNS=20 npm run bench:startup
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/bin/nnc.js');
if (!existsSync(join(root, 'packages/cli/dist/main.js'))) {
  console.error('bench:startup: packages/cli/dist is missing: run npm run build first');
  process.exit(1);
}
const RUNS = Number(process.env.RUNS ?? 10);

const CASES = [
  { args: ['--version'], target: 150 },
  { args: ['--help'], target: 150 },
  { args: ['check', 'examples/planar.nn'], target: 600 },
  { args: ['check', 'examples/softmax.nn'], target: 600 },
];

function once(args) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`nnc ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${RUNS} runs each after one warm-up`);
console.log(`${'command'.padEnd(28)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  target`);
for (const { args, target } of CASES) {
  once(args);
  const times = Array.from({ length: RUNS }, () => once(args));
  const m = median(times);
  const line = `nnc ${args.join(' ')}`.padEnd(28);
  const ms = (x) => `${x.toFixed(0)} ms`.padStart(8);
  console.log(`${line} ${ms(m)} ${ms(Math.min(...times))} ${ms(Math.max(...times))}  < ${target} ms ${m < target ? 'met' : 'MISSED'}`);
}
// Node itself, for scale: what no command can go below.
once(['--version']);
const bare = Array.from({ length: RUNS }, () => {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
});
console.log(`${'node -e 0 (for scale)'.padEnd(28)} ${`${median(bare).toFixed(0)} ms`.padStart(8)}`);
