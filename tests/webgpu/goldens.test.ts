// Golden files: the generated WebGPU module of every example model is checked in under
// tests/webgpu/goldens/ (where `npm run typecheck` type-checks it against @nnc/runtime-webgpu).
// Any difference fails; UPDATE_GOLDENS=1 rewrites them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NNC_VERSION } from '@nnc/compiler';
import { emitWebGpuModule } from '@nnc/compiler/emit-wgsl';
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import { EXAMPLES, exampleModel } from './support.js';

const GOLDENS = new URL('./goldens/', import.meta.url);
const update = process.env.UPDATE_GOLDENS === '1';
const names = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.nn'))
  .map((f) => f.slice(0, -3))
  .sort();

function generate(name: string): string {
  const model = exampleModel(`${name}.nn`);
  return emitWebGpuModule(compileWebGpuPlan(model, { nncVersion: NNC_VERSION }), { file: model.source.file, sha256: model.source.sha256 });
}

describe('WebGPU goldens', () => {
  it.each(names)('%s.webgpu.ts matches the generated code', (name) => {
    const path = new URL(`${name}.webgpu.ts`, GOLDENS);
    const generated = generate(name);
    if (update) {
      mkdirSync(GOLDENS, { recursive: true });
      writeFileSync(path, generated);
    }
    // A missing golden fails: a fresh clone must not pass by comparing the output with itself.
    expect(existsSync(path), `${name}.webgpu.ts is missing; run with UPDATE_GOLDENS=1 to write it`).toBe(true);
    expect(generated).toBe(readFileSync(path, 'utf8'));
  });
});
