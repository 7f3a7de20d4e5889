/**
 * The parts of a parameters file (or checkpoint) that validateParameters (@nnc/dsl/ir: format,
 * layers, standardisation) leaves: the model's name and source hash, the training record, the
 * optimizer state, the labels and the feature names. Together they validate the whole file
 * before any of it is used; each problem names the JSON field. The optimizer state is checked
 * with the model API's own checks (api-checks.ts), so a file accepted here is one that every
 * backend's setOptimizerState accepts.
 */
import { checkOptimizerState, type SlotShape } from '@nnc/compiler/api-checks';
import type { OptimizerState } from '@nnc/dsl/ir';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Problems of the fields besides layers and standardization, for a network of `sizes`. */
export function checkParametersFields(file: Record<string, unknown>, sizes: readonly number[]): string[] {
  const problems: string[] = [];
  if (typeof file.model !== 'string') problems.push('"model" must be the model\'s name (a string)');
  if (typeof file.sourceSha256 !== 'string') problems.push('"sourceSha256" must be the sha256 of the model source (a string)');
  const training = file.training;
  if (training !== null && training !== undefined) {
    if (!isObject(training)) problems.push('"training" must be null or { "iterations": n, "cost": c }');
    else {
      if (!isCount(training.iterations)) problems.push('training.iterations must be a whole number of at least 0');
      if (typeof training.cost !== 'number' || !Number.isFinite(training.cost)) problems.push('training.cost must be a finite number');
      if (training.partial !== undefined && typeof training.partial !== 'boolean') problems.push('training.partial must be true or false');
    }
  }
  const state = file.optimizerState;
  if (state !== null && state !== undefined) problems.push(...optimizerStateProblems(state, sizes));
  const labels = file.labels;
  if (labels !== null && labels !== undefined) problems.push(...labelsProblems(labels, sizes[sizes.length - 1]));
  const features = file.features;
  if (features !== null && features !== undefined) problems.push(...namesProblems(features, sizes[0], 'features', 'feature names'));
  return problems;
}

/** The moment buffers of momentum ('v') or Adam ('v' and 's') for a network of `sizes`. */
export function optimizerSlots(moments: readonly ('v' | 's')[], sizes: readonly number[]): SlotShape[] {
  return moments.flatMap((moment) =>
    sizes.slice(1).flatMap((rows, i): SlotShape[] => [
      { name: `${moment}W${i + 1}`, rows, cols: sizes[i], nonNegative: moment === 's' },
      { name: `${moment}b${i + 1}`, rows, cols: null, nonNegative: moment === 's' },
    ]),
  );
}

function optimizerStateProblems(state: unknown, sizes: readonly number[]): string[] {
  if (!isObject(state)) return ['"optimizerState" must be null or { "step": t, "slots": { ... } }'];
  if (!isObject(state.slots)) return ['optimizerState.slots must be an object of moment buffers ({} for gradient descent)'];
  // Which optimizer wrote it: none (gradient descent), momentum (v...) or Adam (v... and s...).
  const names = Object.keys(state.slots);
  const moments: ('v' | 's')[] = names.some((name) => name.startsWith('s')) ? ['v', 's'] : names.length > 0 ? ['v'] : [];
  try {
    checkOptimizerState(state as unknown as OptimizerState, optimizerSlots(moments, sizes));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = error.message
      .replace(/^the optimizer state step/, 'optimizerState.step')
      .replace(/^the optimizer state (lacks|has)/, 'optimizerState.slots $1')
      .replace(/^slot (\w+)/, 'optimizerState.slots.$1');
    return [field];
  }
  return [];
}

function labelsProblems(labels: unknown, outputs: number): string[] {
  if (!isObject(labels)) return ['"labels" must be null or { "name": label, "classes": [...] | null }'];
  const problems: string[] = [];
  if (typeof labels.name !== 'string') problems.push('labels.name must be the label column\'s name (a string)');
  // One class per output row, or for a single (sigmoid) output the names of classes 0 and 1.
  const classes = labels.classes;
  if (classes !== null && classes !== undefined) {
    const count = outputs === 1 && Array.isArray(classes) && classes.length === 2 ? 2 : outputs;
    problems.push(...namesProblems(classes, count, 'labels.classes', 'class names'));
  }
  return problems;
}

/** `value` is `count` distinct strings. */
function namesProblems(value: unknown, count: number, field: string, what: string): string[] {
  if (!Array.isArray(value) || value.length !== count || value.some((name) => typeof name !== 'string')) {
    return [`${field} must be ${count} ${what} (strings), one per ${field === 'features' ? 'input' : 'output'} of the model`];
  }
  const seen = new Set<string>();
  const twice = (value as string[]).find((name) => seen.size === seen.add(name).size);
  return twice === undefined ? [] : [`${field} names '${twice}' twice`];
}
