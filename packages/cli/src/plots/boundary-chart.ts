/**
 * The decision regions of a two-feature classifier over its data, as the course's shallow-network
 * lesson draws the flower: the plane is cut into a GRID x GRID lattice over the data's range (plus
 * a margin), every lattice point is classified by the trained model, and each class's region is
 * filled with a light tint of its colour, under the examples drawn in the full colour of their
 * actual class. Regions are drawn as runs of equal class along each lattice row (a few rectangles
 * a row), not one rectangle a point.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Layer } from './cost-chart.js';

export const BOUNDARY_CHART = { width: 420, height: 420, padding: { left: 60, right: 130, top: 36, bottom: 50 } } as const;
export const GRID = 200;
/** The share of the data's range added on each side. */
const MARGIN = 0.1;

/** Point colours (tableau10) and the opaque tints of the regions, one pair a class. */
export const CLASS_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
export const REGION_COLOURS = ['#bcd6ea', '#f1bcbc', '#c0e3c0', '#ffd8b3', '#dccfe8', '#dbc9c5', '#f5cfe9', '#d9d9d9', '#ebebb5', '#b4ebf1'];

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The plotted range of one feature: its data range with a margin. */
export function plotRange(values: ArrayLike<number>): Range {
  let [min, max] = [Infinity, -Infinity];
  for (let k = 0; k < values.length; k++) [min, max] = [Math.min(min, values[k]), Math.max(max, values[k])];
  const span = max - min || 1;
  return { min: min - MARGIN * span, max: max + MARGIN * span };
}

/** The lattice (2, GRID * GRID), row-major, point (r, c) at x1 = centre of column c, x2 = centre of row r. */
export function lattice(x1: Range, x2: Range): Float64Array {
  const m = GRID * GRID;
  const X = new Float64Array(2 * m);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      X[r * GRID + c] = x1.min + ((c + 0.5) * (x1.max - x1.min)) / GRID;
      X[m + r * GRID + c] = x2.min + ((r + 0.5) * (x2.max - x2.min)) / GRID;
    }
  }
  return X;
}

export interface BoundaryInput {
  readonly title: string;
  readonly featureNames: readonly [string, string];
  readonly classNames: readonly string[];
  /** The data (2, m) as given (not standardised) and each example's actual class. */
  readonly X: ArrayLike<number>;
  readonly m: number;
  readonly classes: ArrayLike<number>;
  readonly x1: Range;
  readonly x2: Range;
  /** The predicted class of every lattice point, in lattice order. */
  readonly predicted: ArrayLike<number>;
}

export function boundaryChartSpec(input: BoundaryInput): TopLevelSpec {
  const { x1, x2 } = input;
  const [dx, dy] = [(x1.max - x1.min) / GRID, (x2.max - x2.min) / GRID];
  const runs: { a: number; b: number; c: number; d: number; region: string }[] = [];
  for (let r = 0; r < GRID; r++) {
    let start = 0;
    for (let c = 1; c <= GRID; c++) {
      if (c < GRID && input.predicted[r * GRID + c] === input.predicted[r * GRID + start]) continue;
      runs.push({
        a: x1.min + start * dx,
        b: x1.min + c * dx,
        c: x2.min + r * dy,
        // half a row of overlap with the next row, drawn over it, so that no seam shows between rows
        d: x2.min + (r + (r + 1 < GRID ? 1.5 : 1)) * dy,
        region: input.classNames[input.predicted[r * GRID + start]],
      });
      start = c;
    }
  }
  const points = Array.from({ length: input.m }, (_, j) => ({ u: input.X[j], v: input.X[input.m + j], actual: input.classNames[input.classes[j]] }));
  const names = [...input.classNames];
  const xScale = { domain: [x1.min, x1.max], nice: false, zero: false };
  const yScale = { domain: [x2.min, x2.max], nice: false, zero: false };
  const [xTitle, yTitle] = input.featureNames;
  const regions: Layer = {
    name: 'regions',
    data: { values: runs },
    mark: { type: 'rect', strokeWidth: 0 },
    encoding: {
      x: { field: 'a', type: 'quantitative', title: xTitle, scale: xScale },
      x2: { field: 'b' },
      y: { field: 'c', type: 'quantitative', title: yTitle, scale: yScale },
      y2: { field: 'd' },
      fill: { field: 'region', type: 'nominal', title: 'predicted', scale: { domain: names, range: REGION_COLOURS.slice(0, names.length) } },
    },
  };
  const examples: Layer = {
    name: 'examples',
    data: { values: points },
    mark: { type: 'point', filled: true, size: 22, opacity: 0.9, stroke: 'black', strokeWidth: 0.3 },
    encoding: {
      x: { field: 'u', type: 'quantitative', title: xTitle, scale: xScale },
      y: { field: 'v', type: 'quantitative', title: yTitle, scale: yScale },
      color: { field: 'actual', type: 'nominal', title: 'actual', scale: { domain: names, range: CLASS_COLOURS.slice(0, names.length) } },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: BOUNDARY_CHART.width,
    height: BOUNDARY_CHART.height,
    padding: { ...BOUNDARY_CHART.padding },
    autosize: { type: 'none' },
    background: 'white',
    layer: [regions, examples],
    resolve: { scale: { color: 'independent', fill: 'independent' } },
    config: { font: 'DejaVu Sans' },
  };
}
