/**
 * The `train` statement: `iterations N | epochs N`, `batch N | batch full`, `shuffle_seed N`,
 * `report_every N`, in any order, each at most once.
 */
import type { NumberNode, TrainOptionNode } from './ast.js';
import type { DiagnosticCode } from './diagnostic-codes.js';
import type { Span, Training } from '@nnc/model/ir';
import type { Reporter } from './reporter.js';
import { suggestionHint } from './suggest.js';
import { MAX_SEED, TRAIN_OPTION_KEYS, type TrainOptionKey } from './vocabulary.js';

/** Training settings when the model has no `train` statement. */
export const DEFAULT_ITERATIONS = 1000;

export function checkTrain(options: readonly TrainOptionNode[], reporter: Reporter): Training {
  const seen = new Map<TrainOptionKey, Span>();
  let iterations: number | null = null;
  let epochs: number | null = null;
  let batchSize: number | null = null;
  let shuffleSeed: number | null = null;
  let reportEvery: number | null = null;
  let lengthSpan: Span | null = null;

  for (const option of options) {
    const key = TRAIN_OPTION_KEYS.find((k) => k === option.key.name);
    if (!option.known || key === undefined) {
      reporter.error('NNC015', `unknown training option '${option.key.name}'`, option.key.span, {
        hint: suggestionHint(option.key.name, TRAIN_OPTION_KEYS),
      });
      continue;
    }
    const first = seen.get(key);
    if (first) {
      reporter.error('NNC014', `'${key}' is set twice`, option.span, {
        related: { message: 'first set here', span: first },
        hint: 'keep one of them',
      });
      continue;
    }
    seen.set(key, option.span);
    const value = option.value?.kind === 'number' ? option.value : null;
    switch (key) {
      case 'iterations':
      case 'epochs': {
        if (lengthSpan) {
          reporter.error('NNC054', 'give either iterations or epochs, not both', option.span, {
            related: { message: 'the training length is already set here', span: lengthSpan },
          });
          break;
        }
        lengthSpan = option.span;
        const count = positiveInteger(value, key, 'NNC039', reporter);
        if (key === 'iterations') iterations = count;
        else epochs = count;
        break;
      }
      case 'batch':
        // `batch full` leaves batchSize null.
        if (option.value === null) {
          reporter.error('NNC038', 'batch needs a size or full', option.span, { hint: 'write e.g. `batch 32`, or `batch full`' });
        } else if (option.value.kind === 'number') {
          batchSize = positiveInteger(value, 'batch size', 'NNC038', reporter);
        }
        break;
      case 'shuffle_seed':
        shuffleSeed = checkSeed(value, reporter);
        break;
      case 'report_every':
        reportEvery = positiveInteger(value, key, 'NNC039', reporter);
        break;
    }
  }

  const shuffleSpan = seen.get('shuffle_seed');
  const fullBatch = !options.some((option) => option.key.name === 'batch' && option.value?.kind === 'number');
  if (shuffleSpan && fullBatch) {
    reporter.warning('NNC060', 'shuffle_seed has no effect with full-batch training', shuffleSpan, {
      hint: 'add `batch N` to train on shuffled mini-batches, or remove shuffle_seed',
    });
  }
  if (iterations === null && epochs === null && !lengthSpan) iterations = DEFAULT_ITERATIONS;
  const total = iterations ?? epochs ?? DEFAULT_ITERATIONS;
  return {
    iterations,
    epochs,
    batchSize,
    shuffleSeed: shuffleSeed ?? 0,
    reportEvery: reportEvery ?? defaultReportEvery(total),
  };
}

/** Ten reports over the run: max(1, round(total / 10)). */
export function defaultReportEvery(total: number): number {
  return Math.max(1, Math.round(total / 10));
}

function positiveInteger(
  value: NumberNode | null,
  what: string,
  code: DiagnosticCode,
  reporter: Reporter,
): number | null {
  if (value === null) return null;
  if (!Number.isSafeInteger(value.value) || value.value <= 0) {
    reporter.error(code, `${what} must be a positive integer, got ${value.text}`, value.span);
    return null;
  }
  return value.value;
}

/** Seeds (init and shuffle) are integers in [0, 2^32 - 1], as numpy's MT19937 takes them. */
export function checkSeed(value: NumberNode | null, reporter: Reporter): number | null {
  if (value === null) return null;
  if (!Number.isInteger(value.value) || value.value < 0 || value.value > MAX_SEED) {
    reporter.error('NNC040', `seed must be an integer from 0 to ${MAX_SEED}, got ${value.text}`, value.span);
    return null;
  }
  return value.value;
}
