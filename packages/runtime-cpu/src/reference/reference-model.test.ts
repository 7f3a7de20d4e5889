import { fileURLToPath } from 'node:url';
import { NumpyRandom } from '@nnc/model';
import { buildModel } from '@nnc/compiler/testing';
import type { LayerParameters } from '@nnc/model';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../data/csv.js';
import { createReferenceModel } from './reference-model.js';

// Expected numbers come from a course-style numpy implementation (float64, dA[L] from the loss and
// the chain rule), printed with repr(); different summation orders allow ~1e-15 differences.
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-13): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `entry ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tolerance);
  }
}

function flat(layers: LayerParameters[]): { W: number[][]; b: number[][] } {
  return { W: layers.map((layer) => layer.W.flat()), b: layers.map((layer) => layer.b) };
}

const X5 = new Float64Array([0.5, -1.0, 1.5, 0.2, -0.7, 1.0, 0.3, -0.4, -1.2, 0.8]);

describe('ReferenceModel', () => {
  it('computes a 1-1-1 tanh/sigmoid network by hand', () => {
    // x = [1, 2], y = [0, 1]; W1 = 0.5, b1 = 0.1, W2 = -0.3, b2 = 0.2.
    // z1 = [0.6, 1.1], a1 = tanh(z1) = [0.53705, 0.80050], z2 = -0.3 a1 + 0.2 = [0.038885, -0.040150],
    // a2 = sigmoid(z2) = [0.50972, 0.48996]; J = -(log(1 - 0.50972) + log(0.48996)) / 2 = 0.71310.
    const model = createReferenceModel(
      buildModel({ sizes: [1, 1, 1], activations: ['tanh', 'sigmoid'], optimizer: { kind: 'gradient_descent', learningRate: 0.1 } }),
    );
    model.setParameters([
      { W: [[0.5]], b: [0.1] },
      { W: [[-0.3]], b: [0.2] },
    ]);
    const X = new Float64Array([1, 2]);
    const Y = new Float64Array([0, 1]);
    expectClose(model.forward(X, 2), [0.5097200577355414, 0.489963921510719], 1e-15);
    expect(model.cost(X, Y, 2)).toBeCloseTo(0.7131011302138697, 15);
    const g = model.gradients(X, Y, 2);
    expectClose(g.dW[0], [0.0005558704703794923]);
    expectClose(g.db[0], [-0.026924974132006754]);
    expectClose(g.dW[1], [-0.06726922279810559]);
    expectClose(g.db[1], [-0.00015801037686979935]);
    expect(model.step(X, Y, 2)).toBeCloseTo(0.7131011302138697, 15);
    const after = flat(model.getParameters());
    expectClose(after.W.flat(), [0.49994441295296205, -0.29327307772018946]);
    expectClose(after.b.flat(), [0.10269249741320068, 0.20001580103768699]);
    expect(model.getOptimizerState()).toEqual({ step: 1, slots: {} });
    // f32 inputs are read exactly and computed in f64.
    expect(Array.from(model.forward(new Float32Array([1, 2]), 2))).toEqual(Array.from(model.forward(X, 2)));
  });

  it('initialises with numpy draws in layer order (he factors), biases zero', () => {
    const model = createReferenceModel(buildModel({ sizes: [2, 3, 1], activations: ['relu', 'sigmoid'], init: { kind: 'he' }, seed: 1 }));
    const random = new NumpyRandom(1);
    const W1 = Array.from(random.randnMatrix(3, 2), (v) => v * Math.sqrt(2 / 2));
    const W2 = Array.from(random.randnMatrix(1, 3), (v) => v * Math.sqrt(2 / 3));
    const { W, b } = flat(model.getParameters());
    expect(W[0]).toEqual(W1);
    expect(W[1]).toEqual(W2);
    expect(b).toEqual([[0, 0, 0], [0]]);
    // np.random.seed(1); np.random.randn(3, 2)[0, 0] = 1.6243453636632417
    expect(W[0][0]).toBe(1.6243453636632417);
  });

  it('draws nothing for a zeros layer', () => {
    const model = createReferenceModel(
      buildModel({ sizes: [2, 2, 1], activations: ['tanh', 'sigmoid'], init: { kind: 'normal', scale: 1 }, layerInits: [undefined, { kind: 'zeros' }], seed: 2 }),
    );
    expect(flat(model.getParameters()).W).toEqual([Array.from(new NumpyRandom(2).randnMatrix(2, 2)), [0, 0]]);
  });

  for (const [name, optimizer, costs, W, b, slots] of [
    [
      'momentum',
      { kind: 'momentum', learningRate: 0.1, beta: 0.9 },
      [1.6341076514659447, 1.6252577710802643, 1.6086883911806658],
      [1.6127057343685547, -0.5845509748167139, -0.5261481901500237, -1.0704300670311904, 0.8582024058665781, -2.2806773707850683, 1.4051432236249668, -0.6285912465450599, 0.23186360392220406],
      [-0.006028732818453545, 0.008987739215965115, -0.002317855444379355, -0.0038753801274301457],
      { vb1: [0.0288830420796405, -0.043364168307974085, 0.011034386306182978] },
    ],
    [
      'adam',
      { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      [1.6341076514659447, 1.607903248707533, 1.5823618415705598],
      [1.5943624154358638, -0.5817743410938647, -0.4982406428201845, -1.0429883876669568, 0.8354233334353839, -2.2715504316082864, 1.3946609040143434, -0.6514768266595865, 0.23052677466035185],
      [-0.029916042255299626, 0.030000855212837976, -0.029924772392108376, -0.02988633934280682],
      {
        vb1: [0.02750779877339176, -0.043541143529218326, 0.010741756911067796],
        sb1: [3.1265041815975534e-5, 7.735765464750409e-5, 4.761042691940373e-6],
      },
    ],
  ] as const) {
    it(`takes ${name} steps with L2 like the course's update rule`, () => {
      const model = createReferenceModel(
        buildModel({ sizes: [2, 3, 1], activations: ['relu', 'sigmoid'], init: { kind: 'he' }, seed: 1, l2: 0.7, optimizer }),
      );
      const Y = new Float64Array([1, 0, 1, 0, 1]);
      expectClose(costs.map(() => model.step(X5, Y, 5)), costs);
      const after = flat(model.getParameters());
      expectClose(after.W.flat(), W);
      expectClose(after.b.flat(), b);
      const state = model.getOptimizerState();
      expect(state.step).toBe(3);
      for (const [slot, values] of Object.entries(slots)) expectClose(state.slots[slot] as number[], values);
      // The state round-trips into a fresh model.
      const copy = createReferenceModel(model.model);
      copy.setParameters(model.getParameters());
      copy.setOptimizerState(state);
      expect(copy.step(X5, Y, 5)).toBe(model.step(X5, Y, 5));
      expect(copy.getParameters()).toEqual(model.getParameters());
    });
  }

  it('trains on shuffled mini-batches: np.random.seed(shuffleSeed + epoch); permutation(m)', () => {
    const X = new Float64Array(20);
    for (let i = 0; i < 20; i++) X[i] = (i / 10 - 1) * (i < 10 ? 1 : -2);
    const Y = new Float64Array([0, 1, 1, 0, 1, 0, 0, 1, 1, 0]);
    const model = createReferenceModel(
      buildModel({
        sizes: [2, 3, 1],
        activations: ['tanh', 'sigmoid'],
        init: { kind: 'xavier' },
        seed: 3,
        optimizer: { kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        training: { iterations: null, epochs: 2, batchSize: 4, shuffleSeed: 7, reportEvery: 1 },
      }),
    );
    const reports: number[] = [];
    // 2 epochs of ceil(10 / 4) = 3 batches; report_every 1 epoch = 3 steps, overridden to 1 step here.
    const result = model.train(X, Y, 10, { reportEvery: 1, onReport: (event) => void reports.push(event.iteration) });
    expect(result.iterations).toBe(6);
    expect(reports).toEqual([0, 1, 2, 3, 4, 5]);
    expectClose(
      result.costs.map((event) => event.cost),
      [0.7290710435492692, 0.6782515931158792, 0.6819570711494827, 0.7431899541000727, 0.6591317210847745, 0.704387603455551],
    );
    const after = flat(model.getParameters());
    expectClose(after.W.flat(), [
      1.2706716606559096, 0.28684279057505363, 0.021247776955381655, -1.1515390837122934, -0.32646097371678384, -0.036296594120314794,
      -0.17059525811309292, -0.2842802666742054, 0.06725021901281554,
    ]);
    expectClose(after.b.flat(), [-0.037185859053421345, 0.024329986315889025, -0.07784413021698446, 0.11658211416373022]);
    expect(result.finalCost).toBeCloseTo(0.6946139173377914, 13);
    // The model's own report_every counts epochs: reports at steps 0 and 3 of a fresh run.
    model.initialize();
    expect(model.train(X, Y, 10).costs.map((event) => event.iteration)).toEqual([0, 3]);
  });

  it('resumes the mini-batch schedule from the optimizer step count', () => {
    const X = new NumpyRandom(9).randnMatrix(2, 7);
    const Y = new Float64Array([0, 1, 1, 0, 1, 0, 1]);
    const make = () =>
      createReferenceModel(
        buildModel({ sizes: [2, 2, 1], activations: ['tanh', 'sigmoid'], init: { kind: 'normal', scale: 0.5 }, optimizer: { kind: 'gradient_descent', learningRate: 0.5 }, training: { batchSize: 3, iterations: 5 } }),
      );
    const once = make();
    once.train(X, Y, 7, { iterations: 5 });
    const twice = make();
    twice.train(X, Y, 7, { iterations: 2 });
    twice.train(X, Y, 7, { iterations: 3 });
    expect(twice.getParameters()).toEqual(once.getParameters());
  });

  it('softmax with categorical cross-entropy (leaky ReLU hidden), gradient descent', () => {
    const Y = new Float64Array([1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0]);
    const model = createReferenceModel(
      buildModel({ sizes: [2, 4, 3], activations: ['leaky_relu', 'softmax'], init: { kind: 'normal', scale: 0.5 }, seed: 4, optimizer: { kind: 'gradient_descent', learningRate: 0.5 } }),
    );
    expectClose([model.step(X5, Y, 5), model.step(X5, Y, 5)], [1.1581102856345535, 1.030596391221709]);
    const after = flat(model.getParameters());
    expectClose(after.W.flat(), [
      -0.03170348371094721, 0.3225865410955326, -0.4096307069391844, 0.1462588794402159, -0.09962679533789345, -0.8662978784647061,
      -0.344275502561443, 0.27718144618182133, 0.2357321544060326, -0.5156149090604866, 0.22415872483285776, 0.02244868661192357,
      0.18783066365262122, 0.19225178244225533, -0.6133276203400062, 0.18850029220452183, -0.3483452450588619, 0.6892410473395227,
      0.48176641393494674, -0.056376082830234896,
    ]);
    expectClose(after.b.flat(), [0.10875011018920615, -0.23622687723831465, 0.1067146021214607, -0.008783538616928106, 0.08324924821222393, -0.1048364350646458, 0.021587186852421898]);
  });

  it('mean squared error with a linear output and L2', () => {
    const Y = new Float64Array([1.5, -0.5, 2.0, 0.3, 0.0]);
    const model = createReferenceModel(
      buildModel({ sizes: [2, 3, 1], activations: ['sigmoid', 'linear'], init: { kind: 'normal', scale: 0.3 }, seed: 5, l2: 0.1, optimizer: { kind: 'gradient_descent', learningRate: 0.1 } }),
    );
    expectClose([model.step(X5, Y, 5), model.step(X5, Y, 5)], [0.8512240154437865, 0.7144972803021115]);
    const after = flat(model.getParameters());
    expectClose(after.W.flat(), [
      0.12067020340051632, -0.0992800583467888, 0.7209596673214431, -0.0758684811743095, 0.036220570906864105, 0.4729154531520861,
      -0.18843336408600245, -0.06885342968259445, 0.13589049496526384,
    ]);
    expectClose(after.b.flat(), [-0.00972416610719349, -0.005051310072823803, 0.0028489095925868704, 0.15554218676095324]);
  });

  it('keeps costs and gradients finite for saturated outputs', () => {
    const model = createReferenceModel(buildModel({ sizes: [1, 1], activations: ['sigmoid'] }));
    model.setParameters([{ W: [[100]], b: [0] }]);
    const X = new Float64Array([1, -1]);
    // z = [100, -100], both labelled wrong: cost = (100 + 100) / 2 up to e^-100.
    expect(model.cost(X, new Float64Array([0, 1]), 2)).toBe(100);
    const g = model.gradients(X, new Float64Array([0, 1]), 2);
    // dZ = A - Y = [1, -1] (to 1e-43); dW = (1/2) (1 * 1 + (-1) * (-1)) = 1.
    expect(g.dW[0][0]).toBeCloseTo(1, 15);
    const softmax = createReferenceModel(buildModel({ sizes: [1, 2], activations: ['softmax'] }));
    softmax.setParameters([{ W: [[300], [-300]], b: [0, 0] }]);
    expect(softmax.cost(new Float64Array([1]), new Float64Array([0, 1]), 1)).toBe(600);
    const dW = softmax.gradients(new Float64Array([1]), new Float64Array([0, 1]), 1).dW[0];
    expectClose(dW, [1, -1], 1e-15);
  });

  it('trains the planar flower data set as in the course', () => {
    const loaded = loadCsv(fileURLToPath(new URL('../../../../examples/data/planar_flower.csv', import.meta.url)), { label: 'y' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { X, Y, m } = loaded.dataset;
    const model = createReferenceModel(
      buildModel({
        name: 'planar',
        sizes: [2, 4, 1],
        activations: ['tanh', 'sigmoid'],
        init: { kind: 'normal', scale: 0.01 },
        seed: 2,
        optimizer: { kind: 'gradient_descent', learningRate: 1.2 },
        training: { iterations: 10000, reportEvery: 1000 },
        precision: 'f32',
      }),
    );
    const result = model.train(X, Y, m);
    // numpy's costs at 0..7000; after 7000 the run (learning rate 1.2) turns chaotic and ulp-level
    // differences in summation order grow: numpy prints 0.219465 and 0.218560 at 8000 and 9000.
    expect(result.costs.slice(0, 8).map((event) => `${event.iteration}: ${event.cost.toFixed(6)}`)).toEqual([
      '0: 0.693048', '1000: 0.288083', '2000: 0.254385', '3000: 0.233864',
      '4000: 0.226792', '5000: 0.222644', '6000: 0.219731', '7000: 0.217504',
    ]);
    expect(result.costs.map((event) => event.iteration).slice(8)).toEqual([8000, 9000]);
    for (const event of result.costs.slice(8)) expect(Math.abs(event.cost - 0.219)).toBeLessThan(0.001);
    expect(result.iterations).toBe(10000);
    expect(Math.abs(result.finalCost - 0.21782112318653354)).toBeLessThan(0.001);
    const A = model.forward(X, m);
    let correct = 0;
    for (let j = 0; j < m; j++) correct += Number((A[j] > 0.5 ? 1 : 0) === Y[j]);
    // numpy: 0.9075
    expect(Math.abs(correct / m - 0.9075)).toBeLessThanOrEqual(0.005);
  });
});
