/**
 * What `nnc train` draws: `--plot cost.svg|png` (the cost at every report, held-out cost and
 * accuracy with --holdout), `--boundary regions.png|svg` (two-feature classifiers: the decision
 * regions over the data) and, when stdout is a terminal, a small chart of the cost at the end.
 * train.ts calls these hooks; the drawing libraries load only when a picture is asked for.
 */
import type { CompiledModel, CompiledModelAsync } from '@nnc/compiler';
import type { ModelIR, Standardization } from '@nnc/dsl/ir';
import { applyStandardization, type Dataset } from '@nnc/runtime-cpu';
import { optionGroup } from '../option-group.js';
import { named, type NamedFile } from '../output-files.js';
import { UserError } from '../user-error.js';
import { boundaryChartSpec, GRID, lattice, plotRange } from './boundary-chart.js';
import { costChartSpec } from './cost-chart.js';
import { CostHistory } from './cost-history.js';
import { pictureFormat, writePicture } from './render.js';
import { terminalChart } from './terminal-chart.js';

export interface PictureOptions {
  readonly plot?: string;
  readonly boundary?: string;
}

export const addPictureOptions = optionGroup([
  ['--plot <file>', 'draw the cost at every report (and the held-out cost and accuracy with --holdout): .svg or .png'],
  ['--boundary <file>', 'two-feature classifiers: draw the decision regions over the data (.png or .svg)'],
]);

export function pictureOutputs(options: PictureOptions): NamedFile[] {
  return named([options.plot, '--plot'], [options.boundary, '--boundary']);
}

/** Refuses, before any training, pictures that cannot be drawn. */
export function checkPictures(model: ModelIR, options: PictureOptions): void {
  if (options.plot) pictureFormat(options.plot, '--plot');
  if (!options.boundary) return;
  pictureFormat(options.boundary, '--boundary');
  if (model.inputSize !== 2) {
    throw new UserError(`--boundary draws the decision regions of a model with 2 input features; '${model.name}' has input ${model.inputSize}`);
  }
  if (model.loss === 'mean_squared_error') {
    throw new UserError(`--boundary draws the regions of a classifier; '${model.name}' is a regression (mean_squared_error)`);
  }
}

export interface TrainedRun {
  readonly model: ModelIR;
  readonly compiled: CompiledModel | CompiledModelAsync;
  /** All the examples as read (training and held out), before any standardisation. */
  readonly data: Dataset;
  readonly standardization: Standardization | null;
  readonly iterations: number;
  readonly finalCost: number;
}

export interface Pictures {
  readonly afterReport: ((event: { iteration: number; cost: number }) => Promise<void>) | undefined;
  /** After training: writes the pictures asked for and prints the terminal chart. */
  finish(run: TrainedRun, out: NodeJS.WriteStream): Promise<void>;
}

export function startPictures(
  model: ModelIR,
  options: PictureOptions,
  compiled: CompiledModel | CompiledModelAsync,
  holdout: Dataset | null,
  out: NodeJS.WriteStream,
): Pictures {
  const wanted = Boolean(options.plot) || Boolean(out.isTTY);
  const history = wanted ? new CostHistory(compiled, options.plot ? holdout : null, model.loss) : null;
  return {
    afterReport: history ? (event) => history.record(event) : undefined,
    async finish(run) {
      if (history) await history.record({ iteration: run.iterations, cost: run.finalCost });
      if (history && options.plot) {
        await writePicture(options.plot, '--plot', costChartSpec(`${model.name}: cost`, history.points));
        out.write(`drew the cost to ${options.plot}\n`);
      }
      if (options.boundary) {
        await writePicture(options.boundary, '--boundary', await boundarySpec(run));
        out.write(`drew the decision regions to ${options.boundary}\n`);
      }
      if (history && out.isTTY) out.write(terminalChart(history.points));
    },
  };
}

async function boundarySpec(run: TrainedRun) {
  const { data, compiled, standardization } = run;
  const x1 = plotRange(data.X.subarray(0, data.m));
  const x2 = plotRange(data.X.subarray(data.m, 2 * data.m));
  const grid = lattice(x1, x2);
  const points = GRID * GRID;
  const output = await compiled.forward(standardization ? applyStandardization(grid, points, standardization) : grid, points);
  const classNames = data.classes ?? ['0', '1'];
  return boundaryChartSpec({
    title: `${run.model.name}: decision regions after ${run.iterations} iterations`,
    featureNames: [data.featureNames[0], data.featureNames[1]],
    classNames,
    X: data.X,
    m: data.m,
    classes: classesOf(data.Y, data.ny, data.m),
    x1,
    x2,
    predicted: classesOf(output, data.ny, points),
  });
}

/** The class of each column of (ny, m) outputs or labels: a > 0.5 for one row (ties are 0), else the first maximum. */
export function classesOf(values: ArrayLike<number>, ny: number, m: number): Int32Array {
  const classes = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    if (ny === 1) {
      classes[j] = values[j] > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < ny; k++) if (values[k * m + j] > values[best * m + j]) best = k;
    classes[j] = best;
  }
  return classes;
}
