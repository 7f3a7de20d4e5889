/**
 * Training progress: on a terminal, a live bar (iteration, cost, rate, ETA) with the report lines
 * printed above it; otherwise (pipes, CI, files) plain report lines only.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Iterations between bar updates (null: no bar, report lines only). */
  readonly tickEvery: number | null;
  /** A report line (printed above the bar on a terminal). */
  report(iteration: number, cost: number): void;
  /** Moves the bar to `iteration`. */
  tick(iteration: number): void;
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

/** About this many bar updates over a run. */
const TICKS = 200;

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stdout, style: ReportStyle = BY_ITERATION): Progress {
  const width = String(total).length;
  const formatLine = (iteration: number, cost: number) => formatReport(iteration, cost, width, style);
  if (!stream.isTTY) {
    return {
      tickEvery: null,
      report: (iteration, cost) => stream.write(`${formatLine(iteration, cost)}\n`),
      tick: () => {},
      stop: () => {},
    };
  }
  // Training may hold the event loop between ticks, so every change is drawn at once
  // (bars.update()) rather than on cli-progress's timer.
  const bars = new cliProgress.MultiBar(
    {
      format: ' {bar} {value}/{total} iterations | cost {cost} | {speed} it/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
      stream,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { cost: '-', speed: '-' });
  const started = performance.now();
  const draw = (iteration: number, payload: { cost?: string } = {}) => {
    const seconds = (performance.now() - started) / 1000;
    bar.update(iteration, { ...payload, speed: seconds > 0 ? String(Math.round(iteration / seconds)) : '-' });
    bars.update();
  };
  return {
    tickEvery: Math.max(1, Math.ceil(total / TICKS)),
    report(iteration, cost) {
      bars.log(`${formatLine(iteration, cost)}\n`);
      draw(iteration, { cost: formatCost(cost) });
    },
    tick: (iteration) => draw(iteration),
    stop: () => bars.stop(),
  };
}
