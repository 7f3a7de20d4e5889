/**
 * Indexes of a decoded GraphProto that the importer's matcher walks: which constants exist (from
 * initializers and Constant nodes), which nodes read each tensor, and the node attributes.
 */
import { OnnxImportError } from './errors.js';
import { int64ToNumber, onnx, type OnnxTypes } from './onnx-proto.js';
import { readFloatTensor, type DecodedTensor } from './tensors.js';

export type OnnxNode = OnnxTypes.INodeProto;

export class OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  private readonly constantProtos = new Map<string, OnnxTypes.ITensorProto>();
  private readonly consumers = new Map<string, OnnxNode[]>();

  constructor(
    readonly graph: OnnxTypes.IGraphProto,
    readonly file: string,
  ) {
    for (const tensor of graph.initializer ?? []) this.constantProtos.set(tensor.name ?? '', tensor);
    const computing: OnnxNode[] = [];
    for (const node of graph.node ?? []) {
      if (node.opType === 'Constant') {
        const value = (node.attribute ?? []).find((a) => a.name === 'value')?.t;
        if (!value) throw this.error(`Constant node '${nodeName(node)}' has no tensor 'value'; nnc reads tensor constants only`);
        this.constantProtos.set(node.output?.[0] ?? '', value);
        continue;
      }
      computing.push(node);
      for (const input of node.input ?? []) {
        if (input === '') continue;
        const list = this.consumers.get(input) ?? [];
        if (!list.includes(node)) list.push(node);
        this.consumers.set(input, list);
      }
    }
    this.nodes = computing;
  }

  isConstant(name: string): boolean {
    return this.constantProtos.has(name);
  }

  /** The constant `name` as float64 numbers; `role` says what it is for in error messages. */
  constant(name: string, role: string): DecodedTensor {
    const proto = this.constantProtos.get(name);
    if (!proto) throw this.error(`'${name}', the ${role}, is not a constant (an initializer or Constant node)`);
    let tensor: DecodedTensor;
    try {
      tensor = readFloatTensor({ ...proto, name }, `'${name}', the ${role},`);
    } catch (error) {
      if (error instanceof OnnxImportError) throw this.error(error.message);
      throw error;
    }
    const bad = tensor.values.find((v) => !Number.isFinite(v));
    if (bad !== undefined) throw this.error(`'${name}', the ${role}, holds ${bad}; nnc needs finite weights`);
    return tensor;
  }

  consumersOf(tensor: string): OnnxNode[] {
    return this.consumers.get(tensor) ?? [];
  }

  error(message: string): OnnxImportError {
    return new OnnxImportError(`${this.file}: ${message}`);
  }

  /** An INT attribute, or `fallback` when absent; an attribute of another type is refused. */
  intAttr(node: OnnxNode, name: string, fallback: number): number {
    const attribute = this.attribute(node, name, onnx.AttributeProto.AttributeType.INT, 'an integer');
    return attribute ? int64ToNumber(attribute.i) : fallback;
  }

  /** A finite FLOAT attribute, or `fallback` when absent; another type, NaN or an infinity is refused. */
  floatAttr(node: OnnxNode, name: string, fallback: number): number {
    const attribute = this.attribute(node, name, onnx.AttributeProto.AttributeType.FLOAT, 'a float');
    if (attribute === undefined) return fallback;
    const value = attribute.f ?? 0;
    if (!Number.isFinite(value)) throw this.error(`attribute '${name}' of ${node.opType} node '${nodeName(node)}' is ${value}; nnc needs a finite number`);
    return value;
  }

  private attribute(node: OnnxNode, name: string, type: number, what: string): OnnxTypes.IAttributeProto | undefined {
    const attribute = (node.attribute ?? []).find((a) => a.name === name);
    // Files without the type field (written before it existed) carry the value in f or i.
    if (attribute && attribute.type !== undefined && attribute.type !== null && attribute.type !== 0 && attribute.type !== type) {
      throw this.error(`attribute '${name}' of ${node.opType} node '${nodeName(node)}' must be ${what}`);
    }
    return attribute;
  }
}

export function nodeName(node: OnnxNode): string {
  return node.name || `<unnamed ${node.opType ?? '?'} node>`;
}

