import { describe, expect, it } from 'vitest';
import { initFactor } from '@nnc/model/ir';

describe('initFactor', () => {
  it('scales He and Xavier by the fan-in', () => {
    expect(initFactor({ kind: 'he' }, 8)).toBe(0.5);
    expect(initFactor({ kind: 'xavier' }, 4)).toBe(0.5);
    expect(initFactor({ kind: 'normal', scale: 0.01 }, 4)).toBe(0.01);
  });
});
