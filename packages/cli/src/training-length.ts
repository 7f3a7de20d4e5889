/**
 * How long a run is and how often it reports, by one rule: the model's count (`train iterations
 * N`, or `epochs E` times the batches of an epoch), or `--iterations N`, is the TOTAL number of
 * optimizer steps. A run started from a checkpoint (`--resume`) continues from the step the
 * checkpoint records to that same total, so an interrupted run resumed ends where, and as, an
 * uninterrupted one does. A checkpoint already at (or past) the total trains no further.
 *
 * Reports: every `report_every` iterations, or epochs for a model trained in epochs (as in the
 * .nn file; `--report-every N` in the same unit overrides it). Left to the model, a long run is
 * capped at about MAX_REPORTS report lines: the interval is widened to a round multiple of the
 * model's (so the model's report points stay report points).
 */
import type { ModelIR } from '@nnc/dsl/ir';

export const MAX_REPORTS = 20;

export interface LengthOptions {
  readonly iterations?: number;
  /** In the model's unit: iterations, or epochs for a model trained in epochs. */
  readonly reportEvery?: number;
}

export interface TrainingLength {
  /** Optimizer steps in all, counted from a fresh model. */
  readonly total: number;
  /** Steps this run takes: from `start` to `total` (0 when `start` is already there). */
  readonly steps: number;
  /** Iterations between reports. */
  readonly reportEvery: number;
  /** Set when the model's interval was widened: a line saying so for the user. */
  readonly note: string | null;
}

/** `perEpoch`: batches in an epoch; `start`: the optimizer step the run starts at. */
export function trainingLength(model: ModelIR, perEpoch: number, start: number, options: LengthOptions = {}): TrainingLength {
  const inEpochs = model.training.epochs !== null;
  const total = options.iterations ?? model.training.iterations ?? (model.training.epochs ?? 1) * perEpoch;
  const steps = Math.max(0, total - start);
  const unit = inEpochs ? perEpoch : 1;
  const asked = (options.reportEvery ?? model.training.reportEvery) * unit;
  if (options.reportEvery !== undefined || total / asked <= MAX_REPORTS) return { total, steps, reportEvery: asked, note: null };
  const factor = roundUp(Math.ceil(total / (asked * MAX_REPORTS)));
  const reportEvery = asked * factor;
  const every = inEpochs ? `${reportEvery / perEpoch} epochs` : `${reportEvery} iterations`;
  return {
    total,
    steps,
    reportEvery,
    note: `reporting every ${every} (at most ${MAX_REPORTS} report lines; --report-every N chooses)`,
  };
}

/** The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `n`. */
function roundUp(n: number): number {
  for (let scale = 1; ; scale *= 10) for (const step of [1, 2, 5]) if (step * scale >= n) return step * scale;
}
