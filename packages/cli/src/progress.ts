/**
 * Training progress: on a terminal, a live bar (iteration, cost, rate, ETA) with the report lines
 * printed above it; otherwise (pipes, CI, files) plain report lines only.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** A report line (printed above the bar on a terminal). */
  report(iteration: number, cost: number): void;
  stop(): void;
}

export function formatReport(iteration: number, cost: number, width: number): string {
  return `iteration ${String(iteration).padStart(width)}  cost ${formatCost(cost)}`;
}

export function formatCost(cost: number): string {
  return Number.isFinite(cost) ? cost.toFixed(6) : String(cost);
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stdout): Progress {
  const width = String(total).length;
  if (!stream.isTTY) {
    return {
      report: (iteration, cost) => stream.write(`${formatReport(iteration, cost, width)}\n`),
      stop: () => {},
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      format: ' {bar} {value}/{total} iterations | cost {cost} | {rate} it/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      stream,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { cost: '-', rate: '-' });
  const started = performance.now();
  return {
    report(iteration, cost) {
      bars.log(`${formatReport(iteration, cost, width)}\n`);
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(iteration / seconds) : 0;
      bar.update(iteration, { cost: formatCost(cost), rate: String(rate) });
    },
    stop() {
      bars.stop();
    },
  };
}
