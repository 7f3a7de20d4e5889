/**
 * Test support over ../gradient-check.ts: central differences for every parameter, flattened in
 * the order W1 (row-major), b1, W2, b2, ..., and the analytic gradients in the same order.
 */
import { centralDifference, relativeDifference } from '../gradient-check.js';
import type { CompiledModel } from '@nnc/model';

export function finiteDifferenceGradients(model: CompiledModel, X: Float64Array, Y: Float64Array, m: number, h = 1e-6): number[] {
  const out: number[] = [];
  model.getParameters().forEach((layer, l) => {
    layer.W.forEach((row, r) => row.forEach((_, c) => out.push(centralDifference(model, X, Y, m, { layer: l, W: [r, c] }, h))));
    layer.b.forEach((_, r) => out.push(centralDifference(model, X, Y, m, { layer: l, b: r }, h)));
  });
  return out;
}

/** The analytic gradients flattened in the same order (W1 row-major, b1, W2, b2 ...). */
export function flatGradients(model: CompiledModel, X: Float64Array, Y: Float64Array, m: number): number[] {
  const { dW, db } = model.gradients(X, Y, m);
  return dW.flatMap((w, l) => [...Array.from(w), ...Array.from(db[l])]);
}

export const relativeError = relativeDifference;
