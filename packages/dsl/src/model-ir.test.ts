import { describe, expect, it } from 'vitest';
import { initScale, scaleDraw } from '@nnc/model/ir';

describe('initScale', () => {
  it('scales He and Xavier by the fan-in', () => {
    expect(initScale({ kind: 'he' }, 8)).toEqual({ op: 'multiply', by: 0.5 });
    expect(initScale({ kind: 'xavier' }, 4)).toEqual({ op: 'multiply', by: 0.5 });
    expect(initScale({ kind: 'normal', scale: 0.01 }, 4)).toEqual({ op: 'multiply', by: 0.01 });
  });

  it('divides by sqrt(n[l-1]) for xavier_course, which is not always the double that xavier gives', () => {
    const scale = initScale({ kind: 'xavier_course' }, 12288);
    expect(scale).toEqual({ op: 'divide', by: Math.sqrt(12288) });
    // numpy: np.random.seed(1); r = np.random.randn(); r / np.sqrt(12288) and r * np.sqrt(1 / 12288)
    const draw = 1.6243453636632417;
    expect(scaleDraw(draw, scale)).toBe(0.014653378640123331);
    expect(scaleDraw(draw, initScale({ kind: 'xavier' }, 12288))).toBe(0.01465337864012333);
  });
});
