/**
 * Feature standardisation x' = (x - mean) / std, fitted on the training set (population standard
 * deviation, as numpy's X.std(axis=1); a constant feature gets std 1 so that it maps to 0) and
 * saved in the parameters file's `standardization`, so that prediction applies the same numbers.
 */
import type { Standardization } from '@nnc/model';

/** Mean and population std of every feature (row) of X, (n, m) row-major. */
export function fitStandardization(X: ArrayLike<number>, m: number): Standardization {
  if (m === 0) throw new Error('fitStandardization needs at least one example');
  const n = X.length / m;
  const mean: number[] = [];
  const std: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += X[i * m + j];
    const mu = sum / m;
    let squares = 0;
    let largest = 0;
    for (let j = 0; j < m; j++) {
      squares += (X[i * m + j] - mu) ** 2;
      largest = Math.max(largest, Math.abs(X[i * m + j]));
    }
    const sigma = Math.sqrt(squares / m);
    mean.push(mu);
    // A constant column still has a rounding-level spread (0.1 repeated gives 1.4e-17): dividing
    // by it would blow small differences up by 1e16, so such a feature counts as constant.
    std.push(sigma > 1e-12 * largest ? sigma : 1);
  }
  return { mean, std };
}

/**
 * Mean and population std fitted block by block, for data read in pieces: each block's mean and
 * sum of squared deviations are computed in two passes and merged (Chan et al.), which is as
 * accurate as fitStandardization on the whole; constant features get std 1 the same way.
 */
export class StandardizationAccumulator {
  private count = 0;
  private readonly mean: Float64Array;
  private readonly squares: Float64Array;
  private readonly largest: Float64Array;

  constructor(private readonly n: number) {
    this.mean = new Float64Array(n);
    this.squares = new Float64Array(n);
    this.largest = new Float64Array(n);
  }

  /** Adds a block X (n, m), row-major. */
  add(X: ArrayLike<number>, m: number): void {
    if (m === 0) return;
    const total = this.count + m;
    for (let i = 0; i < this.n; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += X[i * m + j];
      const mu = sum / m;
      let squares = 0;
      let largest = this.largest[i];
      for (let j = 0; j < m; j++) {
        squares += (X[i * m + j] - mu) ** 2;
        largest = Math.max(largest, Math.abs(X[i * m + j]));
      }
      const delta = mu - this.mean[i];
      this.squares[i] += squares + (delta * delta * this.count * m) / total;
      this.mean[i] += (delta * m) / total;
      this.largest[i] = largest;
    }
    this.count = total;
  }

  result(): Standardization {
    if (this.count === 0) throw new Error('StandardizationAccumulator needs at least one example');
    const std = Array.from(this.squares, (squares, i) => {
      const sigma = Math.sqrt(squares / this.count);
      return sigma > 1e-12 * this.largest[i] ? sigma : 1;
    });
    return { mean: Array.from(this.mean), std };
  }
}

/** (X - mean) / std feature by feature; a fresh array. */
export function applyStandardization(X: ArrayLike<number>, m: number, standardization: Standardization): Float64Array {
  const n = standardization.mean.length;
  if (X.length !== n * m) throw new Error(`standardization is for ${n} features, X holds ${X.length / m}`);
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const [mu, sigma] = [standardization.mean[i], standardization.std[i]];
    for (let j = 0; j < m; j++) out[i * m + j] = (X[i * m + j] - mu) / sigma;
  }
  return out;
}
