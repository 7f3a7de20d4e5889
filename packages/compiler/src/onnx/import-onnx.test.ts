import { KEYWORD_WORDS, printModel } from '@nnc/dsl';
import { describe, expect, it } from 'vitest';
import { OnnxImportError } from './errors.js';
import { exportOnnx } from './export-onnx.js';
import { handModel, lcgWeights } from './hand-model.test-support.js';
import { importOnnx, shortestFloat32 } from './import-onnx.js';
import { onnx, type OnnxTypes } from './onnx-proto.js';
import { floatTensor } from './tensors.js';

const deep = handModel(
  'deep',
  3,
  [
    [5, { kind: 'relu' }],
    [4, { kind: 'leaky_relu', slope: 0.25 }],
    [4, { kind: 'tanh' }],
    [3, { kind: 'linear' }],
    [3, { kind: 'softmax' }],
  ],
  { loss: 'categorical_cross_entropy', precision: 'f64' },
);
const deepParams = {
  layers: lcgWeights(deep, 5),
  standardization: { mean: [0.5, -1, 2], std: [1.5, 0.25, 3] },
  training: { iterations: 500, cost: 0.125 },
};

const graphBytes = (bytes: Uint8Array) => onnx.GraphProto.encode(onnx.ModelProto.decode(bytes).graph!).finish();

describe('importOnnx reads back what exportOnnx writes', () => {
  const first = exportOnnx(deep, deepParams, { withClass: true });
  const imported = importOnnx(first, 'deep.onnx');

  it('recovers the architecture, loss, precision, name and the float32 weights', () => {
    const { model, params } = imported;
    expect(model.name).toBe('deep');
    expect([model.inputSize, ...model.layers.map((l) => l.units)]).toEqual([3, 5, 4, 4, 3, 3]);
    expect(model.layers.map((l) => l.activation)).toEqual([
      { kind: 'relu' },
      { kind: 'leaky_relu', slope: 0.25 },
      { kind: 'tanh' },
      { kind: 'linear' },
      { kind: 'softmax' },
    ]);
    expect([model.loss, model.precision]).toEqual(['categorical_cross_entropy', 'f64']);
    expect(params.layers).toEqual(deepParams.layers.map(({ W, b }) => ({ W: W.map((row) => row.map(Math.fround)), b: b.map(Math.fround) })));
    expect(params.standardization).toEqual({ mean: [0.5, -1, 2], std: [1.5, 0.25, 3] });
    expect(params.training).toEqual({ iterations: 500, cost: 0.125 });
    expect(imported.classOutput).toBe(true);
    expect(imported.source).toBe(model.source.text);
    expect(model.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints the model as .nn (printModel) with the import defaults for training', () => {
    // The exact layout is printModel's (tested in @nnc/dsl); these are the lines the import decides.
    expect(imported.source).toBe(printModel(imported.model));
    expect(imported.source.split('\n')).toEqual(
      expect.arrayContaining([
        'model deep {',
        '  input 3',
        '  dense 5 relu init he',
        '  dense 4 leaky_relu(slope: 0.25)',
        '  dense 4 tanh',
        '  dense 3 linear',
        '  dense 3 softmax',
        '  loss categorical_cross_entropy',
        '  init xavier seed 1',
        '  optimizer gradient_descent(learning_rate: 0.01)',
        '  precision f64',
      ]),
    );
    expect(imported.model.training).toEqual({ iterations: 1000, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 100 });
    expect(imported.model.layers[1].span).toMatchObject({ file: 'deep.onnx', startLine: 4, startColumn: 3 });
  });

  it('exports again to the identical graph, and to identical bytes from then on', () => {
    const second = exportOnnx(imported.model, imported.params, { withClass: imported.classOutput });
    expect(graphBytes(second)).toEqual(graphBytes(first));
    const again = importOnnx(second, 'deep.onnx');
    expect(exportOnnx(again.model, again.params, { withClass: again.classOutput })).toEqual(second);
  });
});

describe('importOnnx restores what the graph rounds or the metadata holds', () => {
  it('prints a leaky_relu slope as the shortest decimal of its float32 (0.01, not 0.009999999776482582)', () => {
    const leaky = handModel('leaky', 2, [[3, { kind: 'leaky_relu', slope: 0.01 }], [1, { kind: 'sigmoid' }]]);
    const imported = importOnnx(exportOnnx(leaky, { layers: lcgWeights(leaky, 1), standardization: null }), 'leaky.onnx');
    expect(imported.model.layers[0].activation).toEqual({ kind: 'leaky_relu', slope: 0.01 });
    expect(imported.source).toContain('  dense 3 leaky_relu(slope: 0.01)\n');
    // float32 values: 0.1 -> 0.1, 1/3 -> 0.33333334, 2^-20 exactly, 3e-45 (subnormal) -> 3e-45.
    expect([0.1, 1 / 3, 2 ** -20, 3e-45, 0.30000001192092896, 0].map(shortestFloat32)).toEqual([0.1, 0.33333334, 9.536743e-7, 3e-45, 0.3, 0]);
  });

  it('restores the label column and class names into params.labels', () => {
    const labels = { name: 'species', classes: ['setosa', 'versicolor', 'virginica'] };
    const round = importOnnx(exportOnnx(deep, { ...deepParams, labels }), 'deep.onnx');
    expect(round.params.labels).toEqual(labels);
    expect(importOnnx(exportOnnx(deep, { ...deepParams, labels: { name: 'y', classes: null } }), 'deep.onnx').params.labels).toEqual({ name: 'y', classes: null });
    expect(importOnnx(exportOnnx(deep, deepParams), 'deep.onnx').params.labels).toBeNull();
    const proto = onnx.ModelProto.decode(exportOnnx(deep, deepParams));
    proto.metadataProps.push({ key: 'nnc.label', value: 'y' }, { key: 'nnc.classes', value: '[1, 2]' });
    expect(() => importOnnx(onnx.ModelProto.encode(proto).finish(), 'bad.onnx')).toThrow(
      "bad.onnx: metadata 'nnc.classes' must be a JSON array of strings, it is \"[1, 2]\"",
    );
  });

  it('renames a model named like a .nn keyword (the keyword list of @nnc/dsl)', () => {
    expect(KEYWORD_WORDS).toEqual(expect.arrayContaining(['model', 'dense', 'shuffle_seed', 'report_every']));
    for (const keyword of KEYWORD_WORDS) {
      const named = handModel(keyword, 2, [[1, { kind: 'sigmoid' }]]);
      expect(importOnnx(exportOnnx(named, { layers: lcgWeights(named, 2), standardization: null }), 'k.onnx').model.name).toBe(`${keyword}_model`);
    }
  });
});

/** A graph in the style of other exporters: MatMul + Add, Mul by 1/std, Gemm with transB = 0. */
function foreignModel(nodes: OnnxTypes.INodeProto[], initializers: OnnxTypes.ITensorProto[], opset = 17): Uint8Array {
  const info = (name: string, cols: number): OnnxTypes.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: cols }] } } },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'pytorch',
    graph: { name: 'torch-jit', node: nodes, initializer: initializers, input: [info('x', 2)], output: [info('y', 1)] },
  }).finish();
}

const foreignNodes: OnnxTypes.INodeProto[] = [
  { opType: 'Sub', name: '/norm/Sub', input: ['x', 'mu'], output: ['c'] },
  { opType: 'Mul', name: '/norm/Mul', input: ['inv_sigma', 'c'], output: ['s'] },
  { opType: 'MatMul', name: '/fc1/MatMul', input: ['s', 'fc1.weight_t'], output: ['m1'] },
  { opType: 'Add', name: '/fc1/Add', input: ['fc1.bias', 'm1'], output: ['h1'] },
  { opType: 'Tanh', name: '/act1/Tanh', input: ['h1'], output: ['a1'] },
  {
    opType: 'Gemm',
    name: '/fc2/Gemm',
    input: ['a1', 'fc2.weight_t', 'fc2.bias'],
    output: ['z2'],
    attribute: [
      { name: 'alpha', type: 1, f: 2 },
      { name: 'beta', type: 1, f: 0.5 },
    ],
  },
  { opType: 'Sigmoid', name: '/out/Sigmoid', input: ['z2'], output: ['y'] },
];
const foreignInitializers = [
  floatTensor('mu', [1, 2], [1, -1]),
  floatTensor('inv_sigma', [2], [0.5, 4]),
  floatTensor('fc1.weight_t', [2, 3], [1, 2, 3, 4, 5, 6]),
  floatTensor('fc1.bias', [3], [0.1, 0.2, 0.3]),
  floatTensor('fc2.weight_t', [3, 1], [0.5, -0.25, 1]),
  floatTensor('fc2.bias', [1, 1], [3]),
];

describe('importOnnx reads the same family from other producers', () => {
  it('turns MatMul + Add, Mul(1/std) and Gemm(alpha, beta, transB = 0) into W[l], b[l] and std', () => {
    const { model, params, classOutput } = importOnnx(foreignModel(foreignNodes, foreignInitializers), 'torch.onnx');
    expect(model.name).toBe('torch_jit');
    expect([model.loss, model.precision, classOutput]).toEqual(['binary_cross_entropy', 'f32', false]);
    expect(model.layers.map((l) => [l.units, l.activation.kind])).toEqual([
      [3, 'tanh'],
      [1, 'sigmoid'],
    ]);
    expect(params.standardization).toEqual({ mean: [1, -1], std: [2, 0.25] });
    expect(params.layers[0].W).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(params.layers[0].b).toEqual([0.1, 0.2, 0.3].map(Math.fround));
    expect(params.layers[1]).toEqual({ W: [[1, -0.5, 2]], b: [1.5] });
    expect(params.training).toBeNull();
  });
});

describe('importOnnx reads constants however they are stored', () => {
  it('takes weights from Constant nodes, as double data, and a bias-free MatMul', () => {
    const double = (name: string, dims: number[], values: number[]): OnnxTypes.INodeProto => ({
      opType: 'Constant',
      name: `${name}/Constant`,
      output: [name],
      attribute: [{ name: 'value', type: 4, t: { dims, dataType: 11, doubleData: values } }],
    });
    const nodes = [
      double('w', [2, 1], [0.1, -0.2]),
      { opType: 'MatMul', name: 'mm', input: ['x', 'w'], output: ['y'] },
    ];
    const { model, params } = importOnnx(foreignModel(nodes, []), 'const.onnx');
    expect(model.layers.map((l) => [l.units, l.activation.kind])).toEqual([[1, 'linear']]);
    expect(model.loss).toBe('mean_squared_error');
    expect(params.layers).toEqual([{ W: [[0.1, -0.2]], b: [0] }]);
    expect(params.standardization).toBeNull();
  });
});

describe('importOnnx refuses other graphs, naming the op and node', () => {
  const refusal = (bytes: Uint8Array) => {
    try {
      importOnnx(bytes, 'other.onnx');
    } catch (error) {
      expect(error).toBeInstanceOf(OnnxImportError);
      return (error as Error).message;
    }
    return 'imported';
  };
  const replaced = (index: number, node: OnnxTypes.INodeProto) => foreignNodes.map((n, i) => (i === index ? node : n));
  const family =
    'nnc imports Gemm or MatMul(+Add) layers with Sigmoid, Tanh, Relu, LeakyRelu or Softmax activations, after an optional Sub/Div standardisation';

  it('rejects a Conv node', () => {
    const conv = { opType: 'Conv', name: '/conv1/Conv', input: ['s', 'fc1.weight_t'], output: ['m1'] };
    expect(refusal(foreignModel(replaced(2, conv), foreignInitializers))).toBe(
      `other.onnx: unsupported op 'Conv' in node '/conv1/Conv'; ${family}`,
    );
  });

  it('rejects an activation nnc does not have', () => {
    const elu = { opType: 'Elu', name: '/act1/Elu', input: ['h1'], output: ['a1'] };
    expect(refusal(foreignModel(replaced(4, elu), foreignInitializers))).toBe(`other.onnx: unsupported op 'Elu' in node '/act1/Elu'; ${family}`);
  });

  it('rejects ops from other domains', () => {
    const custom = { opType: 'FusedGemm', domain: 'com.microsoft', name: 'fused', input: ['s', 'fc1.weight_t'], output: ['m1'] };
    expect(refusal(foreignModel(replaced(2, custom), foreignInitializers))).toBe(
      `other.onnx: unsupported op 'com.microsoft.FusedGemm' in node 'fused'; ${family}`,
    );
  });

  it('rejects two activations in a row, a branching graph and weights computed from the input', () => {
    const twice = [
      ...foreignNodes.slice(0, 5),
      { opType: 'Relu', name: 'again', input: ['a1'], output: ['a1b'] },
      { ...foreignNodes[5], input: ['a1b', 'fc2.weight_t', 'fc2.bias'] },
      foreignNodes[6],
    ];
    expect(refusal(foreignModel(twice, foreignInitializers))).toBe(
      `other.onnx: node 'again' (Relu) is not where nnc expects a layer's Gemm or MatMul; ${family}`,
    );
    const branch = [...foreignNodes, { opType: 'Relu', name: 'side', input: ['a1'], output: ['unused'] }];
    expect(refusal(foreignModel(branch, foreignInitializers))).toBe(
      "other.onnx: tensor 'a1' feeds 2 nodes ('/fc2/Gemm', 'side'); nnc imports a single chain of layers",
    );
    const selfWeight = replaced(5, { opType: 'Gemm', name: 'g', input: ['a1', 'a1'], output: ['z2'] });
    expect(refusal(foreignModel(selfWeight, foreignInitializers))).toBe(
      "other.onnx: 'a1', the weight of Gemm node 'g', is not a constant (an initializer or Constant node)",
    );
  });

  it('rejects a softmax over the batch axis and a second data input', () => {
    const softmax = replaced(6, { opType: 'Softmax', name: 'sm', input: ['z2'], output: ['y'], attribute: [{ name: 'axis', type: 2, i: 0 }] });
    expect(refusal(foreignModel(softmax, foreignInitializers))).toBe("other.onnx: Softmax node 'sm' has axis 0; nnc normalises each example (axis 1)");
    const proto = onnx.ModelProto.decode(foreignModel(foreignNodes, foreignInitializers));
    proto.graph!.input!.push({ ...proto.graph!.input![0], name: 'x2' });
    expect(refusal(onnx.ModelProto.encode(proto).finish())).toBe('other.onnx: the graph has 2 data inputs; nnc imports exactly one');
  });

  it('rejects non-finite weights and mismatched shapes', () => {
    const nan = foreignInitializers.map((t) => (t.name === 'fc1.bias' ? floatTensor('fc1.bias', [3], [0, Number.NaN, 0]) : t));
    expect(refusal(foreignModel(foreignNodes, nan))).toBe("other.onnx: 'fc1.bias', the bias of Add node '/fc1/Add', holds NaN; nnc needs finite weights");
    const wide = foreignInitializers.map((t) => (t.name === 'fc2.weight_t' ? floatTensor('fc2.weight_t', [2, 1], [1, 2]) : t));
    expect(refusal(foreignModel(foreignNodes, wide))).toBe(
      "other.onnx: 'fc2.weight_t', the weight of Gemm node '/fc2/Gemm', has shape [2, 1] but the layer input has 3 features",
    );
  });

  it('rejects bytes that are not ONNX and a model without a graph', () => {
    expect(refusal(new TextEncoder().encode('model planar { input 2 }'))).toMatch(/^other\.onnx: not an ONNX model \(/);
    expect(refusal(onnx.ModelProto.encode({ irVersion: 7 }).finish())).toBe('other.onnx: the ONNX model has no graph');
  });

  // Issue 12, findings 5 and 7: NaN alpha and beta gave NaN weights saved with exit 0; a
  // LeakyRelu alpha out of range or a layer of 0 units gave "internal: cannot parse the .nn it printed".
  it('rejects attributes nnc cannot use, naming the attribute and node', () => {
    const gemm = (attribute: OnnxTypes.IAttributeProto[]) => replaced(5, { ...foreignNodes[5], attribute });
    for (const [name, value] of [['alpha', Number.NaN], ['beta', Infinity]] as const) {
      expect(refusal(foreignModel(gemm([{ name, type: 1, f: value }]), foreignInitializers))).toBe(
        `other.onnx: attribute '${name}' of Gemm node '/fc2/Gemm' is ${value}; nnc needs a finite number`,
      );
    }
    expect(refusal(foreignModel(gemm([{ name: 'beta', type: 1, f: 3e38 }]), foreignInitializers))).toBe(
      "other.onnx: Gemm node '/fc2/Gemm' scales its weights (alpha 1, beta 3.0000000054977558e+38) beyond the float32 range",
    );
    expect(refusal(foreignModel(gemm([{ name: 'alpha', type: 2, i: 2 }]), foreignInitializers))).toBe(
      "other.onnx: attribute 'alpha' of Gemm node '/fc2/Gemm' must be a float",
    );
    for (const alpha of [1.5, -0.2, Number.NaN]) {
      const leaky = replaced(4, { opType: 'LeakyRelu', name: 'lr', input: ['h1'], output: ['a1'], attribute: [{ name: 'alpha', type: 1, f: alpha }] });
      expect(refusal(foreignModel(leaky, foreignInitializers))).toBe(
        Number.isNaN(alpha)
          ? "other.onnx: attribute 'alpha' of LeakyRelu node 'lr' is NaN; nnc needs a finite number"
          : `other.onnx: LeakyRelu node 'lr' has alpha ${Math.fround(alpha)}; nnc's leaky_relu takes a slope in [0, 1)`,
      );
    }
  });

  it('rejects a layer of 0 units and class names that do not match the outputs', () => {
    const empty = foreignInitializers.map((t) =>
      t.name === 'fc1.weight_t' ? floatTensor('fc1.weight_t', [2, 0], []) : t.name === 'fc1.bias' ? floatTensor('fc1.bias', [0], []) : t,
    );
    expect(refusal(foreignModel(foreignNodes, empty))).toBe("other.onnx: MatMul node '/fc1/MatMul' gives a layer of 0 units; nnc layers have 1 to 1,000,000 units");
    const proto = onnx.ModelProto.decode(exportOnnx(deep, deepParams));
    proto.metadataProps.push({ key: 'nnc.label', value: 'y' }, { key: 'nnc.classes', value: '["a", "b"]' });
    expect(refusal(onnx.ModelProto.encode(proto).finish())).toBe("other.onnx: metadata 'nnc.classes' must name 3 distinct classes, one per output; it names 2");
  });
});
