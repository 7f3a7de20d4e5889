/**
 * How a training run ends, the same for `nnc train` in memory (train.ts) and streamed
 * (train-streamed.ts): what a diverged or a stopped run says, the --save file, and the line
 * that sums up a finished run.
 */
import type { CompiledModel, CompiledModelAsync } from '@nnc/compiler';
import { makeParametersFile, type ParametersContent } from '@nnc/runtime-cpu';
import { writeParametersOutput } from './files.js';
import { formatCost } from './progress.js';
import type { StopSignal } from './signals.js';

/** What a run whose cost diverged says (stderr): why, and the last good checkpoint. Returns its exit code, 1. */
export function reportDivergence(outcome: {
  readonly message: string | null;
  readonly checkpoint: { readonly path: string; readonly iteration: number } | null;
}): number {
  process.stderr.write(`nnc: ${outcome.message}\n`);
  if (outcome.checkpoint) {
    process.stderr.write(`nnc: the last good checkpoint is ${outcome.checkpoint.path} (iteration ${outcome.checkpoint.iteration})\n`);
  }
  return 1;
}

/**
 * What a run stopped by a signal says (stderr): where it stopped, where the checkpoint is and how
 * to go on; `saved` is the --save file written as partial, if any.
 */
export function announceStop(signal: StopSignal, iteration: number, total: number, checkpoint: string | null, saved: string | null): void {
  const lines = [`stopped by ${signal} at iteration ${iteration} of ${total}`];
  lines.push(checkpoint ? `checkpoint written to ${checkpoint}; continue with --resume ${checkpoint}` : 'no checkpoint was asked for (--checkpoint FILE keeps one)');
  if (saved) lines.push(`saved the parameters so far to ${saved}, marked partial ("training": {"partial": true})`);
  process.stderr.write(lines.map((line) => `nnc: ${line}\n`).join(''));
}

/**
 * Writes the parameters and optimizer state the model holds now, with `content`, to `path` (the
 * --save file); says whether it wrote (not without a path).
 */
export async function saveTrained(
  path: string | undefined,
  compiled: CompiledModel | CompiledModelAsync,
  content: Omit<ParametersContent, 'layers' | 'optimizerState'>,
): Promise<boolean> {
  if (path === undefined) return false;
  const layers = await compiled.getParameters();
  const optimizerState = await compiled.getOptimizerState();
  writeParametersOutput(path, makeParametersFile(compiled.meta, { layers, ...content, optimizerState }));
  return true;
}

/** The line that sums up a finished run: the steps taken, how fast, and the final cost (`costOf` says on what). */
export function trainedLine(taken: number, seconds: number, finalCost: number, costOf = ''): string {
  return (
    `trained ${taken} iterations in ${seconds.toFixed(2)} s (${Math.round(taken / Math.max(seconds, 1e-9))} it/s); ` +
    `final cost ${formatCost(finalCost)}${costOf}\n`
  );
}
