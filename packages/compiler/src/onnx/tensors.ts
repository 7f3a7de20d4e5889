/**
 * Float tensors <-> TensorProto. Exported tensors are float32 in `raw_data` (little-endian, the
 * layout every ONNX consumer reads fastest); imported ones may use raw_data or the typed fields.
 */
import { DataType } from './conventions.js';
import { OnnxImportError } from './errors.js';
import { int64ToNumber, type OnnxTypes } from './onnx-proto.js';

/** A float32 initializer named `name` with shape `dims` holding `values` (row-major). */
export function floatTensor(name: string, dims: readonly number[], values: readonly number[]): OnnxTypes.ITensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: raw };
}

/** A constant float tensor read back as float64 numbers, with its shape. */
export interface DecodedTensor {
  readonly name: string;
  readonly dims: number[];
  readonly values: number[];
}

export function readFloatTensor(tensor: OnnxTypes.ITensorProto, owner: string): DecodedTensor {
  const name = tensor.name ?? '';
  const dims = (tensor.dims ?? []).map(int64ToNumber);
  const count = dims.reduce((a, b) => a * b, 1);
  if (tensor.dataLocation === 1) {
    throw new OnnxImportError(`${owner} keeps its data in an external file; nnc reads only embedded tensors`);
  }
  const raw = tensor.rawData && tensor.rawData.length > 0 ? tensor.rawData : null;
  let values: number[];
  if (tensor.dataType === DataType.FLOAT) {
    values = raw ? readRaw(raw, 4, owner) : [...(tensor.floatData ?? [])];
  } else if (tensor.dataType === DataType.DOUBLE) {
    values = raw ? readRaw(raw, 8, owner) : [...(tensor.doubleData ?? [])];
  } else {
    throw new OnnxImportError(`${owner} has element type ${tensor.dataType ?? 0}; nnc reads float and double tensors`);
  }
  if (values.length !== count) {
    throw new OnnxImportError(`${owner} has ${values.length} values for shape [${dims.join(', ')}]`);
  }
  return { name, dims, values };
}

function readRaw(raw: Uint8Array, width: 4 | 8, owner: string): number[] {
  if (raw.length % width !== 0) throw new OnnxImportError(`${owner} has ${raw.length} raw bytes, not a multiple of ${width}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values: number[] = [];
  for (let offset = 0; offset < raw.length; offset += width) {
    values.push(width === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true));
  }
  return values;
}
