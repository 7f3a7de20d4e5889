/**
 * The live status line of a training run on a terminal, fitted to the terminal's width:
 *
 *   ████████░░░░░░░░  4200/10000 it | cost 0.254385 | 11776 it/s | ETA 1s
 *
 * The iteration, cost, rate and ETA are kept whatever the width: the bar shrinks first, then
 * goes; then the labels go (`4200/10000 0.254385 11776/s 1s`); only a terminal narrower than
 * that cuts the line. Nothing reads NaN: an unknown cost, rate or ETA shows as `-`.
 */

export interface StatusState {
  readonly iteration: number;
  readonly total: number;
  /** The last reported cost; null before the first report. */
  readonly cost: number | null;
  /** Iterations a second; null while unknown. */
  readonly rate: number | null;
}

/** The bar never gets narrower than this (it goes instead) nor wider than BAR_MAX. */
const BAR_MIN = 8;
const BAR_MAX = 40;

export function formatStatusLine(state: StatusState, columns: number): string {
  // The last column is left free: writing into it makes some terminals wrap.
  const room = Math.max(1, columns - 1);
  const iteration = `${String(state.iteration).padStart(String(state.total).length)}/${state.total}`;
  const cost = state.cost === null || !Number.isFinite(state.cost) ? '-' : state.cost.toFixed(6);
  const rate = formatRate(state.rate);
  const eta = formatDuration(etaSeconds(state));
  const labelled = `${iteration} it | cost ${cost} | ${rate} it/s | ETA ${eta}`;
  const barWidth = Math.min(BAR_MAX, room - labelled.length - 1);
  if (barWidth >= BAR_MIN) return `${bar(state.iteration / Math.max(state.total, 1), barWidth)} ${labelled}`;
  if (labelled.length <= room) return labelled;
  const bare = `${iteration} ${cost} ${rate}/s ${eta}`;
  return bare.length <= room ? bare : bare.slice(0, room);
}

export function etaSeconds(state: StatusState): number | null {
  if (state.rate === null || !(state.rate > 0) || !Number.isFinite(state.rate)) return null;
  return Math.max(0, state.total - state.iteration) / state.rate;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'\u2588'.repeat(filled)}${'\u2591'.repeat(width - filled)}`;
}

function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate) || rate <= 0) return '-';
  return rate >= 100 ? String(Math.round(rate)) : rate.toPrecision(3);
}

/** `42s`, `4m05s`, `2h03m`; `-` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The terminal's width: what the terminal says, else $COLUMNS, else 80. */
export function terminalColumns(stream: { readonly columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  if (typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}
