/**
 * What an nnc ONNX file looks like: versions, tensor and node names, metadata keys. The exporter
 * writes exactly this and the importer reads it back, so both take their spellings from here.
 *
 * Versions. We declare opset 13 of the default domain and IR version 7:
 * - opset 13 is the first in which Softmax normalises over one axis only (earlier versions
 *   flattened every axis from `axis` on into one); with axis = -1 that is the per-example softmax
 *   nnc computes, whatever the rank. Greater (for the optional `class` output) exists since opset 9.
 *   Gemm, Sigmoid, Tanh, Relu, LeakyRelu, Sub, Div, ArgMax and Cast all exist unchanged in 13.
 * - IR version 7 is the one ONNX 1.8 introduced together with opset 13: the oldest IR that can
 *   carry opset 13, so the file loads in every consumer that knows opset 13 (onnxruntime >= 1.6,
 *   Netron, onnx.checker), while a newer IR version would lock out older ones for no gain.
 *
 * Layout. The input is `input`, float32 [batch, n_x] with the symbolic dimension `batch`: one
 * example per ROW, as ONNX consumers expect (nnc's own X is (n_x, m), one example per column).
 * Layer l is Gemm(a, layer{l}.W, layer{l}.b, transB = 1) -> layer{l}.z, because W[l] is stored as
 * (n_l, n_{l-1}) exactly as nnc keeps it, then the activation op -> layer{l}.a. The last tensor is
 * named `output`, float32 [batch, n_L]. Everything is float32, even for `precision f64` models:
 * float32 is what ONNX consumers run, and the f64 weights are rounded once when exported.
 */

export const ONNX_OPSET_VERSION = 13;
export const ONNX_IR_VERSION = 7;

export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'output';
export const CLASS_OUTPUT_NAME = 'class';
export const BATCH_DIM = 'batch';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, BOOL: 9, INT64: 7, DOUBLE: 11 } as const;

export const STANDARDIZATION = {
  mean: 'standardization.mean',
  std: 'standardization.std',
  centered: 'standardization.centered',
  scaled: 'standardization.scaled',
  subNode: 'standardization.sub',
  divNode: 'standardization.div',
} as const;

export const layerNames = (l: number) => ({
  W: `layer${l}.W`,
  b: `layer${l}.b`,
  z: `layer${l}.z`,
  a: `layer${l}.a`,
  gemmNode: `layer${l}.gemm`,
  activationNode: `layer${l}.activation`,
});

export const CLASS_NAMES = {
  threshold: 'class.threshold',
  compared: 'class.compared',
  argmaxNode: 'class.argmax',
  compareNode: 'class.compare',
  castNode: 'class.cast',
} as const;

/** metadata_props keys. Values are strings; numbers are written with JavaScript's String(). */
export const METADATA = {
  source: 'nnc.source',
  sourceFile: 'nnc.source_file',
  sourceSha256: 'nnc.source_sha256',
  modelName: 'nnc.model_name',
  loss: 'nnc.loss',
  precision: 'nnc.precision',
  iterations: 'nnc.iterations',
  finalCost: 'nnc.final_cost',
  /** The label column's name (parameters file `labels.name`). */
  label: 'nnc.label',
  /** The class of each output row as a JSON array of strings (`labels.classes`), when known. */
  classes: 'nnc.classes',
} as const;
