/**
 * The three benchmark cases of `npm run bench`: which .nn file, which data (in the course's
 * (n, m) row-major layout), how many training steps and how many timed repetitions.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NumpyRandom } from '@nnc/compiler';
import { applyStandardization, fitStandardization, loadCsv } from '@nnc/runtime-cpu';

const root = fileURLToPath(new URL('..', import.meta.url));

function csv(file) {
  const loaded = loadCsv(`${root}examples/data/${file}`);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.dataset;
}

/** The flower of the course's shallow-network lesson: 400 points, 2 features. */
function flower() {
  const { X, Y, m } = csv('planar_flower.csv');
  return { X, Y, m, description: 'planar_flower.csv, m = 400' };
}

/**
 * The cat classifier's shape on synthetic data: 209 "images" (the course's training-set size) of
 * 12288 pixel values uniform in [0, 1) (the course divides pixels by 255), about a third labelled
 * cat. Drawn from numpy's legacy generator seeded with 1, so the data is the same on every run.
 */
function syntheticCats() {
  const [n, m] = [12288, 209];
  const random = new NumpyRandom(1);
  const X = new Float64Array(n * m);
  for (let i = 0; i < X.length; i++) X[i] = random.randomSample();
  const Y = new Float64Array(m);
  for (let j = 0; j < m; j++) Y[j] = random.randomSample() < 0.35 ? 1 : 0;
  return { X, Y, m, description: 'synthetic 12288 x 209' };
}

/** The 569 breast-cancer examples, standardised with their own mean and population std. */
function breastCancer() {
  const { X, Y, m } = csv('breast_cancer.csv');
  return { X: applyStandardization(X, m, fitStandardization(X, m)), Y, m, description: 'breast_cancer.csv standardised, m = 569' };
}

export const CASES = [
  { name: 'flower', nn: 'planar.nn', data: flower, iterations: 2000, repetitions: 7 },
  { name: 'deep-cat', nn: 'deep-cat.nn', data: syntheticCats, iterations: 10, repetitions: 3 },
  { name: 'breast-cancer', nn: 'breast-cancer.nn', data: breastCancer, iterations: 1000, repetitions: 7 },
];

export function readExample(nn) {
  return { text: readFileSync(`${root}examples/${nn}`, 'utf8'), file: `examples/${nn}` };
}
