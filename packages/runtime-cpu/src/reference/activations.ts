/**
 * g(Z) and the backward step dZ = dA * g'(Z) for every activation, on (rows, m) matrices stored
 * row-major (entry (i, j) at i * m + j), written straight from the course formulas:
 *   sigmoid    g = 1 / (1 + e^-z)        g' = g (1 - g), with 1 - g computed as sigmoid(-z)
 *   tanh       g = tanh z                g' = 1 - g^2
 *   relu       g = max(0, z)             g' = 1 if z > 0 else 0
 *   leaky_relu g = z if z > 0 else s z   g' = 1 if z > 0 else s
 *   linear     g = z                     g' = 1
 *   softmax    g_k = e^(z_k - max) / sum_j e^(z_j - max), column by column;
 *              dZ_k = sum_i dA_i dg_i/dz_k = g_k (dA_k - sum_i g_i dA_i)   (Jacobian-vector product)
 */
import type { Activation } from '@nnc/model';

export function sigmoid(z: number): number {
  // Two branches so that exp never overflows.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function activate(activation: Activation, Z: Float64Array, rows: number, m: number): Float64Array {
  const A = new Float64Array(Z.length);
  switch (activation.kind) {
    case 'sigmoid':
      for (let i = 0; i < Z.length; i++) A[i] = sigmoid(Z[i]);
      return A;
    case 'tanh':
      for (let i = 0; i < Z.length; i++) A[i] = Math.tanh(Z[i]);
      return A;
    case 'relu':
      for (let i = 0; i < Z.length; i++) A[i] = Z[i] > 0 ? Z[i] : 0;
      return A;
    case 'leaky_relu':
      for (let i = 0; i < Z.length; i++) A[i] = Z[i] > 0 ? Z[i] : activation.slope * Z[i];
      return A;
    case 'linear':
      A.set(Z);
      return A;
    case 'softmax':
      for (let j = 0; j < m; j++) {
        let max = -Infinity;
        for (let k = 0; k < rows; k++) max = Math.max(max, Z[k * m + j]);
        let sum = 0;
        for (let k = 0; k < rows; k++) sum += Math.exp(Z[k * m + j] - max);
        for (let k = 0; k < rows; k++) A[k * m + j] = Math.exp(Z[k * m + j] - max) / sum;
      }
      return A;
  }
}

/** dZ from dA, given Z and A = g(Z) of the same layer. */
export function activationBackward(
  activation: Activation,
  Z: Float64Array,
  A: Float64Array,
  dA: Float64Array,
  rows: number,
  m: number,
): Float64Array {
  const dZ = new Float64Array(Z.length);
  switch (activation.kind) {
    case 'sigmoid':
      for (let i = 0; i < Z.length; i++) dZ[i] = dA[i] * A[i] * sigmoid(-Z[i]);
      return dZ;
    case 'tanh':
      for (let i = 0; i < Z.length; i++) dZ[i] = dA[i] * (1 - A[i] * A[i]);
      return dZ;
    case 'relu':
      for (let i = 0; i < Z.length; i++) dZ[i] = Z[i] > 0 ? dA[i] : 0;
      return dZ;
    case 'leaky_relu':
      for (let i = 0; i < Z.length; i++) dZ[i] = Z[i] > 0 ? dA[i] : activation.slope * dA[i];
      return dZ;
    case 'linear':
      dZ.set(dA);
      return dZ;
    case 'softmax':
      for (let j = 0; j < m; j++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += A[i * m + j] * dA[i * m + j];
        for (let k = 0; k < rows; k++) dZ[k * m + j] = A[k * m + j] * (dA[k * m + j] - dot);
      }
      return dZ;
  }
}
