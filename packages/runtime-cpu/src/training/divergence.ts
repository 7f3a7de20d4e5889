/**
 * When is training hopeless? When the cost is NaN or infinite, or has grown to more than
 * `factor` times the first cost measured (default 10; a first cost below 1e-8 counts as 1e-8): gradient descent with a sensible learning
 * rate does not increase the cost that much, even on noisy mini-batches, so the run is diverging.
 */
export const DEFAULT_DIVERGENCE_FACTOR = 10;

/** A sentence explaining why training must stop at `iteration`, or null when the cost is fine. */
export function divergence(cost: number, iteration: number, initial: { iteration: number; cost: number }, factor: number): string | null {
  const was = `it was ${formatCost(initial.cost)} at iteration ${initial.iteration}`;
  if (Number.isNaN(cost) || !Number.isFinite(cost)) {
    if (iteration === initial.iteration) {
      return `the cost is ${cost} at iteration ${iteration}, before any step: check the data for missing, infinite or huge values`;
    }
    return `training diverged at iteration ${iteration}: the cost became ${cost} (${was}); try a smaller learning rate`;
  }
  // The floor keeps a (near-)zero first cost from flagging any later rounding noise.
  if (Number.isFinite(initial.cost) && cost > factor * Math.max(initial.cost, 1e-8)) {
    return `training diverged at iteration ${iteration}: the cost grew to ${formatCost(cost)} (${was}); try a smaller learning rate`;
  }
  return null;
}

function formatCost(cost: number): string {
  return Math.abs(cost) >= 1e6 || (cost !== 0 && Math.abs(cost) < 1e-4) ? cost.toExponential(4) : cost.toFixed(6);
}
