/**
 * "No one is fast by being wrong": after the same steps from the same weights, every contender's
 * cost must agree with the reference cost (the median of the f64 contenders' costs, or of all
 * of them when no f64 contender ran), within TOLERANCE of its own precision, relative.
 */

/** Relative tolerance of a contender's final cost, by the precision it computes in. */
export const TOLERANCE = { f64: 1e-9, f32: 1e-3 };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * @param {{ id: string, precision: 'f32' | 'f64', finalCost: number }[]} entries
 * @returns {{ reference: number, referenceFrom: string, ok: boolean,
 *   rows: { id: string, precision: string, finalCost: number, relative: number, tolerance: number, ok: boolean }[] }}
 */
export function checkAgreement(entries) {
  const f64 = entries.filter((e) => e.precision === 'f64' && Number.isFinite(e.finalCost));
  const pool = f64.length > 0 ? f64 : entries.filter((e) => Number.isFinite(e.finalCost));
  const reference = pool.length > 0 ? median(pool.map((e) => e.finalCost)) : NaN;
  const rows = entries.map((e) => {
    const tolerance = TOLERANCE[e.precision];
    const relative = Math.abs(e.finalCost - reference) / Math.abs(reference);
    // NaN (a non-finite cost or reference) fails the comparison.
    return { id: e.id, precision: e.precision, finalCost: e.finalCost, relative, tolerance, ok: relative <= tolerance };
  });
  return {
    reference,
    referenceFrom: f64.length > 0 ? `median of ${f64.length} f64 costs` : `median of ${pool.length} costs`,
    ok: rows.every((r) => r.ok),
    rows,
  };
}

/** Median of `values` (exported for the timing summaries). */
export { median };
