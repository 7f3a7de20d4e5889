/**
 * Conversions between `number[][]` with one example per row (how most people hold data) and the
 * course's (n, m) layout, one example per column, stored row-major (entry (i, j) at i * m + j).
 */

/** rows[j][i] (example j, feature i) -> X with X[i * m + j]; m = rows.length. */
export function fromRows(rows: readonly (readonly number[])[]): Float64Array {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const X = new Float64Array(n * m);
  rows.forEach((row, j) => {
    if (row.length !== n) throw new Error(`fromRows: row ${j} has ${row.length} numbers, row 0 has ${n}`);
    for (let i = 0; i < n; i++) X[i * m + j] = row[i];
  });
  return X;
}

/** The inverse of fromRows: M (n, m) -> m rows of n numbers (e.g. predictions per example). */
export function toRows(M: ArrayLike<number>, m: number): number[][] {
  const n = m === 0 ? 0 : M.length / m;
  return Array.from({ length: m }, (_, j) => Array.from({ length: n }, (_, i) => M[i * m + j]));
}
