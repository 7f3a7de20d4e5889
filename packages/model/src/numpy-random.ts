/**
 * numpy's legacy random generator (`np.random.seed`, `np.random.randn`, `np.random.permutation`),
 * reproduced bit for bit so that a model initialised here starts from exactly the weights that the
 * course's numpy code draws with the same seed.
 *
 * This file is self-contained on purpose (no imports, no Node APIs): the TypeScript emitter pastes
 * its text into generated modules so that they depend on nothing.
 *
 * The pieces, as in numpy's `mt19937.c`, `legacy-distributions.c` and `RandomState.shuffle`:
 *   seed(s)        MT19937 `init_genrand(s)`, 0 <= s <= 2^32 - 1
 *   randomSample() 53-bit double from two 32-bit draws: ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53
 *   randn()        polar Box-Muller; each accepted pair yields two Gaussians, the second cached
 *   permutation(n) Fisher-Yates from the end, j drawn in [0, i] by masked rejection
 *
 * One caveat on "bit for bit": the polar method calls the C library's `log`, which differs between
 * platforms (and V8's `Math.log` differs from glibc's in about 1% of calls). This class uses a
 * correctly rounded logarithm instead (double-double evaluation, `log` below), which is what
 * glibc's `log` returns in all but ~0.07% of calls (measured against numpy 2.4 on glibc 2.36,
 * x86-64 with FMA); in those rare calls a Gaussian pair differs in its last bit.
 */
export class NumpyRandom {
  private static readonly N = 624;
  private static readonly M = 397;

  private readonly state = new Uint32Array(NumpyRandom.N);
  private position = NumpyRandom.N;
  private cachedGaussian = 0;
  private hasCachedGaussian = false;

  constructor(seed: number) {
    this.reseed(seed);
  }

  /** `np.random.seed(seed)` on this generator, reusing its state (no allocation). */
  reseed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < NumpyRandom.N; i++) {
      const previous = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * previous + i, modulo 2^32 (Math.imul keeps the low 32 bits exactly).
      mt[i] = (Math.imul(1812433253, previous) + i) >>> 0;
    }
    this.position = NumpyRandom.N;
    this.cachedGaussian = 0;
    this.hasCachedGaussian = false;
  }

  /** The next raw 32-bit output of MT19937 (`genrand_int32`). */
  nextUint32(): number {
    if (this.position >= NumpyRandom.N) this.twist();
    let y = this.state[this.position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `np.random.random_sample()`: a double uniform on [0, 1) with 53 random bits. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `np.random.randn()`: one standard normal draw (legacy polar method with a cached pair). */
  randn(): number {
    if (this.hasCachedGaussian) {
      this.hasCachedGaussian = false;
      const cached = this.cachedGaussian;
      this.cachedGaussian = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * NumpyRandom.log(r2)) / r2);
    this.cachedGaussian = f * x1;
    this.hasCachedGaussian = true;
    return f * x2;
  }

  /** `np.random.randn(rows, cols)` flattened row-major. */
  randnMatrix(rows: number, cols: number): Float64Array {
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < out.length; i++) out[i] = this.randn();
    return out;
  }

  /** `np.random.permutation(n)`: a shuffled copy of 0..n-1 (legacy `shuffle` on `arange(n)`). */
  permutation(n: number): Int32Array {
    return this.permutationInto(new Int32Array(n));
  }

  /** `np.random.permutation(out.length)` written into `out` (no allocation); returns `out`. */
  permutationInto(out: Int32Array): Int32Array {
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const held = out[i];
      out[i] = out[j];
      out[j] = held;
    }
    return out;
  }

  /** numpy's `random_interval(max)`: uniform on [0, max] by rejection under the smallest bit mask. */
  private randomInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * The natural logarithm of a positive normal double, correctly rounded: x = 2^k m with
   * m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s) with s = (m - 1) / (m + 1) summed as a series in
   * double-double arithmetic (about 100 correct bits), then k ln 2 added and the sum rounded once.
   */
  static log(x: number): number {
    if (!(x > 0) || x === Infinity) return Math.log(x);
    let k = Math.floor(Math.log2(x));
    let m = x / 2 ** k;
    if (m < Math.SQRT1_2) {
      k -= 1;
      m = x / 2 ** k;
    } else if (m >= Math.SQRT2) {
      k += 1;
      m = x / 2 ** k;
    }
    // s = (m - 1) / (m + 1); m - 1 is exact (Sterbenz), m + 1 is kept as a double-double.
    const [denHi, denLo] = NumpyRandom.twoSum(m, 1);
    const [sHi, sLo] = NumpyRandom.ddDivide(m - 1, 0, denHi, denLo);
    const [s2Hi, s2Lo] = NumpyRandom.ddMultiply(sHi, sLo, sHi, sLo);
    // atanh(s) / s = sum_j s^(2j) / (2j + 1), Horner from the smallest term (|s^2| < 0.0295).
    let [pHi, pLo] = NumpyRandom.ddDivide(1, 0, 2 * 23 + 1, 0);
    for (let j = 22; j >= 0; j--) {
      [pHi, pLo] = NumpyRandom.ddMultiply(pHi, pLo, s2Hi, s2Lo);
      const [cHi, cLo] = NumpyRandom.ddDivide(1, 0, 2 * j + 1, 0);
      [pHi, pLo] = NumpyRandom.ddAdd(pHi, pLo, cHi, cLo);
    }
    const [logMHi, logMLo] = NumpyRandom.ddMultiply(2 * sHi, 2 * sLo, pHi, pLo);
    const [kHi, kLo] = NumpyRandom.twoProduct(k, 0.6931471805599453);
    const [sumHi, sumLo] = NumpyRandom.ddAdd(kHi, kLo + k * 2.3190468138462996e-17, logMHi, logMLo);
    return sumHi + sumLo;
  }

  /** a + b = s + e exactly (Knuth). */
  private static twoSum(a: number, b: number): [number, number] {
    const s = a + b;
    const bb = s - a;
    return [s, a - (s - bb) + (b - bb)];
  }

  /** a * b = p + e exactly (Dekker, with Veltkamp splitting). */
  private static twoProduct(a: number, b: number): [number, number] {
    const p = a * b;
    const [aHi, aLo] = NumpyRandom.split(a);
    const [bHi, bLo] = NumpyRandom.split(b);
    return [p, aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo];
  }

  private static split(a: number): [number, number] {
    const t = 134217729 * a;
    const hi = t - (t - a);
    return [hi, a - hi];
  }

  private static ddAdd(aHi: number, aLo: number, bHi: number, bLo: number): [number, number] {
    const [s, e] = NumpyRandom.twoSum(aHi, bHi);
    const [t, f] = NumpyRandom.twoSum(aLo, bLo);
    const [u, g] = NumpyRandom.twoSum(s, e + t);
    return NumpyRandom.twoSum(u, g + f);
  }

  private static ddMultiply(aHi: number, aLo: number, bHi: number, bLo: number): [number, number] {
    const [p, e] = NumpyRandom.twoProduct(aHi, bHi);
    return NumpyRandom.twoSum(p, e + (aHi * bLo + aLo * bHi));
  }

  private static ddDivide(aHi: number, aLo: number, bHi: number, bLo: number): [number, number] {
    const q1 = aHi / bHi;
    const [pHi, pLo] = NumpyRandom.ddMultiply(q1, 0, bHi, bLo);
    const [rHi, rLo] = NumpyRandom.ddAdd(aHi, aLo, -pHi, -pLo);
    const q2 = (rHi + rLo) / bHi;
    const [pHi2, pLo2] = NumpyRandom.ddMultiply(q2, 0, bHi, bLo);
    const [r2Hi, r2Lo] = NumpyRandom.ddAdd(rHi, rLo, -pHi2, -pLo2);
    const q3 = (r2Hi + r2Lo) / bHi;
    const [qHi, qLo] = NumpyRandom.twoSum(q1, q2);
    return NumpyRandom.ddAdd(qHi, qLo, q3, 0);
  }

  /** Regenerates the 624 words of state (`mt19937_gen`). */
  private twist(): void {
    const mt = this.state;
    const { N, M } = NumpyRandom;
    for (let k = 0; k < N; k++) {
      const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.position = 0;
  }
}
