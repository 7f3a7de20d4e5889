/**
 * The check both CPU targets' thread tests make: a program that Node runs as an ES module
 * (`node FLAGS --input-type=module -e`) builds a model, loads it with `load` (lines ending in
 * `const module = ...;`, the generated module's exports), trains 3 steps on 2 threads and on one,
 * and prints what ran and the costs. Node runs a worker's eval'd source as the parent was started;
 * a worker source once looked for `require`, absent in an ES module, so the workers never started
 * and training waited forever. Where Node may not start workers at all (its permission model
 * without --allow-worker), the model must run on the calling thread.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const THREAD_FLAGS: [string[], RegExp][] = [
  [[], /2 threads$/],
  [['--experimental-permission', '--allow-fs-read=*'], /1 thread$/],
];

export function expectThreadsInEsm(load: readonly string[], flags: readonly string[], threads: RegExp): void {
  const script = [
    "import { compile } from '@nnc/compiler';",
    "import { buildModel, randomData } from '@nnc/compiler/testing';",
    "const model = buildModel({ name: 'esm', sizes: [300, 64, 1], activations: ['relu', 'sigmoid'], init: { kind: 'he' }, precision: 'f32' });",
    ...load,
    'const { X, Y } = randomData(model, 1001, 3);',
    'const threaded = await module.createModelAsync({ threads: 2 });',
    'const target = threaded.target;',
    'const costs = threaded.train(X, Y, 1001, { iterations: 3, reportEvery: 1 }).costs;',
    'const single = module.createModel().train(X, Y, 1001, { iterations: 3, reportEvery: 1 }).costs;',
    'threaded.dispose();',
    'console.log(JSON.stringify({ target, costs, single }));',
  ].join('\n');
  const child = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../', import.meta.url)), encoding: 'utf8', timeout: 60_000 });
  expect(child.stderr.replace(/^\(node:\d+\) ExperimentalWarning: .*\n.*--trace-warnings.*\n/, '')).toBe('');
  expect(child.status).toBe(0);
  const { target, costs, single } = JSON.parse(child.stdout) as { target: string; costs: number[]; single: number[] };
  expect(target).toMatch(threads);
  expect(costs).toHaveLength(3);
  expect(costs).toEqual(single);
}
