import { describe, expect, it } from 'vitest';
import { formatReport } from './progress.js';

describe('formatReport', () => {
  it('full batch: the whole-set cost, as the course prints it', () => {
    expect(formatReport(1000, 0.2880830, 5)).toBe('iteration  1000  cost 0.288083');
  });

  it('epochs: adds the epoch (15 batches per epoch: iteration 300 is epoch 20)', () => {
    expect(formatReport(300, 0.184701, 4, { perEpoch: 15 })).toBe('iteration  300  epoch   20  cost 0.184701');
    expect(formatReport(310, 0.1, 4, { perEpoch: 15 })).toBe('iteration  310  epoch 20.7  cost 0.100000');
  });
});
