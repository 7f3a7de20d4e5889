/**
 * WebAssembly text -> binary, with wabt (the WebAssembly Binary Toolkit, compiled to wasm): the
 * text is parsed, validated and encoded; nothing of ours encodes bytes. wabt loads once.
 */
import wabtFactory from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtFactory>>;
let wabt: Promise<Wabt> | null = null;

const FEATURES = { simd: true, relaxed_simd: true, threads: true } as const;

export async function assembleWat(text: string, name = 'model.wat'): Promise<Uint8Array> {
  wabt ??= wabtFactory();
  const module = (await wabt).parseWat(name, text, FEATURES);
  try {
    // validate() takes the features to check against (wabt's .d.ts omits the parameter).
    (module as unknown as { validate(features: typeof FEATURES): void }).validate(FEATURES);
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
