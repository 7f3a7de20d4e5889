import { describe, expect, it } from 'vitest';
import { OnnxExportError } from './errors.js';
import { exportOnnx } from './export-onnx.js';
import { handModel, lcgWeights } from './hand-model.test-support.js';
import { int64ToNumber, onnx } from './onnx-proto.js';
import { readFloatTensor } from './tensors.js';

const planar = handModel('planar', 2, [
  [4, { kind: 'tanh' }],
  [1, { kind: 'sigmoid' }],
]);
const planarLayers = lcgWeights(planar, 3);

function decode(bytes: Uint8Array) {
  return onnx.ModelProto.decode(bytes);
}

describe('exportOnnx', () => {
  it('writes opset 13, IR version 7, producer nnc and a [batch, n] float input and output', () => {
    const proto = decode(exportOnnx(planar, { layers: planarLayers, standardization: null }, { producerVersion: '9.9.9' }));
    expect(int64ToNumber(proto.irVersion)).toBe(7);
    expect(proto.opsetImport.map((o) => [o.domain, int64ToNumber(o.version)])).toEqual([['', 13]]);
    expect([proto.producerName, proto.producerVersion]).toEqual(['nnc', '9.9.9']);
    const graph = proto.graph!;
    const shape = (i: number, which: 'input' | 'output') =>
      graph[which]![i].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || int64ToNumber(d.dimValue));
    expect(graph.input!.map((v) => v.name)).toEqual(['input']);
    expect(shape(0, 'input')).toEqual(['batch', 2]);
    expect(graph.output!.map((v) => v.name)).toEqual(['output']);
    expect(shape(0, 'output')).toEqual(['batch', 1]);
    expect(graph.input![0].type!.tensorType!.elemType).toBe(1);
  });

  it('defaults producer_version to the version of @nnc/compiler', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const proto = decode(exportOnnx(planar, { layers: planarLayers, standardization: null }));
    expect(proto.producerVersion).toBe(pkg.version);
  });

  it('chains Sub, Div, then Gemm(transB = 1) and the activation per layer, with named initialisers', () => {
    const model = handModel('deep', 3, [
      [5, { kind: 'relu' }],
      [4, { kind: 'leaky_relu', slope: 0.2 }],
      [3, { kind: 'linear' }],
      [3, { kind: 'softmax' }],
    ]);
    const layers = lcgWeights(model, 11);
    const standardization = { mean: [1, 2, 3], std: [0.5, 2, 4] };
    const graph = decode(exportOnnx(model, { layers, standardization })).graph!;
    expect(graph.node!.map((n) => `${n.name}: ${n.opType}(${n.input!.join(', ')}) -> ${n.output!.join(', ')}`)).toEqual([
      'standardization.sub: Sub(input, standardization.mean) -> standardization.centered',
      'standardization.div: Div(standardization.centered, standardization.std) -> standardization.scaled',
      'layer1.gemm: Gemm(standardization.scaled, layer1.W, layer1.b) -> layer1.z',
      'layer1.activation: Relu(layer1.z) -> layer1.a',
      'layer2.gemm: Gemm(layer1.a, layer2.W, layer2.b) -> layer2.z',
      'layer2.activation: LeakyRelu(layer2.z) -> layer2.a',
      'layer3.gemm: Gemm(layer2.a, layer3.W, layer3.b) -> layer3.z',
      'layer4.gemm: Gemm(layer3.z, layer4.W, layer4.b) -> layer4.z',
      'layer4.activation: Softmax(layer4.z) -> output',
    ]);
    const attributes = (i: number) => graph.node![i].attribute!.map((a) => [a.name, a.type === 2 ? int64ToNumber(a.i) : a.f]);
    expect(attributes(2)).toEqual([['transB', 1]]);
    expect(attributes(5)).toEqual([['alpha', Math.fround(0.2)]]);
    expect(attributes(8)).toEqual([['axis', -1]]);
    const tensors = graph.initializer!.map((t) => readFloatTensor(t, t.name!));
    expect(tensors.map((t) => `${t.name}[${t.dims.join(',')}]`)).toEqual([
      'standardization.mean[3]',
      'standardization.std[3]',
      'layer1.W[5,3]',
      'layer1.b[5]',
      'layer2.W[4,5]',
      'layer2.b[4]',
      'layer3.W[3,4]',
      'layer3.b[3]',
      'layer4.W[3,3]',
      'layer4.b[3]',
    ]);
    expect(tensors[4].values).toEqual(layers[1].W.flat().map(Math.fround));
    expect(tensors[9].values).toEqual(layers[3].b.map(Math.fround));
  });

  it('ends a linear output layer with the Gemm itself', () => {
    const model = handModel('regression', 2, [[1, { kind: 'linear' }]], { loss: 'mean_squared_error' });
    const graph = decode(exportOnnx(model, { layers: lcgWeights(model, 1), standardization: null })).graph!;
    expect(graph.node!.map((n) => [n.opType, n.output![0]])).toEqual([['Gemm', 'output']]);
  });

  it('rounds f64 weights to float32 once', () => {
    const model = handModel('wide', 1, [[1, { kind: 'sigmoid' }]], { precision: 'f64' });
    const graph = decode(exportOnnx(model, { layers: [{ W: [[0.1]], b: [1 / 3] }], standardization: null })).graph!;
    const [W, b] = graph.initializer!.map((t) => readFloatTensor(t, 'x').values[0]);
    expect([W, b]).toEqual([0.10000000149011612, 0.3333333432674408]);
  });

  it('adds the class output: ArgMax for softmax, Cast(output > 0.5) for sigmoid (as nnc predicts)', () => {
    const softmax = handModel('three', 2, [[3, { kind: 'softmax' }]], { loss: 'categorical_cross_entropy' });
    const a = decode(exportOnnx(softmax, { layers: lcgWeights(softmax, 2), standardization: null }, { withClass: true })).graph!;
    expect(a.node!.slice(-1).map((n) => [n.opType, n.input, n.output])).toEqual([['ArgMax', ['output'], ['class']]]);
    expect(a.output!.map((o) => [o.name, o.type!.tensorType!.elemType])).toEqual([['output', 1], ['class', 7]]);
    const b = decode(exportOnnx(planar, { layers: planarLayers, standardization: null }, { withClass: true })).graph!;
    expect(b.node!.slice(-2).map((n) => n.opType)).toEqual(['Greater', 'Cast']);
    expect(readFloatTensor(b.initializer!.at(-1)!, 't')).toEqual({ name: 'class.threshold', dims: [], values: [0.5] });
  });

  it('records the source, its hash, the loss and the training result in metadata_props', () => {
    const proto = decode(exportOnnx(planar, { layers: planarLayers, standardization: null, training: { iterations: 10000, cost: 0.2175 } }));
    expect(proto.metadataProps.map((e) => [e.key, e.value])).toEqual([
      ['nnc.model_name', 'planar'],
      ['nnc.loss', 'binary_cross_entropy'],
      ['nnc.precision', 'f32'],
      ['nnc.source_file', 'hand.nn'],
      ['nnc.source_sha256', 'ab'.repeat(32)],
      ['nnc.source', '# hand-built planar\n'],
      ['nnc.iterations', '10000'],
      ['nnc.final_cost', '0.2175'],
    ]);
  });

  // Issue 12, finding 12: the metadata carried the absolute path of the source on the exporting machine.
  it('records the source file by its name only, not where it sat', () => {
    for (const file of ['/home/someone/secret-project/planar.nn', 'C:\\Users\\someone\\planar.nn', 'planar.nn']) {
      const model = { ...planar, source: { ...planar.source, file } };
      const entries = decode(exportOnnx(model, { layers: planarLayers, standardization: null })).metadataProps;
      expect(entries.find((e) => e.key === 'nnc.source_file')?.value).toBe('planar.nn');
      expect(entries.map((e) => e.value).join('\n')).not.toContain('someone');
    }
  });

  it('records the label column and class names as nnc.label and nnc.classes (JSON)', () => {
    const labels = { name: 'species', classes: ['setosa', 'versi"color', 'virginica'] };
    const proto = decode(exportOnnx(planar, { layers: planarLayers, standardization: null, labels }));
    expect(proto.metadataProps.slice(-2).map((e) => [e.key, e.value])).toEqual([
      ['nnc.label', 'species'],
      ['nnc.classes', '["setosa","versi\\"color","virginica"]'],
    ]);
    const unnamed = decode(exportOnnx(planar, { layers: planarLayers, standardization: null, labels: { name: 'y', classes: null } }));
    expect(unnamed.metadataProps.slice(-1).map((e) => [e.key, e.value])).toEqual([['nnc.label', 'y']]);
  });

  it('is deterministic: the same model gives the same bytes', () => {
    const params = { layers: planarLayers, standardization: { mean: [0, 1], std: [1, 2] } };
    expect(exportOnnx(planar, params)).toEqual(exportOnnx(planar, params));
  });
});

describe('exportOnnx refuses what ONNX would not compute faithfully', () => {
  const refusal = (layers: typeof planarLayers, standardization: { mean: number[]; std: number[] } | null = null) => {
    try {
      exportOnnx(planar, { layers, standardization });
    } catch (error) {
      expect(error).toBeInstanceOf(OnnxExportError);
      return (error as Error).message;
    }
    return 'exported';
  };
  const withW = (r: number, c: number, value: number) =>
    planarLayers.map((layer, l) => (l === 0 ? { ...layer, W: layer.W.map((row, i) => row.map((v, j) => (i === r && j === c ? value : v))) } : layer));

  it('names non-finite and float32-overflowing weights', () => {
    expect(refusal(withW(2, 1, Number.NaN))).toBe("cannot export model 'planar' to ONNX: layer 1: W[2][1] is NaN; ONNX export needs finite numbers");
    expect(refusal(withW(0, 0, -Infinity))).toBe(
      "cannot export model 'planar' to ONNX: layer 1: W[0][0] is -Infinity; ONNX export needs finite numbers",
    );
    expect(refusal(withW(3, 0, 1e39))).toBe(
      "cannot export model 'planar' to ONNX: layer 1: W[3][0] is 1e+39, beyond the float32 range of the ONNX graph",
    );
  });

  it('names shape mismatches', () => {
    expect(refusal(planarLayers.slice(0, 1))).toBe("cannot export model 'planar' to ONNX: the weights have 1 layers, the model has 2");
    expect(refusal([planarLayers[0], { W: [[1, 2, 3, 4, 5]], b: [0] }])).toBe(
      "cannot export model 'planar' to ONNX: layer 2: W must be 1 rows of 4 numbers (W[2] is (n_l, n_{l-1}))",
    );
    expect(refusal([planarLayers[0], { W: planarLayers[1].W, b: [0, 0] }])).toBe(
      "cannot export model 'planar' to ONNX: layer 2: b must have 1 numbers, it has 2",
    );
    expect(refusal(planarLayers, { mean: [0], std: [1] })).toBe(
      "cannot export model 'planar' to ONNX: standardization needs 2 means and stds, it has 1 and 1",
    );
    expect(refusal(planarLayers, { mean: [0, 0], std: [1, 0] })).toBe(
      "cannot export model 'planar' to ONNX: standardization.std[1] is 0; it must be positive in float32",
    );
  });

  it('refuses a class output for an output layer that is neither sigmoid nor softmax', () => {
    const model = handModel('house', 2, [[1, { kind: 'linear' }]], { loss: 'mean_squared_error' });
    expect(() => exportOnnx(model, { layers: lcgWeights(model, 1), standardization: null }, { withClass: true })).toThrow(
      new OnnxExportError("the 'class' output needs a sigmoid or softmax output layer; layer 1 of model 'house' is linear"),
    );
  });
});
