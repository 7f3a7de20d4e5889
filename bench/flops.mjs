/**
 * Floating-point operations of one training step (forward + backward + gradient-descent update,
 * full batch of m examples, binary cross-entropy with a sigmoid output), counted analytically from
 * the course's vectorised equations. A product of (a x b) by (b x c) counts 2abc (a multiply and
 * an add per term); every elementwise operation counts 1 per element, an activation or its
 * derivative (exp, tanh, comparison) counts 1 per element. The cost is not computed in a step.
 *
 * Layer l, n = n[l], p = n[l-1]:
 *   forward   Z = W A + b        2npm + nm       A = g(Z)            nm
 *   output    dZ[L] = A[L] - Y   n[L] m
 *   backward  dW = (1/m) dZ A^T  2npm + np       db = (1/m) sum dZ   nm + n
 *             for l > 1: dA[l-1] = W^T dZ  2npm;  dZ[l-1] = dA * g'(Z[l-1])  2pm
 *   update    W -= a dW, b -= a db              2(np + n)
 */

/** @returns {{ forward: number, backward: number, update: number, total: number, products: number }} */
export function stepFlops(sizes, m) {
  let forward = 0;
  let backward = 0;
  let update = 0;
  let products = 0;
  const L = sizes.length - 1;
  for (let l = 1; l <= L; l++) {
    const n = sizes[l];
    const p = sizes[l - 1];
    forward += 2 * n * p * m + n * m + n * m;
    backward += 2 * n * p * m + n * p + n * m + n;
    products += 4 * n * p * m;
    if (l > 1) {
      backward += 2 * n * p * m + 2 * p * m;
      products += 2 * n * p * m;
    }
    update += 2 * (n * p + n);
  }
  backward += sizes[L] * m;
  return { forward, backward, update, total: forward + backward + update, products };
}
