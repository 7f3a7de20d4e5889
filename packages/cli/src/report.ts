/** Printing what a trained model does on a data set: cost, accuracy and confusion matrix, or RMSE. */
import type { CompiledModel, CompiledModelAsync } from '@nnc/compiler';
import type { LossKind } from '@nnc/dsl/ir';
import { evaluate, type Dataset, type Evaluation } from '@nnc/runtime-cpu';
import { formatCost } from './progress.js';

export async function predictAndEvaluate(
  model: CompiledModel | CompiledModelAsync,
  data: Dataset,
  loss: LossKind,
): Promise<Evaluation> {
  const predictions = await model.forward(data.X, data.m);
  return evaluate(predictions, data.Y, data.m, loss);
}

/**
 * `<title> cost C, accuracy P%` (or `, rmse R`) and the confusion matrix. The cost is the loss
 * on the data; with L2 (`l2` > 0) the line says so, since the training cost includes the penalty.
 */
export function printEvaluation(
  title: string,
  evaluation: Evaluation,
  classes: readonly string[] | null,
  out: NodeJS.WritableStream,
  l2 = 0,
): void {
  out.write(`${title} cost ${formatCost(evaluation.cost)}${l2 > 0 ? ' (without the L2 term)' : ''}`);
  if (evaluation.accuracy !== null) out.write(`, accuracy ${(evaluation.accuracy * 100).toFixed(2)}%`);
  if (evaluation.rmse !== null) out.write(`, rmse ${evaluation.rmse.toPrecision(6)}`);
  out.write('\n');
  if (evaluation.confusion) out.write(formatConfusion(evaluation.confusion, classes));
}

/** The confusion matrix as an aligned table: rows are actual classes, columns predicted ones. */
export function formatConfusion(confusion: readonly number[][], classes: readonly string[] | null): string {
  const names = classes ? [...classes] : confusion.map((_, k) => String(k));
  const width = Math.max(...names.map((n) => n.length), ...confusion.flat().map((c) => String(c).length), 6);
  const cell = (text: string) => text.padStart(width);
  const lines = [`  ${'actual \\ predicted'.padEnd(18)} ${names.map(cell).join(' ')}`];
  confusion.forEach((row, k) => lines.push(`  ${names[k].padEnd(18)} ${row.map((c) => cell(String(c))).join(' ')}`));
  return `${lines.join('\n')}\n`;
}
