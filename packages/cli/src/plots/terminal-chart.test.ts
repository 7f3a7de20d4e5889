import { describe, expect, it } from 'vitest';
import { terminalChart } from './terminal-chart.js';

describe('terminalChart', () => {
  it('one column a report, the highest cost filling every row and the lowest one eighth of a row', () => {
    const costs = [0.7, 0.5, 0.3, 0.2, 0.1];
    const chart = terminalChart(costs.map((cost, k) => ({ iteration: k * 100, cost })), 60, 3);
    // Eighths filled: 1 + round((c - 0.1) / 0.6 * 23) = 24, 16, 9, 5, 1; rows of 8 from the bottom.
    expect(chart.split('\n')).toEqual([
      'cost 0.700 ┤█',
      '           ┤██▁',
      'cost 0.100 ┤███▅▁',
      '            0 400',
      '            iteration',
      '',
    ]);
  });

  it('samples long runs down to the width, and draws nothing for fewer than two reports', () => {
    const points = Array.from({ length: 1000 }, (_, k) => ({ iteration: k, cost: 1 / (k + 1) }));
    const lines = terminalChart(points, 40, 4).split('\n');
    expect(lines[3].length).toBe('cost 0.00100 ┤'.length + 40);
    expect(terminalChart([{ iteration: 0, cost: 1 }])).toBe('');
  });
});
