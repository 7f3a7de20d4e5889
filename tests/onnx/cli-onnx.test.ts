/**
 * `nnc export` and `nnc import` through the CLI's main(): files written, exit codes, messages,
 * and the exported file running in onnxruntime.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '@nnc/cli';
import { parseModel } from '@nnc/dsl';
import { PARAMETERS_FORMAT, PARAMETERS_VERSION, type ParametersFile } from '@nnc/dsl/ir';
import { applyStandardization, createReferenceModel, fitStandardization, fromRows, loadCsv, toRows } from '@nnc/runtime-cpu';
import { runOnnxruntime } from './onnxruntime-runner.js';

const PLANAR = `model planar {
  input 2
  dense 4 tanh
  dense 1 sigmoid
  loss binary_cross_entropy
  init normal(scale: 0.01) seed 2
  optimizer gradient_descent(learning_rate: 1.2)
  train iterations 10000 report_every 1000
}
`;

let dir: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnc-cli-onnx-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

/** planar.nn and weights.json trained for 500 iterations by the reference interpreter. */
function planarFiles() {
  const model = parseModel(PLANAR, join(dir, 'planar.nn')).model!;
  const loaded = loadCsv(fileURLToPath(new URL('../../examples/data/planar_flower.csv', import.meta.url)));
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const { X, Y, m } = loaded.dataset;
  const standardization = fitStandardization(X, m);
  const reference = createReferenceModel(model);
  const result = reference.train(applyStandardization(X, m, standardization), Y, m, { iterations: 500 });
  const parameters: ParametersFile = {
    format: PARAMETERS_FORMAT,
    version: PARAMETERS_VERSION,
    model: 'planar',
    sourceSha256: model.source.sha256,
    layers: reference.getParameters(),
    standardization,
    training: { iterations: result.iterations, cost: result.finalCost },
    optimizerState: null,
  };
  writeFileSync(join(dir, 'planar.nn'), PLANAR);
  writeFileSync(join(dir, 'weights.json'), JSON.stringify(parameters));
  const rows = toRows(X, m).filter((_, j) => j % 10 === 0);
  return { model, parameters, rows };
}

describe('nnc export / nnc import', () => {
  it('exports a model that onnxruntime runs like nnc, and imports it back', async () => {
    const { model, parameters, rows } = planarFiles();
    const onnxPath = join(dir, 'planar.onnx');
    expect(await main(['export', join(dir, 'planar.nn'), '--weights', join(dir, 'weights.json'), '-o', onnxPath, '--with-class'])).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^wrote .*planar\.onnx: planar\.nn \(2 -> 4 -> 1\) as ONNX opset 13, \d+ bytes\n$/);

    const { results, stderr: ortLog } = runOnnxruntime([{ model: onnxPath, rows }]);
    expect(ortLog).toBe('');
    const reference = createReferenceModel(model);
    reference.setParameters(parameters.layers);
    const expected = Array.from(reference.forward(applyStandardization(fromRows(rows), rows.length, parameters.standardization!), rows.length));
    results[0].outputs.output.data.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(1e-5));
    expect(results[0].outputs.class.data).toEqual(expected.map((a) => (a > 0.5 ? 1 : 0)));
    expect(new Set(results[0].outputs.class.data).size).toBe(2);

    stdout = '';
    const nnPath = join(dir, 'back.nn');
    const weightsPath = join(dir, 'back.json');
    expect(await main(['import', onnxPath, '-o', nnPath, '--weights-out', weightsPath])).toBe(0);
    expect(stdout).toBe(`imported model 'planar' (2 -> 4 -> 1) from ${onnxPath}; wrote ${nnPath} and weights ${weightsPath}\n`);
    const back = parseModel(readFileSync(nnPath, 'utf8'), nnPath).model!;
    expect(back.layers.map((l) => [l.units, l.activation.kind])).toEqual([
      [4, 'tanh'],
      [1, 'sigmoid'],
    ]);
    const weights = JSON.parse(readFileSync(weightsPath, 'utf8')) as ParametersFile;
    expect(weights.sourceSha256).toBe(back.source.sha256);
    expect(weights.layers[1].W[0]).toEqual(parameters.layers[1].W[0].map(Math.fround));
    const { mean, std } = parameters.standardization!;
    expect(weights.standardization).toEqual({ mean: mean.map(Math.fround), std: std.map(Math.fround) });
    expect(weights.training).toEqual(parameters.training);

    // Exporting the imported files again gives the same graph.
    const again = join(dir, 'again.onnx');
    expect(await main(['export', nnPath, '--weights', weightsPath, '-o', again, '--with-class'])).toBe(0);
    const { onnx } = (await import('onnx-proto')).default;
    const graph = (path: string) => onnx.GraphProto.encode(onnx.ModelProto.decode(readFileSync(path)).graph!).finish();
    expect(graph(again)).toEqual(graph(onnxPath));
  });

  it('predicts class 0 at exactly 0.5, as nnc does (zero weights: sigmoid(0) = 0.5)', async () => {
    const { parameters } = planarFiles();
    const zero = { ...parameters, layers: parameters.layers.map(({ W, b }) => ({ W: W.map((row) => row.map(() => 0)), b: b.map(() => 0) })) };
    writeFileSync(join(dir, 'zero.json'), JSON.stringify(zero));
    const onnxPath = join(dir, 'zero.onnx');
    expect(await main(['export', join(dir, 'planar.nn'), '--weights', join(dir, 'zero.json'), '-o', onnxPath, '--with-class'])).toBe(0);
    const { results } = runOnnxruntime([{ model: onnxPath, rows: [[0, 0], [1, -2], [-3, 4]] }]);
    expect(results[0].outputs.output.data).toEqual([0.5, 0.5, 0.5]);
    expect(results[0].outputs.class).toEqual({ type: 'int64', dims: [3, 1], data: [0, 0, 0] });
  });

  it('carries the class names of the parameters file through export and import', async () => {
    const { parameters } = planarFiles();
    const labels = { name: 'y', classes: ['red', 'blue'] };
    writeFileSync(join(dir, 'labelled.json'), JSON.stringify({ ...parameters, labels }));
    const onnxPath = join(dir, 'labelled.onnx');
    expect(await main(['export', join(dir, 'planar.nn'), '--weights', join(dir, 'labelled.json'), '-o', onnxPath])).toBe(0);
    expect(await main(['import', onnxPath, '-o', join(dir, 'back.nn'), '--weights-out', join(dir, 'back.json')])).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8')) as ParametersFile).labels).toEqual(labels);
  });

  it('writes the weights next to the .nn by default, and nothing when an output cannot be written', async () => {
    const onnxPath = join(dir, 'planar.onnx');
    planarFiles();
    expect(await main(['export', join(dir, 'planar.nn'), '--weights', join(dir, 'weights.json'), '-o', onnxPath])).toBe(0);
    stdout = '';
    const nnPath = join(dir, 'out', 'back.nn');
    mkdirSync(join(dir, 'out'));
    expect(await main(['import', onnxPath, '-o', nnPath])).toBe(0);
    const weightsPath = join(dir, 'out', 'back.weights.json');
    expect(stdout).toBe(`imported model 'planar' (2 -> 4 -> 1) from ${onnxPath}; wrote ${nnPath} and weights ${weightsPath}\n`);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['back.nn', 'back.weights.json']);
    expect((JSON.parse(readFileSync(weightsPath, 'utf8')) as ParametersFile).layers[0].b).toHaveLength(4);

    const nowhere = join(dir, 'no-such-dir', 'w.json');
    expect(await main(['import', onnxPath, '-o', join(dir, 'partial.nn'), '--weights-out', nowhere])).toBe(1);
    expect(stderr).toBe(`nnc: cannot write ${nowhere}: no such file or directory\n`);
    expect(existsSync(join(dir, 'partial.nn'))).toBe(false);
    stderr = '';
    expect(await main(['import', onnxPath, '-o', join(dir, 'same.nn'), '--weights-out', join(dir, 'same.nn')])).toBe(1);
    expect(stderr).toBe(`nnc: -o ${join(dir, 'same.nn')} and --weights-out ${join(dir, 'same.nn')} are one file; give each output its own file\n`);
    expect(existsSync(join(dir, 'same.nn'))).toBe(false);
  });

  it('prints the diagnostics of a broken .nn file and exits 1', async () => {
    planarFiles();
    writeFileSync(join(dir, 'broken.nn'), PLANAR.replace('dense 4 tanh', 'dense 4 tanhh'));
    expect(await main(['export', join(dir, 'broken.nn'), '--weights', join(dir, 'weights.json')])).toBe(1);
    expect(stderr).toContain("broken.nn:3:11: error");
    expect(stderr).toContain("unknown activation 'tanhh'");
  });

  it('names weights that do not fit the model', async () => {
    planarFiles();
    writeFileSync(join(dir, 'small.nn'), PLANAR.replace('dense 4 tanh', 'dense 3 tanh'));
    expect(await main(['export', join(dir, 'small.nn'), '--weights', join(dir, 'weights.json')])).toBe(1);
    const weights = join(dir, 'weights.json');
    expect(stderr).toBe(
      [
        // the sizes the file records first (the same model's name: an edited model)
        `nnc: ${weights} holds the parameters of model 'planar' as it was (2-4-1); its layers are now 2-3-1`,
        `nnc: ${weights}: layers[0].W must be 3 rows of 2 finite numbers (model sizes 2-3-1)`,
        `nnc: ${weights}: layers[0].b must be 3 finite numbers (model sizes 2-3-1)`,
        `nnc: ${weights}: layers[1].W must be 1 rows of 3 finite numbers (model sizes 2-3-1)`,
        '',
      ].join('\n'),
    );
  });

  it('warns when the weights were saved from another version of the source', async () => {
    planarFiles();
    writeFileSync(join(dir, 'edited.nn'), `# edited\n${PLANAR}`);
    expect(await main(['export', join(dir, 'edited.nn'), '--weights', join(dir, 'weights.json'), '-o', join(dir, 'e.onnx')])).toBe(0);
    expect(stderr).toMatch(/^nnc: warning: .*weights\.json: these parameters were trained from a different version of the model source/);
  });

  it('reports a file it cannot read or write without a stack trace', async () => {
    planarFiles();
    const missing = join(dir, 'missing.onnx');
    expect(await main(['import', missing])).toBe(1);
    expect(stderr).toBe(`nnc: cannot read ${missing}: no such file or directory\n`);
    stderr = '';
    const nowhere = join(dir, 'no-such-dir', 'planar.onnx');
    expect(await main(['export', join(dir, 'planar.nn'), '--weights', join(dir, 'weights.json'), '-o', nowhere])).toBe(1);
    expect(stderr).toBe(`nnc: cannot write ${nowhere}: no such file or directory\n`);
  });

  it('refuses to import a graph outside the family, naming the op and node', async () => {
    const { onnx } = (await import('onnx-proto')).default;
    const info = { name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 4 }] } } } };
    const bytes = onnx.ModelProto.encode({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'cnn',
        node: [{ opType: 'Conv', name: 'conv0', input: ['x', 'k'], output: ['y'] }],
        input: [info],
        output: [{ ...info, name: 'y' }],
      },
    }).finish();
    const path = join(dir, 'cnn.onnx');
    writeFileSync(path, bytes);
    expect(await main(['import', path, '-o', join(dir, 'cnn.nn')])).toBe(1);
    expect(stderr).toBe(
      `nnc: ${path}: unsupported op 'Conv' in node 'conv0'; nnc imports Gemm or MatMul(+Add) layers with Sigmoid, ` +
        'Tanh, Relu, LeakyRelu or Softmax activations, after an optional Sub/Div standardisation\n',
    );
  });
});
