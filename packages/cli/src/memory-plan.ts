/**
 * Limits before allocation, for `nnc train`: what a run needs (parameters, gradients, optimizer
 * state, the workspace for the examples of one step, the data when it is loaded whole, and the
 * parameters file's JSON) is estimated up front and compared with the memory available, so that
 * a model or data set that does not fit is refused with the estimate instead of failing halfway
 * with "Array buffer allocation failed". Data too big to load is streamed from its file when the
 * model trains in mini-batches (train-streamed.ts).
 *
 * The memory available is NNC_MEMORY_LIMIT when set (bytes, or with K, M, G, T: 512M, 2G), else
 * what the system reports as available (MemAvailable on Linux), lowered to the cgroup limit of a
 * container when there is one.
 */
import { freemem } from 'node:os';
import { summarize } from '@nnc/dsl';
import type { ModelIR } from '@nnc/dsl/ir';
import { formatBytes, type DataSize } from '@nnc/runtime-cpu';
import { UserError } from './user-error.js';

export interface MemoryLimit {
  readonly bytes: number;
  /** Where the limit comes from, for messages. */
  readonly source: string;
}

const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

export function memoryLimit(env: NodeJS.ProcessEnv = process.env): MemoryLimit {
  const setting = env.NNC_MEMORY_LIMIT;
  if (setting !== undefined && setting !== '') {
    const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(setting.trim());
    if (match === null) throw new UserError(`NNC_MEMORY_LIMIT is '${setting}'; expected bytes, or a size such as 512M or 2G`);
    return { bytes: Number(match[1]) * UNITS[match[2].toUpperCase()], source: 'NNC_MEMORY_LIMIT' };
  }
  let bytes = freemem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  if (constrained !== undefined && constrained > 0 && constrained < 2 ** 60) bytes = Math.min(bytes, constrained - process.memoryUsage().rss);
  return { bytes, source: 'available memory' };
}

export interface Estimate {
  /** What needs the memory, with bytes, for messages. */
  readonly parts: readonly (readonly [string, number])[];
  readonly total: number;
}

function estimate(parts: readonly (readonly [string, number])[]): Estimate {
  return { parts: parts.filter(([, bytes]) => bytes > 0), total: parts.reduce((sum, [, bytes]) => sum + bytes, 0) };
}

/**
 * The model's part for steps of `examples` examples: parameters and gradients, optimizer state,
 * float64 copies of both (checks and checkpoints), and the workspace (each layer's values and
 * their gradients: twice what `nnc check` lists as activations).
 */
export function modelEstimate(model: ModelIR, examples: number): Estimate {
  const s = summarize(model, examples);
  const copies = (s.parameterBytes + s.optimizerStateBytes) * (8 / s.bytesPerScalar);
  return estimate([
    ['parameters and gradients', s.parameterBytes + s.gradientBytes],
    ['optimizer state', s.optimizerStateBytes],
    ['float64 copies for checks and checkpoints', copies],
    [`workspace for steps of ${examples.toLocaleString('en-US')} example${examples === 1 ? '' : 's'}`, 2 * s.activationBytes],
  ]);
}

/** The loaded data: X and Y, a standardised copy of X and the training/holdout copies. */
export function dataEstimate(size: DataSize): Estimate {
  return estimate([['the data set in memory', 3 * size.loadedBytes]]);
}

export function combine(...estimates: Estimate[]): Estimate {
  return estimate(estimates.flatMap((e) => e.parts));
}

/** JavaScript strings hold at most 2^29 - 24 characters: the JSON of a parameters file must fit one. */
export const MAX_JSON_CHARACTERS = 2 ** 29 - 24;
/** Characters of JSON per number of a parameters file (about 20 digits, a comma and indentation). */
const JSON_CHARACTERS_PER_NUMBER = 24;

/** Refuses, up front, a --save or --checkpoint file that could not be written as JSON. */
export function checkParametersFileSize(model: ModelIR, option: string): void {
  const s = summarize(model, 1);
  const numbers = s.parameters * (1 + s.optimizerStateBytes / Math.max(s.parameterBytes, 1));
  const characters = numbers * JSON_CHARACTERS_PER_NUMBER;
  if (characters > MAX_JSON_CHARACTERS) {
    throw new UserError(
      `${option}: the parameters file of model '${model.name}' would hold ${Math.round(numbers).toLocaleString('en-US')} numbers, ` +
        `about ${formatBytes(characters)} of JSON, more than nnc can write (${formatBytes(MAX_JSON_CHARACTERS)})`,
    );
  }
}

/** Throws a UserError naming the estimate and the limit when `needed` does not fit. */
export function requireFits(needed: Estimate, limit: MemoryLimit, what: string, advice = ''): void {
  if (needed.total <= limit.bytes) return;
  const parts = needed.parts.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ');
  throw new UserError(
    `${what} needs about ${formatBytes(needed.total)} (${parts}), more than the ${formatBytes(Math.max(0, limit.bytes))} ` +
      `of ${limit.source}${advice ? `; ${advice}` : ''}`,
  );
}
