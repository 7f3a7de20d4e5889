/**
 * Before `nnc train` allocates anything: does the model fit in memory, can its parameters file be
 * written, and is the data loaded whole or streamed from its file? (memory-plan.ts has the
 * estimates.) Data is streamed when asked (`--stream`) or when loading it would not fit and the
 * model trains in mini-batches; otherwise what does not fit is refused with the estimate.
 */
import { extname } from 'node:path';
import type { ModelIR } from '@nnc/dsl/ir';
import { dataSize, formatBytes } from '@nnc/runtime-cpu';
import { checkParametersFileSize, combine, dataEstimate, memoryLimit, modelEstimate, requireFits } from '../memory-plan.js';

export interface DataPlanOptions {
  readonly data: string;
  readonly label?: string;
  readonly save?: string;
  readonly checkpoint?: string;
  readonly stream?: boolean;
}

/** True when the data is to be streamed; throws a UserError when the run cannot fit. */
export function planData(model: ModelIR, options: DataPlanOptions): boolean {
  const limit = memoryLimit();
  const batch = model.training.batchSize;
  requireFits(modelEstimate(model, batch ?? 1), limit, `model '${model.name}'`);
  if (options.save) checkParametersFileSize(model, '--save');
  if (options.checkpoint) checkParametersFileSize(model, '--checkpoint');
  const kind = extname(options.data).toLowerCase();
  const size = dataSize(options.data, kind === '.npy' ? (options.label ?? null) : null);
  if (options.stream) return true;
  if (size === null) return false; // the loader reports why the file cannot be read
  const loaded = combine(modelEstimate(model, batch ?? Math.max(1, size.examples)), dataEstimate(size));
  if (loaded.total <= limit.bytes) return false;
  if (batch !== null && (kind === '.csv' || kind === '.npy')) return true;
  const what = `training on ${options.data} (${formatBytes(size.fileBytes)}${size.exact ? '' : `, about ${size.examples.toLocaleString('en-US')} examples`})`;
  requireFits(
    loaded,
    limit,
    what,
    batch === null
      ? 'full-batch training holds the whole data set in memory; train in mini-batches (`train ... batch 256`) and nnc streams the data from its file'
      : 'nnc streams CSV and .npy files; save the data in one of those',
  );
  return false;
}
