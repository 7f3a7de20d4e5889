/**
 * Training progress: on a terminal, a live status line (progress-display.ts) with the report
 * lines printed above it; otherwise (pipes, CI, files) plain report lines only.
 */
import { formatStatusLine, terminalColumns } from './progress-display.js';

export interface Progress {
  /** Iterations between status updates (null: no status line, report lines only). */
  readonly tickEvery: number | null;
  /** A report line (printed above the status line on a terminal); `extra` follows the cost. */
  report(iteration: number, cost: number, extra?: string): void;
  /** Moves the status line to `iteration`. */
  tick(iteration: number): void;
  /** Removes the status line. */
  stop(): void;
}

/**
 * How report lines read: `perEpoch` (batches per epoch, for models trained in epochs) adds the
 * epoch number. The cost is always that of the whole training set (runTraining).
 */
export interface ReportStyle {
  readonly perEpoch: number | null;
}

const BY_ITERATION: ReportStyle = { perEpoch: null };

export function formatReport(iteration: number, cost: number, width: number, style: ReportStyle = BY_ITERATION): string {
  const epochs = style.perEpoch === null ? null : iteration / style.perEpoch;
  const epoch = epochs === null ? '' : `  epoch ${(Number.isInteger(epochs) ? String(epochs) : epochs.toFixed(1)).padStart(width)}`;
  return `iteration ${String(iteration).padStart(width)}${epoch}  cost ${formatCost(cost)}`;
}

export function formatCost(cost: number): string {
  return Number.isFinite(cost) ? cost.toFixed(6) : String(cost);
}

/** About this many status updates over a run. */
const TICKS = 200;

/** Iterations between status updates (and step boundaries where a signal is seen) for a run of `steps`. */
export function tickInterval(steps: number): number {
  return Math.max(1, Math.ceil(steps / TICKS));
}

/**
 * Progress of a run from `first` (the optimizer step it starts at) to `total` (iterations in
 * all).
 */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stdout,
  style: ReportStyle = BY_ITERATION,
  first = 0,
): Progress {
  const width = String(total).length;
  const formatLine = (iteration: number, cost: number, extra = '') => `${formatReport(iteration, cost, width, style)}${extra}`;
  if (!stream.isTTY) {
    return {
      tickEvery: null,
      report: (iteration, cost, extra) => stream.write(`${formatLine(iteration, cost, extra)}\n`),
      tick: () => {},
      stop: () => {},
    };
  }
  const started = performance.now();
  let cost: number | null = null;
  let shown = first;
  const draw = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 && shown > first ? (shown - first) / seconds : null;
    stream.write(`\r${formatStatusLine({ iteration: shown, total, cost, rate }, terminalColumns(stream))}\x1b[K`);
  };
  return {
    tickEvery: tickInterval(total - first),
    report(iteration, reported, extra) {
      stream.write(`\r\x1b[K${formatLine(iteration, reported, extra)}\n`);
      [shown, cost] = [iteration, reported];
      draw();
    },
    tick(iteration) {
      shown = iteration;
      draw();
    },
    stop: () => stream.write('\r\x1b[K'),
  };
}
