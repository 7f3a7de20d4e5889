/**
 * Fuzzing the .nn front end (issue 12, deliverable 8): any text gives diagnostics with spans
 * inside the text, never an exception; and every model that `nnc check` accepts, including
 * mutations of the examples with extreme numbers, compiles to TypeScript (which loads) and to
 * WebGPU (the promise of NNC042: nothing check accepts fails at compile time).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, emitTypeScript, loadCompiledModel } from '@nnc/compiler';
import { emitWebGpuModule, emitWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import { parseModel } from '@nnc/dsl';
import { FUZZ_TIMEOUT, fuzz, mutated } from './fuzz.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const examples = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.nn'))
  .map((name) => readFileSync(new URL(name, EXAMPLES), 'utf8'));

const pieces = fc.oneof(
  fc.constantFrom(
    'model', 'input', 'dense', 'loss', 'init', 'seed', 'optimizer', 'train', 'batch', 'epochs', 'iterations', 'report_every',
    'relu', 'leaky_relu(0.999999)', 'softmax', 'linear', 'adam', 'momentum', 'l2', 'precision f32', 'regularization l2(3.4e38)',
    '{', '}', '(', ')', ',', ':', '\n', ' ', '#', '0', '-0', '1', '2.5', '1e400', '1e-400', '1e308', '3.4e38', '1.2e-38', '0x10', '4294967295',
    '1000000', '1000001', '\uFEFF', '\u2028', '`', '${', '*/', '"', "'", '\\',
  ),
  fc.string({ maxLength: 4 }),
);

function compilesEverywhere(text: string): void {
  const { model } = parseModel(text, 'fuzz.nn');
  if (model === null) return;
  const { schedule } = compile(model);
  loadCompiledModel(emitTypeScript(schedule)).createModel();
  emitWebGpuModule(emitWebGpuPlan(schedule, { nncVersion: '0.0.0-fuzz' }), { file: 'fuzz.nn', sha256: model.source.sha256 });
}

describe('fuzzing the parser', () => {
  it('never throws on any text, and every span lies inside the text', () => {
    fuzz(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...examples).chain((t) => mutated(t, pieces, 8))), (text) => {
        const { diagnostics } = parseModel(text, 'fuzz.nn');
        for (const d of diagnostics) {
          expect(d.span.startOffset).toBeGreaterThanOrEqual(0);
          expect(d.span.endOffset).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  }, FUZZ_TIMEOUT);

  it('compiles every model check accepts, for TypeScript and WebGPU', () => {
    const units = fc.constantFrom('1', '2', '3', '7');
    const real = fc.constantFrom('1e-38', '1.2e-38', '0.5', '0.999999', '3e38', '3.4e38', '0');
    const text = fc
      .record({ hidden: units, lr: real, lambda: real, scale: real, beta: real, epsilon: real, slope: real, batch: fc.constantFrom('full', '1', '3') })
      .map(
        (v) =>
          `model fuzz {\n input 3\n dense ${v.hidden} leaky_relu(${v.slope}) init normal(${v.scale})\n dense 2 softmax\n` +
          ` loss categorical_cross_entropy\n optimizer adam(learning_rate: ${v.lr}, beta1: ${v.beta}, beta2: ${v.beta}, epsilon: ${v.epsilon})\n` +
          ` regularization l2(${v.lambda})\n precision f32\n train iterations 2 batch ${v.batch}\n}\n`,
      );
    fuzz(fc.property(fc.oneof(text, fc.constantFrom(...examples).chain((t) => mutated(t, pieces, 3))), compilesEverywhere));
  }, FUZZ_TIMEOUT);
});
