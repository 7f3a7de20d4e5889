/**
 * Gradient checking, as the course teaches it: compare the gradients a model computes (its
 * backward pass) with central differences of its cost, (J(θ + ε) - J(θ - ε)) / 2ε, through the
 * relative difference ||g - g_approx|| / (||g|| + ||g_approx||), per parameter tensor and overall.
 * Below 2e-7 (in f64) the backward pass is right, the course says.
 *
 * Every parameter costs two evaluations of the cost, so large tensors are sampled: at most
 * `maxPerTensor` entries, evenly spaced (deterministic).
 */
import type { LayerParameters } from '@nnc/dsl/ir';
import type { CompiledModel, FloatArray } from '@nnc/model';

export interface TensorCheck {
  /** W1, b1, W2, ... */
  readonly name: string;
  /** Entries compared, of `total`. */
  readonly checked: number;
  readonly total: number;
  readonly relativeError: number;
}

export interface GradientCheck {
  readonly tensors: TensorCheck[];
  /** Over every compared entry of every tensor. */
  readonly relativeError: number;
}

export interface GradientCheckOptions {
  /** The step ε of the central difference (default 1e-7, the course's). */
  readonly epsilon?: number;
  /** Entries compared per tensor at most (default: all). */
  readonly maxPerTensor?: number;
}

/** The location of one scalar parameter: layer l (0-based), W[row][col] or b[row]. */
export type ParameterEntry = { readonly layer: number } & ({ readonly W: [number, number] } | { readonly b: number });

/** (J(θ + h e) - J(θ - h e)) / 2h for one parameter entry; leaves the model's parameters as they were. */
export function centralDifference(model: CompiledModel, X: FloatArray, Y: FloatArray, m: number, entry: ParameterEntry, h: number): number {
  const layers = model.getParameters();
  const costWith = (delta: number): number => {
    const copy: LayerParameters[] = layers.map((l) => ({ W: l.W.map((row) => [...row]), b: [...l.b] }));
    if ('W' in entry) copy[entry.layer].W[entry.W[0]][entry.W[1]] += delta;
    else copy[entry.layer].b[entry.b] += delta;
    model.setParameters(copy);
    return model.cost(X, Y, m);
  };
  const difference = (costWith(h) - costWith(-h)) / (2 * h);
  model.setParameters(layers);
  return difference;
}

/** ||a - b|| / (||a|| + ||b||); 0 when both are zero. */
export function relativeDifference(a: readonly number[], b: readonly number[]): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    diff += (x - b[i]) ** 2;
    na += x * x;
    nb += b[i] ** 2;
  });
  const denominator = Math.sqrt(na) + Math.sqrt(nb);
  return denominator === 0 ? 0 : Math.sqrt(diff) / denominator;
}

export function checkGradients(
  model: CompiledModel,
  X: FloatArray,
  Y: FloatArray,
  m: number,
  options: GradientCheckOptions = {},
): GradientCheck {
  const epsilon = options.epsilon ?? 1e-7;
  const limit = options.maxPerTensor ?? Infinity;
  const { dW, db } = model.gradients(X, Y, m);
  const layers = model.getParameters();
  const all: [number[], number[]] = [[], []];
  const tensors: TensorCheck[] = [];
  const check = (name: string, analytic: FloatArray, entryAt: (k: number) => ParameterEntry) => {
    const total = analytic.length;
    const count = Math.min(total, limit);
    const [g, approx]: [number[], number[]] = [[], []];
    for (let s = 0; s < count; s++) {
      const k = Math.floor((s * total) / count);
      g.push(analytic[k]);
      approx.push(centralDifference(model, X, Y, m, entryAt(k), epsilon));
    }
    all[0].push(...g);
    all[1].push(...approx);
    tensors.push({ name, checked: count, total, relativeError: relativeDifference(g, approx) });
  };
  layers.forEach((layer, l) => {
    const cols = layer.W[0]?.length ?? 0;
    check(`W${l + 1}`, dW[l], (k) => ({ layer: l, W: [Math.floor(k / cols), k % cols] }));
    check(`b${l + 1}`, db[l], (k) => ({ layer: l, b: k }));
  });
  return { tensors, relativeError: relativeDifference(all[0], all[1]) };
}
