/**
 * The costs of a training run at every report, with the held-out cost and accuracy at the same
 * iterations when data is held out: what the cost picture (cost-chart.ts) and the terminal chart
 * (terminal-chart.ts) draw.
 */
import type { CompiledModel, CompiledModelAsync, ReportEvent } from '@nnc/compiler';
import type { LossKind } from '@nnc/dsl/ir';
import type { Dataset } from '@nnc/runtime-cpu';
import { predictAndEvaluate } from '../report.js';

export interface CostPoint {
  readonly iteration: number;
  /** The cost on the whole training set, as reported. */
  readonly cost: number;
  /** On the held-out examples (--holdout), at the same iteration. */
  readonly holdoutCost?: number;
  /** Classifiers only: the held-out accuracy in [0, 1]. */
  readonly holdoutAccuracy?: number;
}

export class CostHistory {
  readonly points: CostPoint[] = [];

  constructor(
    private readonly model: CompiledModel | CompiledModelAsync,
    private readonly holdout: Dataset | null,
    private readonly loss: LossKind,
  ) {}

  /** Records a report; evaluates the held-out data there when there is some. */
  async record(event: ReportEvent): Promise<void> {
    if (this.points.length > 0 && this.points[this.points.length - 1].iteration === event.iteration) return;
    if (this.holdout === null) {
      this.points.push({ iteration: event.iteration, cost: event.cost });
      return;
    }
    const evaluation = await predictAndEvaluate(this.model, this.holdout, this.loss);
    this.points.push({
      iteration: event.iteration,
      cost: event.cost,
      holdoutCost: evaluation.cost,
      ...(evaluation.accuracy !== null ? { holdoutAccuracy: evaluation.accuracy } : {}),
    });
  }
}
