import { describe, expect, it } from 'vitest';
import { NumpyRandom } from './numpy-random.js';

// Every constant below was printed by numpy 2.4.6 (legacy RandomState) with repr(float(v)).
function draw(seed: number, count: number): number[] {
  const random = new NumpyRandom(seed);
  return Array.from({ length: count }, () => random.randn());
}

describe('NumpyRandom (numpy legacy generator)', () => {
  it('np.random.seed(2); np.random.randn(10)', () => {
    const expected = [
      -0.4167578474054706, -0.056266827226329474, -2.136196095668454, 1.6402708084049886, -1.7934355851948631,
      -0.841747365656204, 0.5028814171580428, -1.2452880866072316, -1.057952218862339, -0.9090076149268493,
    ];
    draw(2, 10).forEach((value, i) => expect(value).toBe(expected[i]));
  });

  it('the course initialisations: randn(4, 2) * 0.01 with seeds 1 and 3', () => {
    const seed1 = [
      0.01624345363663242, -0.006117564136500754, -0.005281717522634557, -0.010729686221561705,
      0.008654076293246785, -0.02301538696880283, 0.0174481176421648, -0.007612069008951028,
    ];
    const seed3 = [
      0.017886284734303187, 0.004365098505119894, 0.0009649746807200863, -0.01863492703364491,
      -0.0027738820251439907, -0.0035475897926898676, -0.0008274148148245977, -0.0062700067682384735,
    ];
    for (const [seed, expected] of [[1, seed1], [3, seed3]] as const) {
      const matrix = new NumpyRandom(seed).randnMatrix(4, 2);
      expect(matrix.length).toBe(8);
      matrix.forEach((value, i) => expect(value * 0.01).toBe(expected[i]));
    }
  });

  it('reseed + permutationInto reuse one generator and buffer, drawing what a fresh one draws', () => {
    const random = new NumpyRandom(5);
    random.randn(); // leaves a cached Gaussian and a used state behind: reseed must clear both
    const order = new Int32Array(10);
    random.reseed(1);
    expect(Array.from(random.permutationInto(order))).toEqual([2, 9, 6, 4, 0, 3, 1, 7, 8, 5]);
    random.reseed(0);
    random.permutationInto(order);
    expect(Array.from(order)).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    random.reseed(2);
    expect(random.randn()).toBe(new NumpyRandom(2).randn());
  });

  it('np.random.permutation(10) with seeds 0 and 1', () => {
    expect(Array.from(new NumpyRandom(0).permutation(10))).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    expect(Array.from(new NumpyRandom(1).permutation(10))).toEqual([2, 9, 6, 4, 0, 3, 1, 7, 8, 5]);
    expect(Array.from(new NumpyRandom(1).permutation(1000).subarray(0, 8))).toEqual([507, 818, 452, 368, 242, 929, 262, 810]);
  });

  it('seeds at and above 2^31', () => {
    const random = new NumpyRandom(2 ** 31 + 7);
    const expected = [0.9948705479903847, 0.7664144506927031, -0.37732487341487303, 2.0565556951572095];
    expected.forEach((value) => expect(random.randn()).toBe(value));
    expect(Array.from(random.permutation(10))).toEqual([2, 1, 9, 3, 6, 0, 7, 8, 5, 4]);
    const top = new NumpyRandom(4294967295);
    [0.0976320289940138, 0.9123828453026218, 0.78903530185164].forEach((value) => expect(top.randomSample()).toBe(value));
  });

  it('np.random.random_sample with seed 0', () => {
    const random = new NumpyRandom(0);
    [0.5488135039273248, 0.7151893663724195, 0.6027633760716439].forEach((value) => expect(random.randomSample()).toBe(value));
  });

  it('keeps the cached Gaussian across other draws, as numpy does', () => {
    // np.random.seed(5); randn(3); permutation(7); randn()
    const random = new NumpyRandom(5);
    [0.44122748688504143, -0.33087015189408764, 2.43077118700778].forEach((value) => expect(random.randn()).toBe(value));
    expect(Array.from(random.permutation(7))).toEqual([2, 1, 4, 6, 5, 0, 3]);
    expect(random.randn()).toBe(-0.2520921296030769);
  });

  it('computes a correctly rounded logarithm', () => {
    // Values where V8's Math.log is one ulp off; the expected results are correctly rounded
    // (Python: float(decimal.Decimal(x).ln()) at 60 digits).
    expect(NumpyRandom.log(1)).toBe(0);
    expect(NumpyRandom.log(2)).toBe(0.6931471805599453);
    expect(NumpyRandom.log(0.5)).toBe(-0.6931471805599453);
    expect(NumpyRandom.log(0.11094752797801466)).toBe(-2.198697910356348);
    expect(NumpyRandom.log(0.29117807898640713)).toBe(-1.2338202436991719);
    expect(NumpyRandom.log(0.7257063522413049)).toBe(-0.3206098194756349);
    expect(NumpyRandom.log(0.1994832210898453)).toBe(-1.6120251510020325);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new NumpyRandom(-1)).toThrow(/between 0 and 2\*\*32 - 1/);
    expect(() => new NumpyRandom(2 ** 32)).toThrow(/between 0 and 2\*\*32 - 1/);
    expect(() => new NumpyRandom(1.5)).toThrow(/integer/);
  });
});
