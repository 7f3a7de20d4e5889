/**
 * ONNX bytes -> ModelIR + parameters + .nn text, for graphs of the family nnc exports (see
 * match-layer-chain.ts for exactly which). What the graph cannot say (how to train) gets
 * defaults; nnc's own metadata, when present, restores the model name, loss and precision.
 */
import { formatDiagnostics, KEYWORD_WORDS, parseModel, printModel } from '@nnc/dsl';
import {
  LOSSES,
  PRECISIONS,
  type Activation,
  type Layer,
  type LayerParameters,
  type LossKind,
  type ModelIR,
  type Precision,
  type Span,
  type Standardization,
} from '@nnc/dsl/ir';
import { METADATA } from './conventions.js';
import { OnnxImportError } from './errors.js';
import { matchLayerChain } from './match-layer-chain.js';
import { OnnxGraph } from './onnx-graph.js';
import { int64ToNumber, onnx, type OnnxTypes } from './onnx-proto.js';

export interface OnnxImportResult {
  readonly model: ModelIR;
  readonly params: {
    readonly layers: LayerParameters[];
    readonly standardization: Standardization | null;
    readonly training: { readonly iterations: number; readonly cost: number } | null;
    /** The label column and class names nnc recorded in the metadata; null when absent. */
    readonly labels: { readonly name: string; readonly classes: string[] | null } | null;
  };
  /** The model as .nn text (model.source.text). */
  readonly source: string;
  /** Whether the graph has nnc's optional `class` output (export it again with withClass). */
  readonly classOutput: boolean;
}

/** Training settings an imported model gets: the graph holds none. */
export const IMPORT_DEFAULTS = {
  seed: 1,
  optimizer: { kind: 'gradient_descent', learningRate: 0.01 },
  training: { iterations: 1000, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 100 },
} as const;

/** Reads `bytes` (the contents of `file`); throws OnnxImportError naming `file` when it cannot. */
export function importOnnx(bytes: Uint8Array, file: string): OnnxImportResult {
  let proto: OnnxTypes.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new OnnxImportError(`${file}: not an ONNX model (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!proto.graph || (proto.graph.node ?? []).length === 0) throw new OnnxImportError(`${file}: the ONNX model has no graph`);
  const opset = (proto.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const opsetVersion = int64ToNumber(opset?.version);
  if (opsetVersion < 7) throw new OnnxImportError(`${file}: opset ${opsetVersion} is older than nnc reads (7 or newer)`);
  const matched = matchLayerChain(new OnnxGraph(proto.graph, file), opsetVersion);

  const meta = new Map((proto.metadataProps ?? []).map((entry) => [entry.key ?? '', entry.value ?? '']));
  const last = matched.layers[matched.layers.length - 1].activation;
  const metaLoss = meta.get(METADATA.loss);
  const metaPrecision = meta.get(METADATA.precision);
  const model = buildModel({
    name: identifier(meta.get(METADATA.modelName) || proto.graph.name || 'imported'),
    inputSize: matched.inputSize,
    activations: matched.layers.map((layer) => shortestSlope(layer.activation)),
    units: matched.layers.map((layer) => layer.b.length),
    loss: LOSSES.find((loss) => loss === metaLoss) ?? defaultLoss(last),
    precision: PRECISIONS.find((p) => p === metaPrecision) ?? 'f32',
    file,
  });
  const labels = readLabels(meta, file, matched.layers[matched.layers.length - 1].b.length);
  const iterations = Number(meta.get(METADATA.iterations));
  const cost = Number(meta.get(METADATA.finalCost));
  const recorded = meta.has(METADATA.iterations) && meta.has(METADATA.finalCost) && Number.isInteger(iterations) && Number.isFinite(cost);
  const training = recorded ? { iterations, cost } : null;
  return {
    model,
    params: {
      layers: matched.layers.map(({ W, b }) => ({ W, b })),
      standardization: matched.standardization,
      training,
      labels,
    },
    source: model.source.text,
    classOutput: matched.classOutput,
  };
}

/** The loss that goes with an output activation when the file does not say. */
function defaultLoss(activation: Activation): LossKind {
  if (activation.kind === 'sigmoid') return 'binary_cross_entropy';
  if (activation.kind === 'softmax') return 'categorical_cross_entropy';
  return 'mean_squared_error';
}

const KEYWORDS = new Set(KEYWORD_WORDS);

/** `labels` of the parameters file from nnc's metadata (nnc.label, nnc.classes as JSON). */
function readLabels(meta: ReadonlyMap<string, string>, file: string, outputs: number): { name: string; classes: string[] | null } | null {
  const name = meta.get(METADATA.label);
  const classesText = meta.get(METADATA.classes);
  if (name === undefined) return null;
  if (classesText === undefined) return { name, classes: null };
  let classes: unknown;
  try {
    classes = JSON.parse(classesText);
  } catch {
    classes = undefined;
  }
  if (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string')) {
    throw new OnnxImportError(`${file}: metadata '${METADATA.classes}' must be a JSON array of strings, it is ${JSON.stringify(classesText)}`);
  }
  const count = outputs === 1 && classes.length === 2 ? 2 : outputs;
  if (classes.length !== count || new Set(classes).size !== classes.length) {
    throw new OnnxImportError(`${file}: metadata '${METADATA.classes}' must name ${outputs} distinct classes, one per output; it names ${classes.length}`);
  }
  return { name, classes: classes as string[] };
}

/**
 * A LeakyRelu alpha is a float32: the shortest decimal that rounds to the same float32, so that
 * an exported 0.01 (float32 0.009999999776...) comes back as 0.01.
 */
function shortestSlope(activation: Activation): Activation {
  return activation.kind === 'leaky_relu' ? { kind: 'leaky_relu', slope: shortestFloat32(activation.slope) } : activation;
}

/** The number with the fewest significant digits whose float32 rounding equals `value`'s. */
export function shortestFloat32(value: number): number {
  const target = Math.fround(value);
  if (!Number.isFinite(target) || target === 0) return target;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return target;
}

/** A .nn model name: letters, digits and underscores, not starting with a digit, not a keyword. */
function identifier(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  const named = /^[A-Za-z_]/.test(cleaned) ? cleaned : `m_${cleaned}`;
  return KEYWORDS.has(named) ? `${named}_model` : named;
}

interface ModelShape {
  readonly name: string;
  readonly inputSize: number;
  readonly units: number[];
  readonly activations: Activation[];
  readonly loss: LossKind;
  readonly precision: Precision;
  readonly file: string;
}

/**
 * The ModelIR of an imported graph, with import defaults for everything about training: built,
 * printed as .nn, and parsed back, so that the model's spans point into its own source text.
 */
function buildModel(shape: ModelShape): ModelIR {
  const span: Span = { file: shape.file, startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const layers: Layer[] = shape.units.map((units, i) => ({
    index: i + 1,
    units,
    activation: shape.activations[i],
    init: i === shape.units.length - 1 || shape.activations[i].kind !== 'relu' ? { kind: 'xavier' } : { kind: 'he' },
    span,
  }));
  const draft: ModelIR = {
    name: shape.name,
    inputSize: shape.inputSize,
    layers,
    loss: shape.loss,
    seed: IMPORT_DEFAULTS.seed,
    optimizer: { ...IMPORT_DEFAULTS.optimizer },
    l2: 0,
    training: { ...IMPORT_DEFAULTS.training },
    precision: shape.precision,
    source: { file: shape.file, sha256: '', text: '' },
    span,
    statementSpans: { loss: span, optimizer: span },
  };
  const text = printModel(draft);
  const parsed = parseModel(text, shape.file);
  // The matcher refuses what .nn cannot say; anything it missed is the user's file, not a bug.
  if (!parsed.model) throw new OnnxImportError(`${shape.file}: the graph is not a model nnc can express:\n${formatDiagnostics(parsed.diagnostics, text)}`);
  return parsed.model;
}
