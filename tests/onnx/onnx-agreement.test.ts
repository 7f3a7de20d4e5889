/**
 * Every exported model loads in onnxruntime (CPU) without a warning and computes what nnc's
 * reference interpreter computes: max |onnxruntime - nnc| < 1e-5 on every example of the bundled
 * data sets, with weights trained by the reference interpreter.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportOnnx, type OnnxExportParameters } from '@nnc/compiler/onnx';
import { parseModel } from '@nnc/dsl';
import type { ModelIR, Standardization } from '@nnc/dsl/ir';
import { applyStandardization, createReferenceModel, fitStandardization, loadCsv, toRows } from '@nnc/runtime-cpu';
import { runOnnxruntime, type OrtJob } from './onnxruntime-runner.js';

const dataPath = (name: string) => fileURLToPath(new URL(`../../examples/data/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nnc-onnx-'));

function model(text: string): ModelIR {
  const { model, diagnostics } = parseModel(text, 'case.nn');
  if (!model) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return model;
}

interface Case {
  readonly name: string;
  readonly model: ModelIR;
  readonly params: OnnxExportParameters;
  /** Raw feature rows fed to onnxruntime (the graph standardises them itself). */
  readonly rows: number[][];
  /** nnc's A[L] per example, from the reference interpreter. */
  readonly expected: number[][];
  readonly withClass: boolean;
}

/** Trains `ir` with the reference interpreter on (X, Y), standardising X when asked. */
function trainedCase(name: string, ir: ModelIR, X: Float64Array, Y: Float64Array, m: number, standardize: boolean, withClass: boolean): Case {
  const standardization: Standardization | null = standardize ? fitStandardization(X, m) : null;
  const input = standardization ? applyStandardization(X, m, standardization) : X;
  const reference = createReferenceModel(ir);
  const result = reference.train(input, Y, m);
  return {
    name,
    model: ir,
    params: { layers: reference.getParameters(), standardization, training: { iterations: result.iterations, cost: result.finalCost } },
    rows: toRows(X, m),
    expected: toRows(reference.forward(input, m), m),
    withClass,
  };
}

function csvCase(name: string, file: string, text: string, standardize: boolean): Case {
  const ir = model(text);
  const loaded = loadCsv(dataPath(file), { loss: ir.loss });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const { X, Y, m } = loaded.dataset;
  return trainedCase(name, ir, X, Y, m, standardize, true);
}

/** 300 examples of 4 features in three clusters (class = i mod 3), labels one-hot. */
function clusters(): { X: Float64Array; Y: Float64Array; m: number } {
  const m = 300;
  let state = 12345;
  const uniform = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const X = new Float64Array(4 * m);
  const Y = new Float64Array(3 * m);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < 4; i++) X[i * m + j] = (j % 3) * (i + 1) - 2 + 2 * uniform();
    Y[(j % 3) * m + j] = 1;
  }
  return { X, Y, m };
}

const planar = `model planar {
  input 2
  dense 4 tanh
  dense 1 sigmoid
  loss binary_cross_entropy
  init normal(scale: 0.01) seed 2
  optimizer gradient_descent(learning_rate: 1.2)
  train iterations 2000 report_every 1000
}`;
const cancer = `model cancer {
  input 30
  dense 16 relu
  dense 8 leaky_relu(slope: 0.05)
  dense 1 sigmoid
  loss binary_cross_entropy
  init he seed 3
  optimizer adam(learning_rate: 0.01)
  train iterations 200 report_every 100
  precision f64
}`;
const softmax = `model clusters {
  input 4
  dense 6 tanh
  dense 5 linear
  dense 3 softmax
  loss categorical_cross_entropy
  init xavier seed 4
  optimizer momentum(learning_rate: 0.1, beta: 0.9)
  train iterations 100 report_every 50
}`;

const regression = `model house {
  input 4
  dense 3 relu
  dense 1 linear
  loss mean_squared_error
  init he seed 5
  optimizer gradient_descent(learning_rate: 0.01)
  train iterations 100 report_every 50
}`;

const { X, Y, m } = clusters();
/** y = sum of the features, plus 1: a target the linear-output case can fit. */
const sums = Float64Array.from({ length: m }, (_, j) => 1 + X[j] + X[m + j] + X[2 * m + j] + X[3 * m + j]);
const cases: Case[] = [
  csvCase('planar flower: tanh -> sigmoid', 'planar_flower.csv', planar, false),
  csvCase('breast cancer, standardised: relu -> leaky_relu -> sigmoid (f64)', 'breast_cancer.csv', cancer, true),
  trainedCase('synthetic clusters, standardised: tanh -> linear -> softmax', model(softmax), X, Y, m, true, true),
  trainedCase('synthetic regression, standardised: relu -> linear', model(regression), X, sums, m, true, false),
];

const jobs: OrtJob[] = cases.map((c, i) => {
  const path = join(dir, `case${i}.onnx`);
  writeFileSync(path, exportOnnx(c.model, c.params, { withClass: c.withClass }));
  return { model: path, rows: c.rows };
});
const ort = runOnnxruntime(jobs);

describe('onnxruntime agrees with nnc', () => {
  it('loads and runs every exported model without a warning', () => {
    expect(ort.stderr).toBe('');
    expect(ort.results.map((r) => [r.inputNames, r.outputNames])).toEqual(
      cases.map((c) => [['input'], c.withClass ? ['output', 'class'] : ['output']]),
    );
  });

  cases.forEach((c, i) => {
    it(`${c.name}: outputs within 1e-5 of the reference interpreter on all ${c.rows.length} examples`, () => {
      const output = ort.results[i].outputs.output;
      const units = c.model.layers[c.model.layers.length - 1].units;
      expect(output.dims).toEqual([c.rows.length, units]);
      const difference = Math.max(...c.expected.flat().map((v, k) => Math.abs(v - output.data[k])));
      expect(difference).toBeLessThan(1e-5);
      // Trained, not saturated: the comparison has to mean something.
      expect(Math.max(...output.data) - Math.min(...output.data)).toBeGreaterThan(0.5);
      if (!c.withClass) return;
      const predicted = c.expected.map((a) => (units === 1 ? (a[0] > 0.5 ? 1 : 0) : a.indexOf(Math.max(...a))));
      expect(ort.results[i].outputs.class).toEqual({ type: 'int64', dims: [c.rows.length, 1], data: predicted });
      expect(new Set(predicted).size).toBe(units === 1 ? 2 : units);
    });
  });
});

describe('the onnxruntime check can fail', () => {
  it('sees a warning that onnxruntime logs (an unused initializer)', async () => {
    const { default: onnxProto } = await import('onnx-proto');
    const proto = onnxProto.onnx.ModelProto.decode(readFileSync(jobs[0].model));
    proto.graph!.initializer!.push({ name: 'unused', dims: [1], dataType: 1, floatData: [1] });
    const path = join(dir, 'warning.onnx');
    writeFileSync(path, onnxProto.onnx.ModelProto.encode(proto).finish());
    const { stderr } = runOnnxruntime([{ model: path, rows: [[0, 0]] }]);
    expect(stderr).toContain("Removing initializer 'unused'");
  });
});
