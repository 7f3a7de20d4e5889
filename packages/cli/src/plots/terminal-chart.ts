/**
 * A small chart of the cost for the terminal, printed at the end of `nnc train` when stdout is a
 * terminal (never into a pipe or a file, whose readers parse the report lines):
 *
 *   cost 0.693 ┤█
 *              ┤█▆
 *              ┤██▄▂▁▁▁▁▁▁
 *   cost 0.218 ┤██████████
 *               0      9000
 *
 * One column per report (at most `width`, later reports sampled), eighth-block characters for the
 * fraction of a row.
 */
import type { CostPoint } from './cost-history.js';

const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export function terminalChart(points: readonly CostPoint[], width = 60, height = 6): string {
  const finite = points.filter((p) => Number.isFinite(p.cost));
  if (finite.length < 2) return '';
  const columns = finite.length <= width ? finite : Array.from({ length: width }, (_, k) => finite[Math.round((k * (finite.length - 1)) / (width - 1))]);
  const costs = columns.map((p) => p.cost);
  const [low, high] = [Math.min(...costs), Math.max(...costs)];
  const span = high - low || 1;
  // Eighths of a row filled in each column: the lowest cost fills one eighth, the highest all rows.
  const fill = costs.map((c) => Math.max(1, Math.round(((c - low) / span) * (height * 8 - 1)) + 1));
  const top = `cost ${high.toPrecision(3)} `;
  const bottom = `cost ${low.toPrecision(3)} `;
  const margin = Math.max(top.length, bottom.length);
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const label = row === height - 1 ? top : row === 0 ? bottom : '';
    const cells = fill.map((eighths) => BLOCKS[Math.min(8, Math.max(0, eighths - row * 8))]).join('');
    lines.push(`${label.padStart(margin)}┤${cells.trimEnd()}`);
  }
  const first = String(columns[0].iteration);
  const last = String(columns[columns.length - 1].iteration);
  const axis = `${first}${last.padStart(Math.max(columns.length - first.length, last.length + 1))}`;
  lines.push(`${' '.repeat(margin + 1)}${axis}`);
  lines.push(`${' '.repeat(margin + 1)}iteration`);
  return `${lines.join('\n')}\n`;
}
