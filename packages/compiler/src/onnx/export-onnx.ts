/**
 * ModelIR + trained parameters -> ONNX ModelProto bytes. The graph computes, for a batch of rows
 * x: (optionally) x' = (x - mean) / std, then a[l] = g[l](a[l-1] W[l]^T + b[l]) for every layer
 * (conventions.ts has the names, versions and why). Anything that the graph could not reproduce
 * faithfully is refused with an OnnxExportError instead of being written approximately.
 */
import { readFileSync } from 'node:fs';
import type { Activation, LayerParameters, ModelIR, Standardization } from '@nnc/dsl/ir';
import {
  BATCH_DIM,
  CLASS_NAMES,
  CLASS_OUTPUT_NAME,
  DataType,
  INPUT_NAME,
  METADATA,
  ONNX_IR_VERSION,
  ONNX_OPSET_VERSION,
  OUTPUT_NAME,
  STANDARDIZATION,
  layerNames,
} from './conventions.js';
import { OnnxExportError } from './errors.js';
import { onnx, type OnnxTypes } from './onnx-proto.js';
import { floatTensor } from './tensors.js';

export interface OnnxExportParameters {
  readonly layers: readonly LayerParameters[];
  readonly standardization: Standardization | null;
  readonly training?: { readonly iterations: number; readonly cost: number } | null;
  /** The label column and class names (parameters.ts), kept in the metadata for import. */
  readonly labels?: { readonly name: string; readonly classes: readonly string[] | null } | null;
}

export interface OnnxExportOptions {
  /**
   * Adds a second output `class`, int64: for a softmax output layer the arg-max per row, shape
   * [batch, 1]; for a sigmoid output layer 1 where output > 0.5 else 0, shape [batch, n_L] (as nnc
   * predicts: exactly 0.5 is class 0).
   */
  readonly withClass?: boolean;
  /** producer_version; defaults to the version of @nnc/compiler. */
  readonly producerVersion?: string;
}

const COMPILER_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

type Node = OnnxTypes.INodeProto;

/** Encodes `model` with `params` as an ONNX model (opset 13, IR version 7, float32). */
export function exportOnnx(model: ModelIR, params: OnnxExportParameters, options: OnnxExportOptions = {}): Uint8Array {
  checkParameters(model, params);
  const nodes: Node[] = [];
  const initializers: OnnxTypes.ITensorProto[] = [];
  let current = INPUT_NAME;

  if (params.standardization) {
    const { mean, std } = params.standardization;
    initializers.push(floatTensor(STANDARDIZATION.mean, [model.inputSize], mean));
    initializers.push(floatTensor(STANDARDIZATION.std, [model.inputSize], std));
    nodes.push(node('Sub', STANDARDIZATION.subNode, [current, STANDARDIZATION.mean], STANDARDIZATION.centered));
    nodes.push(node('Div', STANDARDIZATION.divNode, [STANDARDIZATION.centered, STANDARDIZATION.std], STANDARDIZATION.scaled));
    current = STANDARDIZATION.scaled;
  }

  model.layers.forEach((layer, i) => {
    const names = layerNames(layer.index);
    const { W, b } = params.layers[i];
    const isLast = i === model.layers.length - 1;
    const linear = layer.activation.kind === 'linear';
    initializers.push(floatTensor(names.W, [W.length, W[0].length], W.flat()));
    initializers.push(floatTensor(names.b, [b.length], b));
    const z = isLast && linear ? OUTPUT_NAME : names.z;
    nodes.push(node('Gemm', names.gemmNode, [current, names.W, names.b], z, [intAttribute('transB', 1)]));
    current = z;
    if (!linear) {
      const a = isLast ? OUTPUT_NAME : names.a;
      nodes.push(activationNode(layer.activation, names.activationNode, current, a));
      current = a;
    }
  });

  const outputs = [floatValueInfo(OUTPUT_NAME, model.layers[model.layers.length - 1].units)];
  if (options.withClass) {
    const head = classHead(model);
    nodes.push(...head.nodes);
    initializers.push(...head.initializers);
    outputs.push(head.output);
  }

  const proto: OnnxTypes.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET_VERSION }],
    producerName: 'nnc',
    producerVersion: options.producerVersion ?? COMPILER_VERSION,
    graph: {
      name: model.name,
      node: nodes,
      initializer: initializers,
      input: [floatValueInfo(INPUT_NAME, model.inputSize)],
      output: outputs,
    },
    metadataProps: metadata(model, params),
  };
  return onnx.ModelProto.encode(proto).finish();
}

function activationNode(activation: Activation, name: string, input: string, output: string): Node {
  switch (activation.kind) {
    case 'sigmoid':
      return node('Sigmoid', name, [input], output);
    case 'tanh':
      return node('Tanh', name, [input], output);
    case 'relu':
      return node('Relu', name, [input], output);
    case 'leaky_relu':
      return node('LeakyRelu', name, [input], output, [floatAttribute('alpha', activation.slope)]);
    case 'softmax':
      return node('Softmax', name, [input], output, [intAttribute('axis', -1)]);
    case 'linear':
      throw new Error('internal: linear layers have no activation node');
  }
}

/** The optional `class` output: ArgMax for softmax, Cast(output > 0.5) for sigmoid. */
function classHead(model: ModelIR): { nodes: Node[]; initializers: OnnxTypes.ITensorProto[]; output: OnnxTypes.IValueInfoProto } {
  const last = model.layers[model.layers.length - 1];
  if (last.activation.kind === 'softmax') {
    return {
      nodes: [
        node('ArgMax', CLASS_NAMES.argmaxNode, [OUTPUT_NAME], CLASS_OUTPUT_NAME, [
          intAttribute('axis', 1),
          intAttribute('keepdims', 1),
        ]),
      ],
      initializers: [],
      output: valueInfo(CLASS_OUTPUT_NAME, DataType.INT64, 1),
    };
  }
  if (last.activation.kind === 'sigmoid') {
    return {
      nodes: [
        node('Greater', CLASS_NAMES.compareNode, [OUTPUT_NAME, CLASS_NAMES.threshold], CLASS_NAMES.compared),
        node('Cast', CLASS_NAMES.castNode, [CLASS_NAMES.compared], CLASS_OUTPUT_NAME, [intAttribute('to', DataType.INT64)]),
      ],
      initializers: [floatTensor(CLASS_NAMES.threshold, [], [0.5])],
      output: valueInfo(CLASS_OUTPUT_NAME, DataType.INT64, last.units),
    };
  }
  throw new OnnxExportError(
    `the 'class' output needs a sigmoid or softmax output layer; layer ${last.index} of model '${model.name}' is ${last.activation.kind}`,
  );
}

/** The last component of a path, '/' or '\\' separated (no node:path: this module runs in browsers too). */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function metadata(model: ModelIR, params: OnnxExportParameters): OnnxTypes.IStringStringEntryProto[] {
  const entries: [string, string][] = [
    [METADATA.modelName, model.name],
    [METADATA.loss, model.loss],
    [METADATA.precision, model.precision],
    // The file's name only: where it sat on the exporting machine is nobody else's business.
    [METADATA.sourceFile, fileName(model.source.file)],
    [METADATA.sourceSha256, model.source.sha256],
    [METADATA.source, model.source.text],
  ];
  if (params.training) {
    entries.push([METADATA.iterations, String(params.training.iterations)]);
    entries.push([METADATA.finalCost, String(params.training.cost)]);
  }
  if (params.labels) {
    entries.push([METADATA.label, params.labels.name]);
    if (params.labels.classes) entries.push([METADATA.classes, JSON.stringify(params.labels.classes)]);
  }
  return entries.map(([key, value]) => ({ key, value }));
}

/** Refuses parameters whose shapes do not match the model or whose values float32 cannot hold. */
function checkParameters(model: ModelIR, params: OnnxExportParameters): void {
  const refuse = (message: string): never => {
    throw new OnnxExportError(`cannot export model '${model.name}' to ONNX: ${message}`);
  };
  if (model.layers.length === 0) refuse('it has no layers');
  if (params.layers.length !== model.layers.length) {
    refuse(`the weights have ${params.layers.length} layers, the model has ${model.layers.length}`);
  }
  let fanIn = model.inputSize;
  model.layers.forEach((layer, i) => {
    const { W, b } = params.layers[i];
    const at = `layer ${layer.index}`;
    if (W.length !== layer.units || W.some((row) => row.length !== fanIn)) {
      refuse(`${at}: W must be ${layer.units} rows of ${fanIn} numbers (W[${layer.index}] is (n_l, n_{l-1}))`);
    }
    if (b.length !== layer.units) refuse(`${at}: b must have ${layer.units} numbers, it has ${b.length}`);
    W.forEach((row, r) => row.forEach((value, c) => checkFloat32(value, `${at}: W[${r}][${c}]`, refuse)));
    b.forEach((value, r) => checkFloat32(value, `${at}: b[${r}]`, refuse));
    if (layer.activation.kind === 'leaky_relu') checkFloat32(layer.activation.slope, `${at}: the leaky_relu slope`, refuse);
    fanIn = layer.units;
  });
  const labels = params.labels;
  if (labels) {
    if (typeof labels.name !== 'string') refuse('labels.name must be a string');
    if (labels.classes !== null && (!Array.isArray(labels.classes) || labels.classes.some((c) => typeof c !== 'string'))) {
      refuse('labels.classes must be null or an array of strings');
    }
  }
  const s = params.standardization;
  if (s) {
    if (s.mean.length !== model.inputSize || s.std.length !== model.inputSize) {
      refuse(`standardization needs ${model.inputSize} means and stds, it has ${s.mean.length} and ${s.std.length}`);
    }
    s.mean.forEach((value, j) => checkFloat32(value, `standardization.mean[${j}]`, refuse));
    s.std.forEach((value, j) => {
      checkFloat32(value, `standardization.std[${j}]`, refuse);
      if (!(Math.fround(value) > 0)) refuse(`standardization.std[${j}] is ${value}; it must be positive in float32`);
    });
  }
}

function checkFloat32(value: number, what: string, refuse: (message: string) => never): void {
  if (!Number.isFinite(value)) refuse(`${what} is ${value}; ONNX export needs finite numbers`);
  if (!Number.isFinite(Math.fround(value))) refuse(`${what} is ${value}, beyond the float32 range of the ONNX graph`);
}

function node(opType: string, name: string, input: string[], output: string, attribute: OnnxTypes.IAttributeProto[] = []): Node {
  return { opType, name, input, output: [output], attribute };
}

function intAttribute(name: string, i: number): OnnxTypes.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

function floatAttribute(name: string, f: number): OnnxTypes.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f };
}

function floatValueInfo(name: string, columns: number): OnnxTypes.IValueInfoProto {
  return valueInfo(name, DataType.FLOAT, columns);
}

/** A [batch, columns] tensor of `elemType`. */
function valueInfo(name: string, elemType: number, columns: number): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: BATCH_DIM }, { dimValue: columns }] } } },
  };
}
