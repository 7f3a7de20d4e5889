/**
 * Central finite differences of a CompiledModel's cost with respect to every parameter, and the
 * usual relative error ||g - g_fd|| / (||g|| + ||g_fd||) between them.
 */
import type { CompiledModel } from '../model-api.js';

export function finiteDifferenceGradients(model: CompiledModel, X: Float64Array, Y: Float64Array, m: number, h = 1e-6): number[] {
  const layers = model.getParameters();
  const out: number[] = [];
  const perturbed = (apply: (copy: { W: number[][]; b: number[] }[]) => void) => {
    const copy = layers.map((l) => ({ W: l.W.map((row) => [...row]), b: [...l.b] }));
    apply(copy);
    model.setParameters(copy);
    return model.cost(X, Y, m);
  };
  layers.forEach((layer, l) => {
    layer.W.forEach((row, r) =>
      row.forEach((_, c) => {
        const plus = perturbed((p) => (p[l].W[r][c] += h));
        const minus = perturbed((p) => (p[l].W[r][c] -= h));
        out.push((plus - minus) / (2 * h));
      }),
    );
    layer.b.forEach((_, r) => {
      const plus = perturbed((p) => (p[l].b[r] += h));
      const minus = perturbed((p) => (p[l].b[r] -= h));
      out.push((plus - minus) / (2 * h));
    });
  });
  model.setParameters(layers);
  return out;
}

/** The analytic gradients flattened in the same order (W1 row-major, b1, W2, b2 ...). */
export function flatGradients(model: CompiledModel, X: Float64Array, Y: Float64Array, m: number): number[] {
  const { dW, db } = model.gradients(X, Y, m);
  return dW.flatMap((w, l) => [...Array.from(w), ...Array.from(db[l])]);
}

export function relativeError(a: readonly number[], b: readonly number[]): number {
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
