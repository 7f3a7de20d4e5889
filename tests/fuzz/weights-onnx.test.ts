/**
 * Fuzzing the weights and ONNX loaders (issue 12, deliverable 8): a parameters file or
 * checkpoint with any part replaced by any JSON value is either refused with messages naming the
 * file, or accepted whole by every backend's setParameters and setOptimizerState (file
 * validation and the model API agree); an ONNX file with any bytes changed or cut is refused with
 * an OnnxImportError, or imports to a model that compiles, with finite weights.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, emitTypeScript, loadCompiledModel } from '@nnc/compiler';
import { exportOnnx, importOnnx, OnnxImportError } from '@nnc/compiler/onnx';
import { parseModel } from '@nnc/dsl';
import { layerSizes } from '@nnc/dsl/ir';
import { createReferenceModel, makeParametersFile, parseParametersFile } from '@nnc/runtime-cpu';
import { FUZZ_TIMEOUT, fuzz } from './fuzz.js';

const text = `model adam {\n input 2\n dense 3 leaky_relu(0.2)\n dense 2 softmax\n loss categorical_cross_entropy\n optimizer adam(learning_rate: 0.01)\n train iterations 3\n}\n`;
const model = parseModel(text, 'adam.nn').model!;
const sizes = layerSizes(model);
const trained = createReferenceModel(model);
const X = Float64Array.from([1, -1, 0.5, 2, 0, 1]);
const Y = Float64Array.from([1, 0, 0, 0, 1, 1]);
trained.train(X, Y, 3, { iterations: 3 });
const good = makeParametersFile(trained.meta, {
  layers: trained.getParameters(),
  standardization: { mean: [0, 1], std: [1, 2] },
  training: { iterations: 3, cost: trained.cost(X, Y, 3) },
  optimizerState: trained.getOptimizerState(),
  labels: { name: 'y', classes: ['a', 'b'] },
  features: ['x1', 'x2'],
});

/** Every path (keys and indexes) into a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return here;
}
const allPaths = paths(good).filter((p) => p.length > 0);

function replaced(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  if (replacement === undefined && rest.length === 0) delete copy[head];
  else copy[head] = replaced(copy[head], rest, replacement);
  return copy;
}

describe('fuzzing the weights and ONNX loaders', () => {
  it('a damaged parameters file is refused naming the file, or accepted whole by the model API', () => {
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(undefined, -1, 1.5, 1e20, 'abc', '10', null, [], {}, [[1]], Number.MAX_SAFE_INTEGER),
    );
    fuzz(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...allPaths), replacement), { minLength: 1, maxLength: 3 }), fc.boolean(), (edits, bom) => {
        const file = edits.reduce<unknown>((current, [path, value]) => replaced(current, path, value), good);
        const json = JSON.stringify(file) ?? 'undefined';
        const result = parseParametersFile(`${bom ? '\uFEFF' : ''}${json}`, 'w.json', sizes);
        if (!result.ok) {
          for (const error of result.errors) expect(error.startsWith('w.json')).toBe(true);
          return;
        }
        const target = createReferenceModel(model);
        target.setParameters(result.parameters.layers);
        const state = result.parameters.optimizerState;
        // Another optimizer's moments are resumed with a fresh optimizer (train.ts); Adam's must be accepted.
        if (state !== null && Object.keys(state.slots).length === 4 * (sizes.length - 1)) target.setOptimizerState(state);
      }),
    );
  }, FUZZ_TIMEOUT);

  it('a damaged ONNX file is an OnnxImportError or a model that compiles, with finite weights', () => {
    const bytes = exportOnnx(model, { layers: good.layers, standardization: good.standardization, labels: good.labels }, { withClass: true });
    const damage = fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 });
    fuzz(
      fc.property(damage, fc.option(fc.nat()), (edits, cut) => {
        const broken = Uint8Array.from(bytes.subarray(0, cut === null ? bytes.length : cut % (bytes.length + 1)));
        for (const { at, byte } of edits) if (broken.length > 0) broken[at % broken.length] = byte;
        let imported: ReturnType<typeof importOnnx>;
        try {
          imported = importOnnx(broken, 'm.onnx');
        } catch (error) {
          expect(error).toBeInstanceOf(OnnxImportError);
          expect((error as Error).message.startsWith('m.onnx')).toBe(true);
          return;
        }
        for (const layer of imported.params.layers) expect([...layer.W.flat(), ...layer.b].every(Number.isFinite)).toBe(true);
        const loaded = loadCompiledModel(emitTypeScript(compile(imported.model).schedule)).createModel();
        loaded.setParameters(imported.params.layers);
      }),
    );
  }, FUZZ_TIMEOUT);
});
