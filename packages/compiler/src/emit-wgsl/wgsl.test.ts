import { describe, expect, it } from 'vitest';
import { f32, ident, join, u32, wgsl } from './wgsl.js';

describe('wgsl builder', () => {
  it('pastes fragments and re-indents multi-line ones at the interpolation column', () => {
    const body = wgsl`let a = 1;\nlet b = 2;`;
    const code = wgsl`fn f() {\n  ${body}\n}`;
    expect(code.text).toBe('fn f() {\n  let a = 1;\n  let b = 2;\n}');
  });

  it('spells f32 literals that round-trip through f32', () => {
    expect(f32(0.5).text).toBe('0.5f');
    expect(f32(2).text).toBe('2f');
    expect(f32(1e-8).text).toBe('1e-8f');
    expect(f32(0.1).text).toBe('0.1f');
    expect(f32(-1.2).text).toBe('(-1.2f)');
    expect(Math.fround(Number(f32(Math.PI).text.slice(0, -1)))).toBe(Math.fround(Math.PI));
  });

  it('rejects values that would produce malformed WGSL', () => {
    expect(() => wgsl`${0.5}`).toThrow(/not an integer/);
    expect(() => ident('1x')).toThrow(/not a valid identifier/);
    expect(() => ident('a-b')).toThrow(/not a valid identifier/);
    expect(() => f32(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => u32(-1)).toThrow(/u32/);
  });

  it('joins lists', () => {
    expect(join([ident('a'), ident('b')]).text).toBe('a, b');
    expect(wgsl`${[wgsl`x;`, wgsl`y;`]}`.text).toBe('x;\ny;');
    expect(u32(16).text).toBe('16u');
  });
});
