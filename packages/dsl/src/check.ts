/**
 * Semantic checks: turns the AST of one model into a ModelIR with every default filled in, or
 * into diagnostics. Every check runs whatever failed before it, so one run shows every mistake.
 */
import { createHash } from 'node:crypto';
import type { FileNode, ModelNode, NumberNode, StatementNode } from './ast.js';
import {
  checkLossAgainstOutput,
  checkParameterCount,
  checkSoftmaxPlacement,
  checkZerosOnHiddenLayers,
  type LayerDraft,
  type Located,
} from './check-layers.js';
import { checkSeed, checkTrain } from './check-train.js';
import type { Diagnostic } from './diagnostics.js';
import {
  LOSSES,
  PRECISIONS,
  type Activation,
  type Initializer,
  type LossKind,
  type ModelIR,
  type Optimizer,
  type Precision,
  type Span,
  type Training,
} from '@nnc/model/ir';
import { Reporter } from './reporter.js';
import { resolveCall, type ResolvedCall } from './resolve-call.js';
import { closestName, suggestionHint } from './suggest.js';
import { ACTIVATION_FAMILY, INIT_FAMILY, MAX_UNITS, OPTIMIZER_FAMILY, REGULARIZER_FAMILY, STATEMENT_KEYS } from './vocabulary.js';

export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

export interface CheckResult {
  readonly model: ModelIR | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Checks the file's (single) model. `model` is null when any error was reported.
 *
 * `hasSyntaxErrors`: the parser reported something, so a layer may be missing from the AST. The
 * checks on the layer list as a whole (no layers, the loss against the output layer, the
 * parameter count) are then skipped: their complaints would be echoes of the syntax error.
 */
export function checkFile(ast: FileNode, source: SourceFile, hasSyntaxErrors = false): CheckResult {
  const reporter = new Reporter();
  for (const extra of ast.models.slice(1)) {
    reporter.error('NNC003', `a file holds one model, '${extra.name?.name ?? 'this'}' is a second one`, extra.header, {
      hint: 'move it to a .nn file of its own',
    });
  }
  const first = ast.models[0];
  let model: ModelIR | null = null;
  if (first) {
    const settings = readStatements(first, reporter);
    if (hasSyntaxErrors) settings.layerListComplete = false;
    checkModel(first, settings, reporter);
    model = buildModel(first, settings, source);
  }
  const failed = reporter.diagnostics.some((d) => d.severity === 'error');
  return { model: failed ? null : model, diagnostics: reporter.diagnostics };
}

/** What the statements of a model say; null where absent or invalid (and then reported). */
interface Settings {
  /** Where each setting was first given, for "given twice" and "missing". */
  readonly firstSeen: Map<string, Span>;
  /** Settings named by a misspelt statement (reported as unknown with a suggestion). */
  readonly misspelt: Set<string>;
  readonly layers: LayerDraft[];
  inputSize: number | null;
  loss: Located<LossKind | null> | null;
  init: Located<Initializer | null> | null;
  seed: number | null;
  optimizer: Optimizer | null;
  l2: number | null;
  training: Training | null;
  precision: Precision | null;
  /** False when a line could not be read: a layer may be missing from `layers`. */
  layerListComplete: boolean;
}

function readStatements(node: ModelNode, reporter: Reporter): Settings {
  const s: Settings = {
    firstSeen: new Map(),
    misspelt: new Set(),
    layers: [],
    inputSize: null,
    loss: null,
    init: null,
    seed: null,
    optimizer: null,
    l2: null,
    training: null,
    precision: null,
    layerListComplete: true,
  };
  /** True for the first statement of a setting; reports the later ones (their values are still checked). */
  const once = (setting: string, span: Span): boolean => {
    const first = s.firstSeen.get(setting);
    if (!first) {
      s.firstSeen.set(setting, span);
      return true;
    }
    reporter.error('NNC014', `'${setting}' is set twice`, span, { related: { message: 'first set here', span: first }, hint: 'keep one of them' });
    return false;
  };

  for (const statement of node.statements) {
    switch (statement.kind) {
      case 'input': {
        const size = checkSize(statement.size, 'input size', reporter);
        if (once('input', statement.span)) s.inputSize = size;
        break;
      }
      case 'dense':
        s.firstSeen.set('dense', s.firstSeen.get('dense') ?? statement.span);
        s.layers.push(readDense(statement, reporter));
        break;
      case 'loss': {
        const loss = statement.loss && checkName(statement.loss.name, statement.loss.span, LOSSES, 'loss', 'NNC021', reporter);
        if (once('loss', statement.span)) s.loss = { value: loss, span: statement.span };
        break;
      }
      case 'init': {
        const init = statement.init && initializerOf(resolveCall(statement.init, INIT_FAMILY, reporter));
        if (once('init', statement.span)) s.init = { value: init, span: statement.span };
        if (statement.seed) {
          const seed = checkSeed(statement.seed.value, reporter);
          if (once('seed', statement.seed.span)) s.seed = seed;
        }
        break;
      }
      case 'seed': {
        const seed = checkSeed(statement.seed.value, reporter);
        if (once('seed', statement.seed.span)) s.seed = seed;
        break;
      }
      case 'optimizer': {
        const optimizer = statement.optimizer && optimizerOf(resolveCall(statement.optimizer, OPTIMIZER_FAMILY, reporter));
        if (once('optimizer', statement.span)) s.optimizer = optimizer;
        break;
      }
      case 'regularization': {
        const l2 = statement.regularizer && resolveCall(statement.regularizer, REGULARIZER_FAMILY, reporter);
        if (once('regularization', statement.span)) s.l2 = l2?.values.lambda ?? null;
        break;
      }
      case 'train': {
        const training = checkTrain(statement.options, reporter);
        if (once('train', statement.span)) s.training = training;
        break;
      }
      case 'precision': {
        const name = statement.precision;
        const precision = name && checkName(name.name, name.span, PRECISIONS, 'precision', 'NNC025', reporter);
        if (once('precision', statement.span)) s.precision = precision;
        break;
      }
      case 'unknown':
        if (statement.stray) s.layerListComplete = false;
        reportUnknown(statement, s, reporter);
        break;
    }
  }
  return s;
}

function reportUnknown(statement: Extract<StatementNode, { kind: 'unknown' }>, s: Settings, reporter: Reporter): void {
  const { name, span } = statement.key;
  if (statement.stray) {
    const isNumber = /^[-.\d]/.test(name);
    reporter.error('NNC002', `expected a statement (${STATEMENT_KEYS.join(', ')}), found '${name}'`, span, {
      ...(isNumber ? { hint: 'a layer is written `dense UNITS ACTIVATION`' } : {}),
    });
  } else {
    reporter.error('NNC015', `unknown setting '${name}'`, span, { hint: suggestionHint(name, STATEMENT_KEYS) });
    // `los ...` already says "did you mean 'loss'?": no second error that the loss is missing.
    const meant = closestName(name, STATEMENT_KEYS);
    if (meant !== null) s.misspelt.add(meant);
  }
}

/** Required settings, then the checks that look at several settings together. */
function checkModel(node: ModelNode, s: Settings, reporter: Reporter): void {
  const model = node.name ? `model '${node.name.name}'` : 'the model';
  const missing = (setting: string, code: 'NNC010' | 'NNC011' | 'NNC012' | 'NNC013', what: string, hint: string) => {
    if (!s.firstSeen.has(setting) && !s.misspelt.has(setting)) reporter.error(code, `${model} has no ${what}`, node.header, { hint });
  };
  missing('input', 'NNC010', 'input size', 'add `input N`, N the number of features of one example');
  if (s.layerListComplete) missing('dense', 'NNC011', 'layers', 'add at least one layer, e.g. `dense 1 sigmoid`');
  missing('loss', 'NNC012', 'loss', 'add e.g. `loss binary_cross_entropy` (or mean_squared_error, categorical_cross_entropy)');
  missing('optimizer', 'NNC013', 'optimizer', 'add e.g. `optimizer gradient_descent(learning_rate: 0.01)`');

  checkSoftmaxPlacement(s.layers, reporter);
  const loss = s.loss?.value;
  if (s.layerListComplete && s.loss && loss) checkLossAgainstOutput(s.layers, { value: loss, span: s.loss.span }, reporter);
  checkZerosOnHiddenLayers(s.layers, s.init, reporter);
  if (s.layerListComplete) checkParameterCount(s.inputSize, s.layers, node.header, reporter);
}

/** The IR, when every part of the model could be read (the caller drops it after any error). */
function buildModel(node: ModelNode, s: Settings, source: SourceFile): ModelIR | null {
  const loss = s.loss?.value ?? null;
  if (node.name === null || s.inputSize === null || loss === null || s.optimizer === null) return null;
  const modelInit: Initializer = s.init?.value ?? { kind: 'xavier' };
  const layers = [];
  for (const [i, draft] of s.layers.entries()) {
    if (draft.units === null || draft.activation === null) return null;
    layers.push({ index: i + 1, units: draft.units, activation: draft.activation, init: draft.init ?? modelInit, span: draft.span });
  }
  return {
    name: node.name.name,
    inputSize: s.inputSize,
    layers,
    loss,
    seed: s.seed ?? 0,
    optimizer: s.optimizer,
    l2: s.l2 ?? 0,
    training: s.training ?? checkTrain([], new Reporter()),
    precision: s.precision ?? 'f64',
    source: { file: source.file, sha256: createHash('sha256').update(source.text).digest('hex'), text: source.text },
    span: node.span,
    statementSpans: { loss: s.firstSeen.get('loss') ?? node.span, optimizer: s.firstSeen.get('optimizer') ?? node.span },
  };
}

function readDense(statement: Extract<StatementNode, { kind: 'dense' }>, reporter: Reporter): LayerDraft {
  const units = checkSize(statement.size, 'layer size', reporter);
  const activation = statement.activation && activationOf(resolveCall(statement.activation, ACTIVATION_FAMILY, reporter));
  const init = statement.init && initializerOf(resolveCall(statement.init, INIT_FAMILY, reporter));
  return {
    units,
    activation,
    activationSpan: statement.activation?.span ?? null,
    init,
    initSpan: statement.init?.span ?? null,
    span: statement.span,
  };
}

/** Input and layer sizes: positive integers up to MAX_UNITS. */
function checkSize(size: NumberNode | null, what: string, reporter: Reporter): number | null {
  if (size === null) return null;
  if (!Number.isInteger(size.value) || size.value <= 0) {
    reporter.error('NNC030', `${what} must be a positive integer, got ${size.text}`, size.span);
    return null;
  }
  if (size.value > MAX_UNITS) {
    reporter.error('NNC031', `${what} ${size.text} is too large (at most ${MAX_UNITS} units)`, size.span);
    return null;
  }
  return size.value;
}

function checkName<K extends string>(
  name: string,
  span: Span,
  choices: readonly K[],
  noun: string,
  code: 'NNC021' | 'NNC025',
  reporter: Reporter,
): K | null {
  const kind = choices.find((choice) => choice === name);
  if (kind !== undefined) return kind;
  reporter.error(code, `unknown ${noun} '${name}'`, span, { hint: suggestionHint(name, choices) });
  return null;
}

function activationOf(call: ResolvedCall<Activation['kind']> | null): Activation | null {
  if (call === null) return null;
  if (call.kind === 'leaky_relu') return { kind: 'leaky_relu', slope: call.values.slope ?? 0.01 };
  return { kind: call.kind };
}

function initializerOf(call: ResolvedCall<Initializer['kind']> | null): Initializer | null {
  if (call === null) return null;
  if (call.kind === 'normal') return { kind: 'normal', scale: call.values.scale ?? 0.01 };
  return { kind: call.kind };
}

function optimizerOf(call: ResolvedCall<Optimizer['kind']> | null): Optimizer | null {
  const v = call?.values;
  const learningRate = v?.learning_rate;
  if (!call || !v || learningRate === undefined) return null;
  switch (call.kind) {
    case 'gradient_descent':
      return { kind: 'gradient_descent', learningRate };
    case 'momentum':
      return { kind: 'momentum', learningRate, beta: v.beta ?? 0.9 };
    case 'adam':
      return { kind: 'adam', learningRate, beta1: v.beta1 ?? 0.9, beta2: v.beta2 ?? 0.999, epsilon: v.epsilon ?? 1e-8 };
  }
}
