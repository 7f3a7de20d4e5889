/** The model API's argument checks (tests/support/api-checks-cases.ts) on the CPU backends: TypeScript, WebAssembly, the reference. */
import { readFileSync } from 'node:fs';
import { compile, emitTypeScript, loadCompiledModel } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
import { parseModel } from '@nnc/dsl';
import type { ModelIR } from '@nnc/dsl/ir';
import { createReferenceModel } from '@nnc/runtime-cpu';
import { describeApiChecks } from '../support/api-checks-cases.js';

function planarAdam(precision: 'f32' | 'f64'): ModelIR {
  const text = readFileSync(new URL('../../examples/planar.nn', import.meta.url), 'utf8')
    .replace(/optimizer .*/, 'optimizer adam(learning_rate: 0.01)')
    .replace('}', `  precision ${precision}\n}`);
  const { model } = parseModel(text, 'planar-adam.nn');
  if (!model) throw new Error('planar-adam.nn does not parse');
  return model;
}

for (const precision of ['f64', 'f32'] as const) {
  const schedule = compile(planarAdam(precision)).schedule;
  const array = (values: ArrayLike<number>) => (precision === 'f32' ? Float32Array.from(values) : Float64Array.from(values));
  const loaded = loadCompiledModel(emitTypeScript(schedule));
  describeApiChecks(`generated TypeScript (${precision})`, { planarAdam: () => Promise.resolve(loaded.createModel()), array });
  const wasm = emitWasmModule(schedule).then(loadWasmModule);
  describeApiChecks(`generated WebAssembly (${precision})`, { planarAdam: async () => (await wasm).createModel(), array });
}
describeApiChecks('reference interpreter', {
  planarAdam: () => Promise.resolve(createReferenceModel(planarAdam('f64'))),
  array: (values) => Float64Array.from(values),
});
