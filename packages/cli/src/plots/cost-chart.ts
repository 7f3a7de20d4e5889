/**
 * The cost picture of `nnc train --plot cost.svg`: the training cost at every report and, with
 * --holdout, the held-out cost (same axis) and the held-out accuracy of classifiers (right axis,
 * 0 to 100%). The cost axis spans exactly the lowest to the highest cost drawn (no rounding of the
 * domain), so that a vertex of a line at height y stands for cost `max - (max - min) * y / HEIGHT`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CostPoint } from './cost-history.js';

export const COST_CHART = { width: 520, height: 300, padding: { left: 70, right: 200, top: 36, bottom: 50 } } as const;

export const SERIES = { training: 'training cost', holdout: 'held-out cost', accuracy: 'held-out accuracy' } as const;

export function costDomain(points: readonly CostPoint[]): [number, number] {
  const costs = points.flatMap((p) => [p.cost, ...(p.holdoutCost !== undefined ? [p.holdoutCost] : [])]).filter(Number.isFinite);
  const [low, high] = [Math.min(...costs), Math.max(...costs)];
  return low === high ? [low - 0.5, high + 0.5] : [low, high];
}

/** One layer of a layered Vega-Lite chart. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

export function costChartSpec(title: string, points: readonly CostPoint[]): TopLevelSpec {
  const costs = points.flatMap((p) => [
    { iteration: p.iteration, cost: p.cost, series: SERIES.training },
    ...(p.holdoutCost !== undefined ? [{ iteration: p.iteration, cost: p.holdoutCost, series: SERIES.holdout }] : []),
  ]);
  const accuracy = points.flatMap((p) => (p.holdoutAccuracy !== undefined ? [{ iteration: p.iteration, accuracy: p.holdoutAccuracy, series: SERIES.accuracy }] : []));
  const iterations = [points[0]?.iteration ?? 0, points[points.length - 1]?.iteration ?? 1];
  // The legend names only the series the chart has (no held-out entries without --holdout).
  const present = [
    [SERIES.training, '#1f77b4', true],
    [SERIES.holdout, '#ff7f0e', costs.some((c) => c.series === SERIES.holdout)],
    [SERIES.accuracy, '#2ca02c', accuracy.length > 0],
  ] as const;
  const series = present.filter(([, , shown]) => shown).map(([name]) => name);
  const colours = present.filter(([, , shown]) => shown).map(([, colour]) => colour);
  const costLayer: Layer = {
    name: 'costs',
    data: { values: costs },
    mark: { type: 'line', point: costs.length <= 60, strokeWidth: 2 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration', scale: { domain: iterations, nice: false } },
      y: { field: 'cost', type: 'quantitative', title: 'cost', scale: { domain: costDomain(points), nice: false, zero: false } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: colours } },
    },
  };
  const accuracyLayer: Layer = {
    name: 'accuracy',
    data: { values: accuracy },
    mark: { type: 'line', strokeDash: [6, 3], strokeWidth: 2 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration', scale: { domain: iterations, nice: false } },
      y: { field: 'accuracy', type: 'quantitative', title: 'held-out accuracy', axis: { format: '.0%', orient: 'right' }, scale: { domain: [0, 1], nice: false } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: colours } },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: COST_CHART.width,
    height: COST_CHART.height,
    padding: { ...COST_CHART.padding },
    autosize: { type: 'none' },
    background: 'white',
    layer: accuracy.length > 0 ? [costLayer, accuracyLayer] : [costLayer],
    ...(accuracy.length > 0 ? { resolve: { scale: { y: 'independent' } } } : {}),
    config: { legend: { orient: 'right' }, font: 'DejaVu Sans' },
  };
}
