/**
 * ModelIR -> canonical `.nn` text: every setting spelt out, defaults included, parameters named,
 * one statement per line in a fixed order. Parsing the output gives back the same model.
 */
import type { Activation, Initializer, ModelIR, Optimizer, Training } from '@nnc/model/ir';

export function printModel(model: ModelIR): string {
  const lines = [`model ${model.name} {`, `  input ${model.inputSize}`];
  const modelInit = model.layers.length > 0 ? mostCommonInit(model) : { kind: 'xavier' as const };
  for (const layer of model.layers) {
    const init = sameInit(layer.init, modelInit) ? '' : ` init ${printInit(layer.init)}`;
    lines.push(`  dense ${layer.units} ${printActivation(layer.activation)}${init}`);
  }
  lines.push(`  loss ${model.loss}`);
  lines.push(`  init ${printInit(modelInit)} seed ${model.seed}`);
  lines.push(`  optimizer ${printOptimizer(model.optimizer)}`);
  if (model.l2 !== 0) lines.push(`  regularization l2(lambda: ${num(model.l2)})`);
  lines.push(`  train ${printTraining(model.training)}`);
  lines.push(`  precision ${model.precision}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Numbers in JavaScript's shortest round-trip form (0.001, 1e-8, 1e+21). */
function num(value: number): string {
  return String(value);
}

function printActivation(activation: Activation): string {
  return activation.kind === 'leaky_relu' ? `leaky_relu(slope: ${num(activation.slope)})` : activation.kind;
}

export function printInit(init: Initializer): string {
  return init.kind === 'normal' ? `normal(scale: ${num(init.scale)})` : init.kind;
}

function sameInit(a: Initializer, b: Initializer): boolean {
  return printInit(a) === printInit(b);
}

/**
 * The IR keeps only each layer's effective init; the model-wide one is chosen as the most common
 * (the first layer's on ties), so a model written with one `init` prints without overrides.
 */
function mostCommonInit(model: ModelIR): Initializer {
  const counts = new Map<string, { init: Initializer; count: number }>();
  for (const layer of model.layers) {
    const key = printInit(layer.init);
    const entry = counts.get(key) ?? { init: layer.init, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best = { init: model.layers[0].init, count: 0 };
  for (const entry of counts.values()) if (entry.count > best.count) best = entry;
  // A model-wide zeros would be rejected on hidden layers; keep it on the output layer only.
  if (best.init.kind === 'zeros' && model.layers.length > 1) {
    const hidden = model.layers.slice(0, -1).find((layer) => layer.init.kind !== 'zeros');
    return hidden?.init ?? best.init;
  }
  return best.init;
}

export function printOptimizer(optimizer: Optimizer): string {
  const lr = `learning_rate: ${num(optimizer.learningRate)}`;
  switch (optimizer.kind) {
    case 'gradient_descent':
      return `gradient_descent(${lr})`;
    case 'momentum':
      return `momentum(${lr}, beta: ${num(optimizer.beta)})`;
    case 'adam':
      return `adam(${lr}, beta1: ${num(optimizer.beta1)}, beta2: ${num(optimizer.beta2)}, epsilon: ${num(optimizer.epsilon)})`;
  }
}

function printTraining(training: Training): string {
  const length = training.epochs !== null ? `epochs ${training.epochs}` : `iterations ${training.iterations}`;
  const batch = training.batchSize === null ? 'full' : String(training.batchSize);
  // shuffle_seed means nothing for full batches (the checker warns about it): print it only
  // where it matters or where it holds a value to keep.
  const shuffle = training.batchSize !== null || training.shuffleSeed !== 0 ? ` shuffle_seed ${training.shuffleSeed}` : '';
  return `${length} batch ${batch}${shuffle} report_every ${training.reportEvery}`;
}
