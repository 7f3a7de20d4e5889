// ONNX export and import of nnc models (see conventions.ts for the graph layout and versions).
export { ONNX_IR_VERSION, ONNX_OPSET_VERSION } from './conventions.js';
export { OnnxExportError, OnnxImportError } from './errors.js';
export { exportOnnx, type OnnxExportOptions, type OnnxExportParameters } from './export-onnx.js';
export { IMPORT_DEFAULTS, importOnnx, type OnnxImportResult } from './import-onnx.js';
export { exportTrainedModel, type TrainedModelExtras } from './export-trained.js';
