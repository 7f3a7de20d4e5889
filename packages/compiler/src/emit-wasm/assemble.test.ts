import { describe, expect, it } from 'vitest';
import { RELAXED_PROBE_BASE64 } from '../load-wasm.js';
import { assembleWat } from './assemble.js';
import { RELAXED_PROBE_WAT } from './emit-wasm-module.js';

describe('assembleWat', () => {
  it('encodes the fused multiply-add probe to the bytes the loader and the runtime validate', async () => {
    expect(Buffer.from(await assembleWat(RELAXED_PROBE_WAT)).toString('base64')).toBe(RELAXED_PROBE_BASE64);
  });

  it('refuses text that does not validate, naming the line', async () => {
    await expect(assembleWat('(module (func (result i32) (f32.const 1)))', 'bad.wat')).rejects.toThrow(/bad\.wat:1/);
  });
});
