import fc from 'fast-check';
import { compile } from '@nnc/compiler';
import { emitTypeScript, loadCompiledModel, toJavaScript } from '@nnc/compiler/emit-typescript';
import { NNC_VERSION } from '@nnc/model';
import { buildModel, randomData, randomModel } from '@nnc/compiler/testing';
import { describe, expect, it } from 'vitest';
import { loadGeneratedModule } from './load-compiled.js';
import { createReferenceModel } from './reference/index.js';

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    // A diverging run (large learning rate on random data) must diverge identically.
    if (!Number.isFinite(expected[i])) expect(actual[i]).toBe(expected[i]);
    else expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i])));
  }
}

const flatParameters = (layers: { W: number[][]; b: number[] }[]) => layers.flatMap((l) => [...l.W.flat(), ...l.b]);

describe('generated TypeScript vs the reference interpreter (f64)', () => {
  it('agree on initialisation, forward, cost, gradients, steps and training (random models)', () => {
    fc.assert(
      fc.property(randomModel(), fc.integer({ min: 1, max: 7 }), (ir, m) => {
        const generated = loadCompiledModel(emitTypeScript(compile(ir).schedule)).createModel();
        const reference = createReferenceModel(ir);
        expect(generated.getParameters()).toEqual(reference.getParameters());
        const { X, Y } = randomData(ir, m, 13);
        // Adam divides by sqrt(s) + epsilon: a gradient that is zero up to rounding (~1e-17, its
        // sign depending on summation order) moves a parameter by up to lr * 1e-17 / epsilon, so
        // parameters after Adam steps agree to 1e-9 rather than 1e-12.
        const stepTolerance = ir.optimizer.kind === 'adam' ? 1e-9 : 1e-12;
        for (let step = 0; step < 3; step++) {
          const tolerance = step === 0 ? 1e-12 : stepTolerance;
          expectClose(generated.forward(X, m), reference.forward(X, m), tolerance);
          expectClose([generated.cost(X, Y, m)], [reference.cost(X, Y, m)], tolerance);
          const g = generated.gradients(X, Y, m);
          const r = reference.gradients(X, Y, m);
          g.dW.forEach((dW, l) => expectClose(dW, r.dW[l], tolerance));
          g.db.forEach((db, l) => expectClose(db, r.db[l], tolerance));
          expectClose([generated.step(X, Y, m)], [reference.step(X, Y, m)], stepTolerance);
          expectClose(flatParameters(generated.getParameters()), flatParameters(reference.getParameters()), stepTolerance);
        }
        const trained = [generated, reference].map((model) => model.train(X, Y, m, { iterations: 7, reportEvery: 2 }));
        expect(trained[0].costs.map((c) => c.iteration)).toEqual(trained[1].costs.map((c) => c.iteration));
        expectClose(trained[0].costs.map((c) => c.cost), trained[1].costs.map((c) => c.cost), stepTolerance);
        expectClose([trained[0].finalCost], [trained[1].finalCost], stepTolerance);
        expectClose(flatParameters(generated.getParameters()), flatParameters(reference.getParameters()), stepTolerance);
        const state = [generated, reference].map((model) => model.getOptimizerState());
        expect(state[0].step).toBe(state[1].step);
        expect(Object.keys(state[0].slots).sort()).toEqual(Object.keys(state[1].slots).sort());
        for (const name of Object.keys(state[1].slots)) {
          expectClose((state[0].slots[name] as (number | number[])[]).flat(), (state[1].slots[name] as (number | number[])[]).flat(), stepTolerance);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('restores optimizer state and parameters into a fresh generated model', () => {
    const ir = buildModel({
      sizes: [3, 4, 2],
      activations: ['relu', 'softmax'],
      loss: 'categorical_cross_entropy',
      optimizer: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      training: { batchSize: 4, iterations: 10, reportEvery: 1, shuffleSeed: 2 },
    });
    const source = emitTypeScript(compile(ir).schedule);
    const first = loadCompiledModel(source).createModel();
    const { X, Y } = randomData(ir, 10, 2);
    first.train(X, Y, 10, { iterations: 5 });
    const second = loadCompiledModel(source).createModel();
    second.setParameters(first.getParameters());
    second.setOptimizerState(first.getOptimizerState());
    first.train(X, Y, 10, { iterations: 4 });
    second.train(X, Y, 10, { iterations: 4 });
    expect(second.getParameters()).toEqual(first.getParameters());
    expect(second.getOptimizerState()).toEqual(first.getOptimizerState());
  });
});

describe('loadCompiledModel fails closed', () => {
  it('refuses text without the generated header, and text with a syntax error, before running any of it', () => {
    const ran = () => (globalThis as { nncPayloadRan?: boolean }).nncPayloadRan;
    expect(() => loadCompiledModel('globalThis.nncPayloadRan = true;')).toThrow(/not a module generated by nnc/);
    const header = `// Generated by nnc ${NNC_VERSION} from x.nn (sha256 0). Do not edit.`;
    expect(() => loadCompiledModel(`${header}\nglobalThis.nncPayloadRan = true; declare namespace N {`)).toThrow(/syntax error/);
    expect(() => loadCompiledModel('// Generated by nnc 0.0.1 from x.nn (sha256 0). Do not edit.\nglobalThis.nncPayloadRan = true;')).toThrow(
      /generated by nnc 0\.0\.1 from x\.nn.*regenerate it with this version \(nnc compile x\.nn/,
    );
    expect(ran()).toBeUndefined();
  });
});

describe('loadGeneratedModule (generated JavaScript, without the compiler)', () => {
  it('runs the JavaScript of a generated module: the same model as the TypeScript', async () => {
    const ir = buildModel({ sizes: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' });
    const source = emitTypeScript(compile(ir).schedule);
    const loaded = await loadGeneratedModule(toJavaScript(source).js);
    const X = Float64Array.from([0.5, -1, 2, 0.25]);
    expect(Array.from(loaded.createModel().forward(X, 2))).toEqual(Array.from(loadCompiledModel(source).createModel().forward(X, 2)));
  });

  it('refuses text without the header or of another version before running any of it', async () => {
    const ran = () => (globalThis as { nncPayloadRan?: boolean }).nncPayloadRan;
    await expect(loadGeneratedModule('globalThis.nncPayloadRan = true;')).rejects.toThrow(/not a module generated by nnc/);
    await expect(loadGeneratedModule('// Generated by nnc 9.0.0 from y.nn (sha256 0). Do not edit.\nglobalThis.nncPayloadRan = true;')).rejects.toThrow(
      `this module was generated by nnc 9.0.0 from y.nn, and this runtime is nnc ${NNC_VERSION}: regenerate it with this version (nnc compile y.nn -o <module>.ts, or -o <module>.js)`,
    );
    expect(ran()).toBeUndefined();
  });
});
