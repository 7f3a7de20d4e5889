/**
 * The generated ONNX protobuf classes (onnx-proto, ONNX v1.10.2 schema), loaded through one
 * module so that the CommonJS interop lives in a single place.
 */
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';

/** protobufjs decodes int64 fields as `Long` objects (or plain numbers without long.js). */
export function int64ToNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
