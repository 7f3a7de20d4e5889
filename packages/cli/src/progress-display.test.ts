import { describe, expect, it } from 'vitest';
import { etaSeconds, formatDuration, formatStatusLine, terminalColumns } from './progress-display.js';

const running = { iteration: 4200, total: 10000, cost: 0.2543851, rate: 11776.4 };

describe('formatStatusLine', () => {
  it('keeps iteration, cost, rate and ETA at every width, the bar shrinking first', () => {
    // (10000 - 4200) / 11776.4 = 0.49 s
    // the iteration is padded to the total's width, so the line does not jitter
    const figures = ' 4200/10000 it | cost 0.254385 | 11776 it/s | ETA 0s';
    const tail = ` ${figures}`;
    for (const columns of [200, 120, 100, 80, 60]) {
      const line = formatStatusLine(running, columns);
      expect(line.length).toBeLessThanOrEqual(columns - 1);
      expect(line.endsWith(figures)).toBe(true);
    }
    expect(formatStatusLine(running, 200)).toBe(`${'\u2588'.repeat(17)}${'\u2591'.repeat(23)}${tail}`); // 40 columns of bar, 42% full
    expect(formatStatusLine(running, 70).length).toBe(69);
    // too narrow for the bar: the labelled figures alone, then the bare ones
    expect(formatStatusLine(running, 58)).toBe(figures);
    expect(formatStatusLine(running, 40)).toBe(' 4200/10000 0.254385 11776/s 0s');
    expect(formatStatusLine(running, 20)).toBe(' 4200/10000 0.25438');
  });

  it('never shows NaN: unknown cost, rate and ETA read -', () => {
    const line = formatStatusLine({ iteration: 0, total: 300000, cost: null, rate: null }, 100);
    expect(line).toMatch(/ {5}0\/300000 it \| cost - \| - it\/s \| ETA -$/);
    expect(line).not.toMatch(/NaN|NF|Infinity/);
    expect(formatStatusLine({ iteration: 5, total: 10, cost: NaN, rate: Infinity }, 100)).not.toMatch(/NaN|NF|Infinity/);
    expect(etaSeconds({ iteration: 5, total: 10, cost: null, rate: 0 })).toBeNull();
  });

  it('formats durations as a person reads them', () => {
    expect([formatDuration(42.4), formatDuration(245), formatDuration(7380), formatDuration(null)]).toEqual(['42s', '4m05s', '2h03m', '-']);
  });

  it('takes the width from the terminal, else $COLUMNS, else 80', () => {
    expect(terminalColumns({ columns: 132 }, { COLUMNS: '40' })).toBe(132);
    expect(terminalColumns({}, { COLUMNS: '40' })).toBe(40);
    expect(terminalColumns({ columns: 0 }, { COLUMNS: 'wide' })).toBe(80);
  });
});
