/** The model or its weights cannot be written as an ONNX graph that computes what nnc computes. */
export class OnnxExportError extends Error {
  override name = 'OnnxExportError';
}

/** The ONNX file is not a graph of the family nnc can read back (or not ONNX at all). */
export class OnnxImportError extends Error {
  override name = 'OnnxImportError';
}
