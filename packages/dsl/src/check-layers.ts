/**
 * Checks on the layers as a whole: softmax only at the output, the loss fits the output layer,
 * no zeros initialisation on hidden layers, a sane parameter count.
 */
import type { Activation, Initializer, LossKind, Span } from '@nnc/model/ir';
import type { Reporter } from './reporter.js';
import { MAX_PARAMETERS } from './vocabulary.js';

/** A dense statement with whatever of it could be understood (null: already reported). */
export interface LayerDraft {
  readonly units: number | null;
  readonly activation: Activation | null;
  readonly activationSpan: Span | null;
  /** The layer's own `init`, if it has one. */
  readonly init: Initializer | null;
  readonly initSpan: Span | null;
  readonly span: Span;
}

/** A setting's value with the statement that gave it. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

export function checkSoftmaxPlacement(layers: readonly LayerDraft[], reporter: Reporter): void {
  layers.slice(0, -1).forEach((layer, i) => {
    if (layer.activation?.kind === 'softmax' && layer.activationSpan) {
      const message = `softmax is only allowed on the output layer, and layer ${i + 1} of ${layers.length} is hidden`;
      reporter.error('NNC052', message, layer.activationSpan, { hint: 'use relu, leaky_relu or tanh on hidden layers' });
    }
  });
}

/** Binary cross-entropy wants one sigmoid unit, categorical cross-entropy a softmax of K >= 2. */
export function checkLossAgainstOutput(layers: readonly LayerDraft[], loss: Located<LossKind>, reporter: Reporter): void {
  const output = layers[layers.length - 1];
  if (!output || output.units === null || output.activation === null) return;
  const { units } = output;
  const activation = output.activation.kind;
  const shape = `layer ${layers.length} is ${units} ${activation} unit${units === 1 ? '' : 's'}`;
  const related = { message: `${loss.value} chosen here`, span: loss.span };
  if (loss.value === 'binary_cross_entropy' && (units !== 1 || activation !== 'sigmoid')) {
    const message = `binary_cross_entropy needs the output layer to be exactly one sigmoid unit, but ${shape}`;
    reporter.error('NNC050', message, output.span, {
      related,
      hint: 'end with `dense 1 sigmoid`, or use categorical_cross_entropy with a softmax output for several classes',
    });
  }
  if (loss.value === 'categorical_cross_entropy' && (units < 2 || activation !== 'softmax')) {
    const message = `categorical_cross_entropy needs a softmax output layer of at least 2 units, but ${shape}`;
    reporter.error('NNC051', message, output.span, {
      related,
      hint: 'end with `dense K softmax`, K the number of classes; for two classes `dense 1 sigmoid` with binary_cross_entropy also works',
    });
  }
}

const SYMMETRY =
  'all units of a layer would compute the same function and receive the same gradient, so they never become different';
const ZEROS_HINT = 'use `init he` (relu layers), `init xavier` or `init normal(0.01)`; zeros is only allowed on the output layer';

/** Zeros on a hidden layer, by the layer's own init or by the model-wide one. */
export function checkZerosOnHiddenLayers(
  layers: readonly LayerDraft[],
  modelInit: Located<Initializer | null> | null,
  reporter: Reporter,
): void {
  const byModelInit: number[] = [];
  layers.slice(0, -1).forEach((layer, i) => {
    if (layer.init?.kind === 'zeros' && layer.initSpan) {
      reporter.error('NNC053', `zeros initialisation on hidden layer ${i + 1}: ${SYMMETRY}`, layer.initSpan, { hint: ZEROS_HINT });
    } else if (layer.init === null && modelInit?.value?.kind === 'zeros') {
      byModelInit.push(i + 1);
    }
  });
  if (byModelInit.length > 0 && modelInit) {
    const which = byModelInit.length === 1 ? `hidden layer ${byModelInit[0]}` : `hidden layers ${byModelInit.join(', ')}`;
    reporter.error('NNC053', `zeros initialisation on ${which}: ${SYMMETRY}`, modelInit.span, { hint: ZEROS_HINT });
  }
}

export function checkParameterCount(inputSize: number | null, layers: readonly LayerDraft[], span: Span, reporter: Reporter): void {
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
