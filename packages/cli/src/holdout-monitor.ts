/**
 * The held-out set during training (`--holdout`): at each report, its cost and accuracy (Keras'
 * val_loss and val_accuracy) follow the training cost on the report line; with
 * `--early-stopping PATIENCE`, the parameters and optimizer state of the report with the lowest
 * held-out cost are kept in memory, and training stops once PATIENCE reports in a row have not
 * improved on it. The run then ends with those best parameters (restoreBest), and they are what
 * `--save` and `--checkpoint` write.
 */
import type { CompiledModel, CompiledModelAsync } from '@nnc/compiler';
import type { LayerParameters, LossKind, OptimizerState } from '@nnc/dsl/ir';
import type { Dataset } from '@nnc/runtime-cpu';
import { formatCost } from './progress.js';
import { predictAndEvaluate } from './report.js';

export interface BestReport {
  readonly iteration: number;
  /** The held-out cost. */
  readonly cost: number;
  /** The training cost reported at that iteration. */
  readonly trainingCost: number;
  readonly layers: LayerParameters[];
  readonly optimizerState: OptimizerState;
}

export class HoldoutMonitor {
  private bestSoFar: BestReport | null = null;
  private sinceBest = 0;

  constructor(
    private readonly model: CompiledModel | CompiledModelAsync,
    private readonly holdout: Dataset,
    private readonly loss: LossKind,
    /** Reports without improvement before stopping; null: never stop early. */
    readonly patience: number | null,
  ) {}

  /** Evaluates the held-out set after `iteration` steps; the text that follows the cost on the report line. */
  async atReport(iteration: number, trainingCost: number): Promise<string> {
    const evaluation = await predictAndEvaluate(this.model, this.holdout, this.loss);
    if (this.patience !== null) {
      if (this.bestSoFar === null || evaluation.cost < this.bestSoFar.cost) {
        this.bestSoFar = {
          iteration,
          cost: evaluation.cost,
          trainingCost,
          layers: await this.model.getParameters(),
          optimizerState: await this.model.getOptimizerState(),
        };
        this.sinceBest = 0;
      } else {
        this.sinceBest++;
      }
    }
    const accuracy = evaluation.accuracy === null ? '' : `  accuracy ${(evaluation.accuracy * 100).toFixed(2)}%`;
    const rmse = evaluation.rmse === null ? '' : `  rmse ${evaluation.rmse.toPrecision(6)}`;
    return `  holdout cost ${formatCost(evaluation.cost)}${accuracy}${rmse}`;
  }

  /** True once `patience` reports in a row have not improved on the best held-out cost. */
  get exhausted(): boolean {
    return this.patience !== null && this.sinceBest >= this.patience;
  }

  get best(): BestReport | null {
    return this.bestSoFar;
  }

  get reportsSinceBest(): number {
    return this.sinceBest;
  }

  /** Puts the best report's parameters and optimizer state back into the model; null without one. */
  async restoreBest(): Promise<BestReport | null> {
    const best = this.bestSoFar;
    if (best === null) return null;
    await this.model.setParameters(best.layers);
    await this.model.setOptimizerState(best.optimizerState);
    return best;
  }
}
