/**
 * Semantic checks: turns the AST of one model into a ModelIR with every default filled in, or
 * into diagnostics. Every check runs, whatever failed before it, so one run shows every mistake.
 */
import { createHash } from 'node:crypto';
import type { FileNode, ModelNode, NumberNode, StatementNode } from './ast.js';
import { checkSeed, checkTrain } from './check-train.js';
import type { Diagnostic } from './diagnostics.js';
import {
  LOSSES,
  PRECISIONS,
  type Activation,
  type Initializer,
  type Layer,
  type LossKind,
  type ModelIR,
  type Optimizer,
  type Precision,
  type Span,
  type Training,
} from './model-ir.js';
import { Reporter } from './reporter.js';
import { resolveCall, type ResolvedCall } from './resolve-call.js';
import { suggestionHint } from './suggest.js';
import {
  ACTIVATION_FAMILY,
  INIT_FAMILY,
  MAX_PARAMETERS,
  MAX_UNITS,
  OPTIMIZER_FAMILY,
  REGULARIZER_FAMILY,
  STATEMENT_KEYS,
} from './vocabulary.js';

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
  const model = first ? checkModel(first, source, reporter, hasSyntaxErrors) : null;
  const failed = reporter.diagnostics.some((d) => d.severity === 'error');
  return { model: failed ? null : model, diagnostics: reporter.diagnostics };
}

/** A dense statement with whatever of it could be understood. */
interface LayerDraft {
  readonly units: number | null;
  readonly activation: Activation | null;
  readonly activationSpan: Span | null;
  readonly init: Initializer | null;
  readonly initSpan: Span | null;
  readonly span: Span;
}

function checkModel(node: ModelNode, source: SourceFile, reporter: Reporter, hasSyntaxErrors: boolean): ModelIR | null {
  let layerListComplete = !hasSyntaxErrors;
  const firstSeen = new Map<string, Span>();
  /** True for the first statement of a kind; reports the later ones. */
  const once = (setting: string, span: Span): boolean => {
    const first = firstSeen.get(setting);
    if (!first) {
      firstSeen.set(setting, span);
      return true;
    }
    reporter.error('NNC014', `'${setting}' is set twice`, span, {
      related: { message: 'first set here', span: first },
      hint: 'keep one of them',
    });
    return false;
  };

  let inputSize: number | null = null;
  const layers: LayerDraft[] = [];
  let loss: { kind: LossKind | null; span: Span } | null = null;
  let init: { init: Initializer | null; span: Span } | null = null;
  let seed: number | null = null;
  let optimizer: { optimizer: Optimizer | null } | null = null;
  let l2: number | null = null;
  let training: Training | null = null;
  let precision: Precision | null = null;

  for (const statement of node.statements) {
    const first = statement.kind === 'dense' || statement.kind === 'unknown' || statement.kind === 'seed' || once(statement.key.name, statement.span);
    switch (statement.kind) {
      case 'input': {
        const size = checkSize(statement.size, 'input size', reporter);
        if (first) inputSize = size;
        break;
      }
      case 'dense':
        layers.push(checkDense(statement, reporter));
        break;
      case 'loss': {
        const kind = statement.loss ? checkName(statement.loss.name, statement.loss.span, LOSSES, 'loss', 'NNC021', reporter) : null;
        if (first) loss = { kind, span: statement.span };
        break;
      }
      case 'init': {
        const resolved = statement.init ? initializer(resolveCall(statement.init, INIT_FAMILY, reporter)) : null;
        if (first) init = { init: resolved, span: statement.span };
        if (statement.seed && once('seed', statement.seed.span)) seed = checkSeed(statement.seed.value, reporter);
        else if (statement.seed) checkSeed(statement.seed.value, reporter);
        break;
      }
      case 'seed': {
        const value = checkSeed(statement.seed.value, reporter);
        if (once('seed', statement.seed.span)) seed = value;
        break;
      }
      case 'optimizer': {
        const resolved = statement.optimizer ? optimizerOf(resolveCall(statement.optimizer, OPTIMIZER_FAMILY, reporter)) : null;
        if (first) optimizer = { optimizer: resolved };
        break;
      }
      case 'regularization': {
        const resolved = statement.regularizer ? resolveCall(statement.regularizer, REGULARIZER_FAMILY, reporter) : null;
        if (first) l2 = resolved?.values.lambda ?? null;
        break;
      }
      case 'train': {
        const checked = checkTrain(statement.options, reporter);
        if (first) training = checked;
        break;
      }
      case 'precision': {
        const kind = statement.precision
          ? checkName(statement.precision.name, statement.precision.span, PRECISIONS, 'precision', 'NNC025', reporter)
          : null;
        if (first) precision = kind;
        break;
      }
      case 'unknown':
        if (statement.keyIsNumber) {
          layerListComplete = false;
          reporter.error('NNC002', `expected a statement (${STATEMENT_KEYS.join(', ')}), found '${statement.key.name}'`, statement.key.span, {
            hint: 'a layer is written `dense UNITS ACTIVATION`',
          });
          break;
        }
        reporter.error('NNC015', `unknown setting '${statement.key.name}'`, statement.key.span, {
          hint: suggestionHint(statement.key.name, STATEMENT_KEYS),
        });
        break;
    }
  }

  const modelName = node.name ? `model '${node.name.name}'` : 'the model';
  const missing = (setting: string, code: 'NNC010' | 'NNC011' | 'NNC012' | 'NNC013', what: string, hint: string) => {
    if (!firstSeen.has(setting) && !(setting === 'dense' && layers.length > 0)) {
      reporter.error(code, `${modelName} has no ${what}`, node.header, { hint });
    }
  };
  missing('input', 'NNC010', 'input size', 'add `input N`, N the number of features of one example');
  if (layerListComplete) missing('dense', 'NNC011', 'layers', 'add at least one layer, e.g. `dense 1 sigmoid`');
  missing('loss', 'NNC012', 'loss', 'add e.g. `loss binary_cross_entropy` (or mean_squared_error, categorical_cross_entropy)');
  missing('optimizer', 'NNC013', 'optimizer', 'add e.g. `optimizer gradient_descent(learning_rate: 0.01)`');

  const modelInit: Initializer = init?.init ?? { kind: 'xavier' };
  checkLayers(layers, layerListComplete ? loss : null, init, modelInit, reporter);
  if (layerListComplete) checkParameterCount(inputSize, layers, node.header, reporter);

  // Build the IR only from a complete model; the caller drops it if anything was reported.
  const lossKind = loss?.kind ?? null;
  const optimizerValue = optimizer?.optimizer ?? null;
  if (node.name === null || inputSize === null || lossKind === null || optimizerValue === null) return null;
  const built: Layer[] = [];
  for (const [i, draft] of layers.entries()) {
    if (draft.units === null || draft.activation === null) return null;
    built.push({ index: i + 1, units: draft.units, activation: draft.activation, init: draft.init ?? modelInit, span: draft.span });
  }
  return {
    name: node.name.name,
    inputSize,
    layers: built,
    loss: lossKind,
    seed: seed ?? 0,
    optimizer: optimizerValue,
    l2: l2 ?? 0,
    training: training ?? checkTrain([], reporter),
    precision: precision ?? 'f64',
    source: { file: source.file, sha256: createHash('sha256').update(source.text).digest('hex'), text: source.text },
    span: node.span,
  };
}

function checkDense(statement: Extract<StatementNode, { kind: 'dense' }>, reporter: Reporter): LayerDraft {
  const units = checkSize(statement.size, 'layer size', reporter);
  const activation = statement.activation ? activationOf(resolveCall(statement.activation, ACTIVATION_FAMILY, reporter)) : null;
  const init = statement.init ? initializer(resolveCall(statement.init, INIT_FAMILY, reporter)) : null;
  return {
    units,
    activation,
    activationSpan: statement.activation?.span ?? null,
    init,
    initSpan: statement.init?.span ?? null,
    span: statement.span,
  };
}

/** Softmax only at the output, the loss fits the output layer, no zeros on hidden layers. */
function checkLayers(
  layers: readonly LayerDraft[],
  loss: { kind: LossKind | null; span: Span } | null,
  init: { init: Initializer | null; span: Span } | null,
  modelInit: Initializer,
  reporter: Reporter,
): void {
  const count = layers.length;
  layers.forEach((layer, i) => {
    if (i < count - 1 && layer.activation?.kind === 'softmax' && layer.activationSpan) {
      reporter.error('NNC052', `softmax is only allowed on the output layer, and layer ${i + 1} of ${count} is hidden`, layer.activationSpan, {
        hint: 'use relu, leaky_relu or tanh on hidden layers',
      });
    }
  });

  const output = layers[count - 1];
  if (output && output.units !== null && output.activation !== null && loss?.kind) {
    const shape = `layer ${count} is ${output.units} ${output.activation.kind} unit${output.units === 1 ? '' : 's'}`;
    const related = { message: `${loss.kind} chosen here`, span: loss.span };
    if (loss.kind === 'binary_cross_entropy' && (output.units !== 1 || output.activation.kind !== 'sigmoid')) {
      reporter.error('NNC050', `binary_cross_entropy needs the output layer to be exactly one sigmoid unit, but ${shape}`, output.span, {
        related,
        hint: 'end with `dense 1 sigmoid`, or use categorical_cross_entropy with a softmax output for several classes',
      });
    }
    if (loss.kind === 'categorical_cross_entropy' && (output.units < 2 || output.activation.kind !== 'softmax')) {
      reporter.error('NNC051', `categorical_cross_entropy needs a softmax output layer of at least 2 units, but ${shape}`, output.span, {
        related,
        hint: 'end with `dense K softmax`, K the number of classes; for two classes `dense 1 sigmoid` with binary_cross_entropy also works',
      });
    }
  }

  const symmetry = 'all units of a layer would compute the same function and receive the same gradient, so they never become different';
  const zerosHint = 'use `init he` (relu layers), `init xavier` or `init normal(0.01)`; zeros is only allowed on the output layer';
  const hiddenWithModelZeros: number[] = [];
  layers.slice(0, -1).forEach((layer, i) => {
    if (layer.init?.kind === 'zeros' && layer.initSpan) {
      reporter.error('NNC053', `zeros initialisation on hidden layer ${i + 1}: ${symmetry}`, layer.initSpan, { hint: zerosHint });
    } else if (layer.init === null && modelInit.kind === 'zeros') {
      hiddenWithModelZeros.push(i + 1);
    }
  });
  if (hiddenWithModelZeros.length > 0 && init) {
    const which = hiddenWithModelZeros.length === 1 ? `hidden layer ${hiddenWithModelZeros[0]}` : `hidden layers ${hiddenWithModelZeros.join(', ')}`;
    reporter.error('NNC053', `zeros initialisation on ${which}: ${symmetry}`, init.span, { hint: zerosHint });
  }
}

function checkParameterCount(inputSize: number | null, layers: readonly LayerDraft[], span: Span, reporter: Reporter): void {
  let previous = inputSize;
  let count = 0;
  for (const layer of layers) {
    if (previous === null || layer.units === null) return;
    count += layer.units * (previous + 1);
    previous = layer.units;
  }
  if (count > MAX_PARAMETERS) {
    reporter.error('NNC032', `the model has ${count} parameters, more than the limit of ${MAX_PARAMETERS}`, span, {
      hint: 'make the layers smaller',
    });
  }
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

function initializer(call: ResolvedCall<Initializer['kind']> | null): Initializer | null {
  if (call === null) return null;
  if (call.kind === 'normal') return { kind: 'normal', scale: call.values.scale ?? 0.01 };
  return { kind: call.kind };
}

function optimizerOf(call: ResolvedCall<Optimizer['kind']> | null): Optimizer | null {
  if (call === null) return null;
  const v = call.values;
  const learningRate = v.learning_rate;
  if (learningRate === undefined) return null;
  switch (call.kind) {
    case 'gradient_descent':
      return { kind: 'gradient_descent', learningRate };
    case 'momentum':
      return { kind: 'momentum', learningRate, beta: v.beta ?? 0.9 };
    case 'adam':
      return { kind: 'adam', learningRate, beta1: v.beta1 ?? 0.9, beta2: v.beta2 ?? 0.999, epsilon: v.epsilon ?? 1e-8 };
  }
}

