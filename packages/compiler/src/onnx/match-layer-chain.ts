/**
 * Recognises the graphs nnc can import: one float input [batch, n_x]; optionally Sub(mean) then
 * Div(std) or Mul(1/std); then layers, each Gemm (transA = 0) or MatMul followed by an optional
 * Add of a bias, followed by at most one of Sigmoid, Tanh, Relu, LeakyRelu, Softmax (last axis);
 * the end of the chain is the first graph output. A second output is accepted when it is the
 * `class` head nnc writes (ArgMax of a softmax output, Cast(output > 0.5) of a sigmoid output;
 * files from nnc 0.1, which compared with >=, are read too).
 * Anything else is refused with the op and node name.
 */
import type { Activation, LayerParameters, Standardization } from '@nnc/dsl/ir';
import { DataType } from './conventions.js';
import { OnnxGraph, nodeName, type OnnxNode } from './onnx-graph.js';
import { int64ToNumber } from './onnx-proto.js';

export interface MatchedGraph {
  readonly inputSize: number;
  readonly standardization: Standardization | null;
  readonly layers: (LayerParameters & { readonly activation: Activation })[];
  readonly classOutput: boolean;
}

const ACTIVATION_OPS = ['Sigmoid', 'Tanh', 'Relu', 'LeakyRelu', 'Softmax'];
const CLASS_HEAD_OPS = ['ArgMax', 'Greater', 'GreaterOrEqual', 'Cast'];
const SUPPORTED_OPS = ['Gemm', 'MatMul', 'Add', 'Sub', 'Div', 'Mul', ...ACTIVATION_OPS, ...CLASS_HEAD_OPS];
const SUPPORTED_LIST =
  'nnc imports Gemm or MatMul(+Add) layers with Sigmoid, Tanh, Relu, LeakyRelu or Softmax activations, after an optional Sub/Div standardisation';

export function matchLayerChain(graph: OnnxGraph, opsetVersion: number): MatchedGraph {
  for (const node of graph.nodes) {
    if (!SUPPORTED_OPS.includes(node.opType ?? '') || (node.domain && node.domain !== 'ai.onnx')) {
      const op = node.domain ? `${node.domain}.${node.opType}` : node.opType;
      throw graph.error(`unsupported op '${op}' in node '${nodeName(node)}'; ${SUPPORTED_LIST}`);
    }
  }
  const inputName = dataInput(graph);
  const outputs = graph.graph.output ?? [];
  if (outputs.length === 0 || outputs.length > 2) {
    throw graph.error(`the graph has ${outputs.length} outputs; nnc imports one (plus an optional class output)`);
  }
  const outputName = outputs[0].name ?? '';
  const visited = new Set<OnnxNode>();
  /** Marks `node` as matched, so that nodes left over at the end can be reported. */
  const take = (node: OnnxNode): OnnxNode => {
    visited.add(node);
    return node;
  };

  let current = inputName.name;
  let size = inputName.columns;
  let standardization: Standardization | null = null;
  const layers: MatchedGraph['layers'] = [];
  let next = chainConsumer(graph, current);

  if (next?.opType === 'Sub' || next?.opType === 'Div' || next?.opType === 'Mul') {
    let mean = new Array<number>(size).fill(0);
    let std = new Array<number>(size).fill(1);
    if (next.opType === 'Sub') {
      mean = featureVector(graph, take(next), current, size, 'standardisation mean');
      current = next.output?.[0] ?? '';
      next = chainConsumer(graph, current);
    }
    if (next?.opType === 'Div' || next?.opType === 'Mul') {
      const values = featureVector(graph, take(next), current, size, 'standardisation scale');
      std = next.opType === 'Div' ? values : values.map((v) => 1 / v);
      if (std.some((v) => !(v > 0) || !Number.isFinite(v))) {
        throw graph.error(`node '${nodeName(next)}' divides by a non-positive standard deviation; nnc needs std > 0`);
      }
      current = next.output?.[0] ?? '';
      next = chainConsumer(graph, current);
    }
    standardization = { mean, std };
  }

  while (next) {
    const op = next.opType ?? '';
    if (op !== 'Gemm' && op !== 'MatMul') {
      throw graph.error(`node '${nodeName(next)}' (${op}) is not where nnc expects a layer's Gemm or MatMul; ${SUPPORTED_LIST}`);
    }
    const layer = op === 'Gemm' ? gemmLayer(graph, take(next), current, size) : matMulLayer(graph, take(next), current, size);
    current = layer.output;
    size = layer.b.length;
    if (layer.addNode) take(layer.addNode);
    next = chainConsumer(graph, current);
    let activation: Activation = { kind: 'linear' };
    if (next && ACTIVATION_OPS.includes(next.opType ?? '')) {
      activation = activationOf(graph, take(next), opsetVersion);
      current = next.output?.[0] ?? '';
      next = chainConsumer(graph, current);
    }
    layers.push({ W: layer.W, b: layer.b, activation });
  }

  if (layers.length === 0) throw graph.error('the graph has no Gemm or MatMul layer');
  if (current !== outputName) {
    throw graph.error(`the layer chain ends in '${current}', not in the graph's first output '${outputName}'`);
  }
  const classOutput = outputs.length === 2 && matchClassHead(graph, current, outputs[1].name ?? '', layers[layers.length - 1].activation, take);
  const stray = graph.nodes.find((node) => !visited.has(node));
  if (stray) throw graph.error(`node '${nodeName(stray)}' (${stray.opType}) is not part of the layer chain; ${SUPPORTED_LIST}`);
  return { inputSize: inputName.columns, standardization, layers, classOutput };
}

/** The one graph input that is not an initializer: float32 with shape [batch, n_x]. */
function dataInput(graph: OnnxGraph): { name: string; columns: number } {
  const inputs = (graph.graph.input ?? []).filter((input) => !graph.isConstant(input.name ?? ''));
  if (inputs.length !== 1) throw graph.error(`the graph has ${inputs.length} data inputs; nnc imports exactly one`);
  const input = inputs[0];
  const tensor = input.type?.tensorType;
  const dims = tensor?.shape?.dim ?? [];
  const columns = dims.length === 2 ? int64ToNumber(dims[1].dimValue) : 0;
  if (tensor?.elemType !== DataType.FLOAT || dims.length !== 2 || !(columns > 0)) {
    throw graph.error(`input '${input.name}' must be a float tensor of shape [batch, n_x] with n_x fixed`);
  }
  checkUnits(graph, columns, `input '${input.name}'`);
  return { name: input.name ?? '', columns };
}

/** The single node of the chain that reads `tensor` (class-head nodes do not count). */
function chainConsumer(graph: OnnxGraph, tensor: string): OnnxNode | undefined {
  const readers = graph.consumersOf(tensor).filter((n) => !CLASS_HEAD_OPS.includes(n.opType ?? ''));
  if (readers.length > 1) {
    const names = readers.map((n) => `'${nodeName(n)}'`).join(', ');
    throw graph.error(`tensor '${tensor}' feeds ${readers.length} nodes (${names}); nnc imports a single chain of layers`);
  }
  return readers[0];
}

/** The constant operand of a binary node whose other operand is `data`. */
function constantOperand(graph: OnnxGraph, node: OnnxNode, data: string, role: string) {
  const inputs = node.input ?? [];
  const other = inputs[0] === data ? inputs[1] : inputs[1] === data && node.opType !== 'Sub' && node.opType !== 'Div' ? inputs[0] : undefined;
  if (inputs.length !== 2 || other === undefined || !graph.isConstant(other)) {
    throw graph.error(`node '${nodeName(node)}' (${node.opType}) must combine '${data}' with a constant ${role}`);
  }
  return graph.constant(other, `${role} of ${node.opType} node '${nodeName(node)}'`);
}

/** A per-feature vector of shape [n], [1, n] (or a scalar, broadcast). */
function featureVector(graph: OnnxGraph, node: OnnxNode, data: string, size: number, role: string): number[] {
  const tensor = constantOperand(graph, node, data, role);
  const count = tensor.values.length;
  const rowShaped = tensor.dims.length <= 2 && tensor.dims.slice(0, -1).every((d) => d === 1);
  if (count === 1 && tensor.dims.every((d) => d === 1)) return new Array<number>(size).fill(tensor.values[0]);
  if (!rowShaped || count !== size) {
    throw graph.error(`'${tensor.name}', the ${role} of node '${nodeName(node)}', has shape [${tensor.dims.join(', ')}], expected [${size}]`);
  }
  return tensor.values;
}

interface RawLayer {
  readonly W: number[][];
  readonly b: number[];
  readonly output: string;
  readonly addNode?: OnnxNode;
}

function gemmLayer(graph: OnnxGraph, node: OnnxNode, data: string, fanIn: number): RawLayer {
  const inputs = node.input ?? [];
  const name = nodeName(node);
  if (inputs[0] !== data) throw graph.error(`Gemm node '${name}' must take '${data}' as its first input A`);
  if (graph.intAttr(node, 'transA', 0) !== 0) throw graph.error(`Gemm node '${name}' has transA = 1; nnc imports examples as rows (transA = 0)`);
  const alpha = graph.floatAttr(node, 'alpha', 1);
  const beta = graph.floatAttr(node, 'beta', 1);
  const B = graph.constant(inputs[1] ?? '', `weight of Gemm node '${name}'`);
  if (B.dims.length !== 2) throw graph.error(`'${B.name}', the weight of Gemm node '${name}', is not a matrix`);
  const transB = graph.intAttr(node, 'transB', 0) === 1;
  const [units, cols] = transB ? B.dims : [B.dims[1], B.dims[0]];
  if (cols !== fanIn) {
    throw graph.error(`'${B.name}', the weight of Gemm node '${name}', has shape [${B.dims.join(', ')}] but the layer input has ${fanIn} features`);
  }
  checkUnits(graph, units, `Gemm node '${name}'`);
  const W = matrix(units, fanIn, (r, c) => alpha * B.values[transB ? r * fanIn + c : c * units + r]);
  let b = new Array<number>(units).fill(0);
  if (inputs[2]) {
    const C = graph.constant(inputs[2], `bias of Gemm node '${name}'`);
    b = biasVector(graph, C.values, C.dims, units, `'${C.name}', the bias of Gemm node '${name}',`).map((v) => beta * v);
  }
  // alpha and beta are finite, but their products with the weights may not be float32 numbers.
  const fits = (v: number) => Number.isFinite(Math.fround(v));
  if (!W.every((row) => row.every(fits)) || !b.every(fits)) {
    throw graph.error(`Gemm node '${name}' scales its weights (alpha ${alpha}, beta ${beta}) beyond the float32 range`);
  }
  return { W, b, output: node.output?.[0] ?? '' };
}

function matMulLayer(graph: OnnxGraph, node: OnnxNode, data: string, fanIn: number): RawLayer {
  const inputs = node.input ?? [];
  const name = nodeName(node);
  if (inputs[0] !== data) throw graph.error(`MatMul node '${name}' must take '${data}' as its first input`);
  const B = graph.constant(inputs[1] ?? '', `weight of MatMul node '${name}'`);
  if (B.dims.length !== 2 || B.dims[0] !== fanIn) {
    throw graph.error(`'${B.name}', the weight of MatMul node '${name}', has shape [${B.dims.join(', ')}], expected [${fanIn}, units]`);
  }
  const units = B.dims[1];
  checkUnits(graph, units, `MatMul node '${name}'`);
  const W = matrix(units, fanIn, (r, c) => B.values[c * units + r]);
  const product = node.output?.[0] ?? '';
  const add = chainConsumer(graph, product);
  if (add?.opType !== 'Add') return { W, b: new Array<number>(units).fill(0), output: product };
  const C = constantOperand(graph, add, product, 'bias');
  const b = biasVector(graph, C.values, C.dims, units, `'${C.name}', the bias of Add node '${nodeName(add)}',`);
  return { W, b, output: add.output?.[0] ?? '', addNode: add };
}

/** The most units of one layer in .nn (the checker's NNC031). */
const MAX_UNITS = 1_000_000;

function checkUnits(graph: OnnxGraph, units: number, what: string): void {
  if (!(units >= 1 && units <= MAX_UNITS)) {
    throw graph.error(`${what} gives a layer of ${units} units; nnc layers have 1 to ${MAX_UNITS.toLocaleString('en-US')} units`);
  }
}

function biasVector(graph: OnnxGraph, values: number[], dims: number[], units: number, what: string): number[] {
  if (values.length === 1 && dims.every((d) => d === 1)) return new Array<number>(units).fill(values[0]);
  if (values.length !== units || dims.length > 2 || dims.slice(0, -1).some((d) => d !== 1)) {
    throw graph.error(`${what} has shape [${dims.join(', ')}], expected [${units}]`);
  }
  return values;
}

function activationOf(graph: OnnxGraph, node: OnnxNode, opsetVersion: number): Activation {
  switch (node.opType) {
    case 'Sigmoid':
      return { kind: 'sigmoid' };
    case 'Tanh':
      return { kind: 'tanh' };
    case 'Relu':
      return { kind: 'relu' };
    case 'LeakyRelu': {
      const slope = graph.floatAttr(node, 'alpha', 0.01);
      if (!(slope >= 0 && slope < 1)) {
        throw graph.error(`LeakyRelu node '${nodeName(node)}' has alpha ${slope}; nnc's leaky_relu takes a slope in [0, 1)`);
      }
      return { kind: 'leaky_relu', slope };
    }
    default: {
      // Before opset 13 Softmax flattened axes [axis, rank) into one (default axis 1); for the
      // rank-2 tensors here axis 1 and -1 both mean "over each row" in every version.
      const axis = graph.intAttr(node, 'axis', opsetVersion >= 13 ? -1 : 1);
      if (axis !== 1 && axis !== -1) throw graph.error(`Softmax node '${nodeName(node)}' has axis ${axis}; nnc normalises each example (axis 1)`);
      return { kind: 'softmax' };
    }
  }
}

/** Checks that output `name` is the class head of `output`; marks its nodes visited. */
function matchClassHead(graph: OnnxGraph, output: string, name: string, last: Activation, take: (node: OnnxNode) => OnnxNode): boolean {
  const readers = graph.consumersOf(output);
  const argmax = readers.find((n) => n.opType === 'ArgMax');
  if (last.kind === 'softmax' && argmax && argmax.output?.[0] === name && [1, -1].includes(graph.intAttr(argmax, 'axis', 0))) {
    take(argmax);
    return true;
  }
  const compare = readers.find((n) => n.opType === 'Greater' || n.opType === 'GreaterOrEqual');
  const cast = compare && graph.consumersOf(compare.output?.[0] ?? '').find((n) => n.opType === 'Cast');
  if (last.kind === 'sigmoid' && compare && cast && cast.output?.[0] === name && compare.input?.[0] === output) {
    const threshold = graph.constant(compare.input?.[1] ?? '', `threshold of node '${nodeName(compare)}'`);
    if (threshold.values.length === 1 && threshold.values[0] === 0.5 && graph.intAttr(cast, 'to', 0) === DataType.INT64) {
      take(compare);
      take(cast);
      return true;
    }
  }
  throw graph.error(`the second output '${name}' is not nnc's class output (ArgMax of a softmax, or output > 0.5 of a sigmoid)`);
}

function matrix(rows: number, cols: number, at: (r: number, c: number) => number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => at(r, c)));
}
