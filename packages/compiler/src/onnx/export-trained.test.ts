import { describe, expect, it } from 'vitest';
import type { CompiledModel, CompiledModelAsync } from '@nnc/model';
import { compileAndLoad } from '../testing/compile-model.js';
import { OnnxExportError } from './errors.js';
import { exportOnnx } from './export-onnx.js';
import { exportTrainedModel } from './export-trained.js';
import { handModel } from './hand-model.test-support.js';
import { onnx } from './onnx-proto.js';
import { readFloatTensor } from './tensors.js';

const planar = handModel('planar', 2, [
  [3, { kind: 'tanh' }],
  [1, { kind: 'sigmoid' }],
]);

/** The WebGPU wrapper's shape around a synchronous model: every method resolves asynchronously. */
function asAsync(model: CompiledModel): CompiledModelAsync {
  return {
    meta: model.meta,
    initialize: async (seed) => model.initialize(seed),
    getParameters: async () => model.getParameters(),
    setParameters: async (layers) => model.setParameters(layers),
    getOptimizerState: async () => model.getOptimizerState(),
    setOptimizerState: async (state) => model.setOptimizerState(state),
    loadWeights: async (file) => model.loadWeights(file),
    predict: async (X, m) => model.predict(X, m),
    forward: async (X, m) => model.forward(X, m),
    cost: async (X, Y, m) => model.cost(X, Y, m),
    gradients: async (X, Y, m) => model.gradients(X, Y, m),
    step: async (X, Y, m) => model.step(X, Y, m),
    train: async (X, Y, m, options) => model.train(X, Y, m, options),
    dispose: () => {},
  };
}

/** The generated planar model after 5 steps on four hand-made examples (X is (2, 4)). */
function trainedPlanar(): CompiledModel {
  const trained = compileAndLoad(planar).model;
  const X = Float32Array.from([0.5, -1, 2, 0.25, 1, 1.5, -0.5, -2]);
  const Y = Float32Array.from([1, 0, 1, 0]);
  for (let s = 0; s < 5; s++) trained.step(X, Y, 4);
  return trained;
}

const extras = { standardization: { mean: [0.5, -1], std: [2, 0.25] }, training: { iterations: 5, cost: 0.625 } };

describe('exportTrainedModel', () => {
  it('writes the parameters the model object holds now (the same bytes as exportOnnx)', async () => {
    const trained = trainedPlanar();
    const layers = trained.getParameters();
    const fresh = compileAndLoad(planar).model.getParameters();
    expect(layers[0].W[0][0]).not.toBe(fresh[0].W[0][0]); // trained, not the initial weights
    const bytes = await exportTrainedModel(planar, trained, extras, { withClass: true, producerVersion: '1.2.3' });
    expect(bytes).toEqual(exportOnnx(planar, { layers, ...extras }, { withClass: true, producerVersion: '1.2.3' }));
    const graph = onnx.ModelProto.decode(bytes).graph!;
    const W1 = readFloatTensor(graph.initializer!.find((t) => t.name === 'layer1.W')!, 'W1');
    expect(W1.dims).toEqual([3, 2]);
    expect(W1.values).toEqual(layers[0].W.flat().map(Math.fround));
    const meta = Object.fromEntries(onnx.ModelProto.decode(bytes).metadataProps.map((e) => [e.key, e.value]));
    expect([meta['nnc.iterations'], meta['nnc.final_cost']]).toEqual(['5', '0.625']);
    const labelled = await exportTrainedModel(planar, trained, { ...extras, labels: { name: 'y', classes: ['no', 'yes'] } });
    const labels = Object.fromEntries(onnx.ModelProto.decode(labelled).metadataProps.map((e) => [e.key, e.value]));
    expect([labels['nnc.label'], labels['nnc.classes']]).toEqual(['y', '["no","yes"]']);
  });

  it('awaits the parameters of an asynchronous (WebGPU-shaped) model', async () => {
    const trained = trainedPlanar();
    const bytes = await exportTrainedModel(planar, asAsync(trained), extras);
    expect(bytes).toEqual(await exportTrainedModel(planar, trained, extras));
  });

  it('refuses a model object compiled from another model, naming the difference', async () => {
    const other = handModel('planar', 2, [
      [4, { kind: 'tanh' }],
      [1, { kind: 'sigmoid' }],
    ]);
    const trained = compileAndLoad(other).model;
    await expect(exportTrainedModel(planar, trained, extras)).rejects.toThrow(OnnxExportError);
    await expect(exportTrainedModel(planar, trained, extras)).rejects.toThrow('layer sizes 2-4-1 instead of 2-3-1');
    const relu = handModel('planar', 2, [
      [3, { kind: 'relu' }],
      [1, { kind: 'sigmoid' }],
    ]);
    await expect(exportTrainedModel(planar, compileAndLoad(relu).model, extras)).rejects.toThrow('activations relu, sigmoid instead of tanh, sigmoid');
  });
});
