/**
 * The four workloads of `npm run bench` (issue 8): the network, the data and the initial weights,
 * all drawn from fixed seeds with numpy's legacy generator (NumpyRandom), so that every
 * contender trains the same network from the same numbers, on every run.
 *
 * One training step = forward + backward + gradient-descent update on the full batch, binary
 * cross-entropy with a sigmoid output. Each contender takes `steps(schedule)` steps: `warmup`
 * groups of `perGroup` steps (untimed), `samples` timed groups, and one closing group (untimed:
 * nnc's `train` ends it with the final cost). The cost after the last step is compared across
 * contenders.
 */
import { NumpyRandom } from '@nnc/compiler/numpy-random';

/**
 * @typedef {{ perGroup: number, warmup: number, samples: number }} Schedule
 * @typedef {{
 *   name: string, description: string, sizes: number[], activations: string[], m: number,
 *   learningRate: number, init: string, seed: number, dataSeed: number,
 *   data: (m: number, seed: number) => { X: Float64Array, Y: Float64Array },
 *   full: Schedule, quick: Schedule & { m?: number },
 * }} Workload
 * @typedef {{ W: Float64Array, b: Float64Array }} Layer
 */

/** Pixel-like features, uniform in [0, 1), and labels 1 with probability `positive`. */
function uniformImages(features, positive) {
  return (m, seed) => {
    const random = new NumpyRandom(seed);
    const X = new Float64Array(features * m);
    for (let i = 0; i < X.length; i++) X[i] = random.randomSample();
    const Y = new Float64Array(m);
    for (let j = 0; j < m; j++) Y[j] = random.randomSample() < positive ? 1 : 0;
    return { X, Y };
  };
}

/**
 * The course's flower (load_planar_dataset): two classes of m/2 points each on the petals of
 * r = 4 sin(4t), with normal noise on t and r, drawn in the course's order.
 */
function flower(m, seed) {
  const random = new NumpyRandom(seed);
  const half = m / 2;
  const X = new Float64Array(2 * m);
  const Y = new Float64Array(m);
  for (let j = 0; j < 2; j++) {
    const t = new Float64Array(half);
    for (let i = 0; i < half; i++) t[i] = j * 3.12 + (i * 3.12) / (half - 1) + random.randn() * 0.2;
    for (let i = 0; i < half; i++) {
      const r = 4 * Math.sin(4 * t[i]) + random.randn() * 0.2;
      const column = j * half + i;
      X[column] = r * Math.sin(t[i]);
      X[m + column] = r * Math.cos(t[i]);
      Y[column] = j;
    }
  }
  return { X, Y };
}

/** @type {Workload[]} */
export const WORKLOADS = [
  {
    name: 'cat',
    description: 'cat 12288-20-7-5-1 relu, m=209',
    sizes: [12288, 20, 7, 5, 1],
    activations: ['relu', 'relu', 'relu', 'sigmoid'],
    m: 209,
    learningRate: 0.0075,
    init: 'he',
    seed: 1,
    dataSeed: 3,
    data: uniformImages(12288, 0.35),
    full: { perGroup: 1, warmup: 3, samples: 25 },
    quick: { perGroup: 1, warmup: 1, samples: 2 },
  },
  {
    name: 'wide',
    description: 'wide 784-128-64-1 relu, m=10000',
    sizes: [784, 128, 64, 1],
    activations: ['relu', 'relu', 'sigmoid'],
    m: 10000,
    learningRate: 0.01,
    init: 'he',
    seed: 1,
    dataSeed: 4,
    data: uniformImages(784, 0.5),
    full: { perGroup: 1, warmup: 1, samples: 7 },
    quick: { perGroup: 1, warmup: 1, samples: 1, m: 1000 },
  },
  {
    name: 'logreg',
    description: 'logreg 12288-1, m=209',
    sizes: [12288, 1],
    activations: ['sigmoid'],
    m: 209,
    // Below 2 / (largest curvature) ~ 2 / (12288 / 4 * 1/4) = 0.0026 for these all-positive
    // features: at the course's 0.005 the steps oscillate along the mean direction, and the
    // rounding differences between contenders grow (f32 costs 1% apart after 125 steps).
    learningRate: 0.001,
    init: 'normal(0.01)',
    seed: 1,
    dataSeed: 3,
    data: uniformImages(12288, 0.35),
    full: { perGroup: 5, warmup: 4, samples: 20 },
    quick: { perGroup: 2, warmup: 1, samples: 3 },
  },
  {
    name: 'planar',
    description: 'planar 2-4-1 tanh, m=400',
    sizes: [2, 4, 1],
    activations: ['tanh', 'sigmoid'],
    m: 400,
    learningRate: 1.2,
    init: 'normal(0.01)',
    seed: 2,
    dataSeed: 1,
    data: flower,
    full: { perGroup: 100, warmup: 5, samples: 25 },
    quick: { perGroup: 20, warmup: 2, samples: 5 },
  },
];

/** Steps every contender takes under `schedule`: warm-up, timed and closing groups. */
export function steps(schedule) {
  return (schedule.warmup + schedule.samples + 1) * schedule.perGroup;
}

/**
 * Initial weights drawn as nnc's `init` does (numpy's randn, layer by layer, biases zero):
 * `he` scales by sqrt(2 / n[l-1]), `normal(s)` by s.
 * @param {Workload} workload
 * @returns {Layer[]}
 */
export function initialWeights(workload) {
  const random = new NumpyRandom(workload.seed);
  const { sizes } = workload;
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const scale = workload.init === 'he' ? Math.sqrt(2 / sizes[l - 1]) : Number(/^normal\((.*)\)$/.exec(workload.init)[1]);
    const W = random.randnMatrix(sizes[l], sizes[l - 1]);
    for (let i = 0; i < W.length; i++) W[i] *= scale;
    layers.push({ W, b: new Float64Array(sizes[l]) });
  }
  return layers;
}

/** The workload as a `.nn` model (what the nnc contenders compile). */
export function nnSource(workload, precision) {
  const [input, ...units] = workload.sizes;
  return [
    `# bench workload ${workload.name}`,
    `model bench_${workload.name} {`,
    `  input ${input}`,
    ...units.map((n, i) => `  dense ${n} ${workload.activations[i]}`),
    '  loss binary_cross_entropy',
    `  init ${workload.init} seed ${workload.seed}`,
    `  optimizer gradient_descent(learning_rate: ${workload.learningRate})`,
    `  precision ${precision}`,
    '}',
    '',
  ].join('\n');
}

export function findWorkload(name) {
  const found = WORKLOADS.find((w) => w.name === name);
  if (found === undefined) throw new Error(`unknown workload '${name}'; expected one of ${WORKLOADS.map((w) => w.name).join(', ')}`);
  return found;
}
