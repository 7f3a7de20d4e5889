// base64() against Node's Buffer: bytes of every value, lengths across the padding cases and the
// 32 KiB pieces it converts at a time, and strings as UTF-8.
import { describe, expect, it } from 'vitest';
import { base64 } from './base64.js';

describe('base64', () => {
  it('encodes bytes like Buffer, across padding and piece boundaries', () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
    for (const length of [0, 1, 2, 3, 4, 255, 256, 0x8000 - 1, 0x8000, 0x8000 + 1, 3 * 0x8000 + 2]) {
      const bytes = Uint8Array.from({ length }, next);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64(every)).toBe(Buffer.from(every).toString('base64'));
  });

  it('encodes a string as its UTF-8 bytes', () => {
    for (const text of ['', 'model planar', 'é∑ — ü 😀']) expect(base64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
  });
});
