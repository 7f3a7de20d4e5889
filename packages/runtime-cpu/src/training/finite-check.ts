/**
 * Finding NaN and infinities in parameters: training stops when a step makes a parameter
 * non-finite (the cost alone can miss it: ReLU turns NaN into 0), and such parameters are never
 * saved (JSON would quietly write them as null).
 */
import type { CompiledModel, CompiledModelAsync } from '@nnc/model';
import type { LayerParameters, OptimizerState } from '@nnc/model';

/**
 * The path of the first number in `value` that is not finite ('layers[1].W[2][0] is NaN'),
 * walking arrays and objects; null when every number is finite.
 */
export function firstNonFinite(value: unknown, path = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path || 'the value'} is ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      const found = firstNonFinite(entry, path === '' ? key : `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The first non-finite parameter or optimizer moment, or null. */
export function nonFiniteParameter(layers: readonly LayerParameters[], state: OptimizerState): string | null {
  return firstNonFinite({ layers, optimizerState: state });
}

/** Why training must stop when a step left a parameter or moment non-finite (a finite cost can hide it), or null. */
export async function nonFiniteStep(model: CompiledModel | CompiledModelAsync, iteration: number): Promise<string | null> {
  const where = nonFiniteParameter(await model.getParameters(), await model.getOptimizerState());
  return where === null ? null : `training diverged at iteration ${iteration}: ${where}; try a smaller learning rate`;
}

/** Refusal to write parameters that hold NaN or an infinity. */
export class NotFiniteError extends Error {
  override name = 'NotFiniteError';
  /** So that callers reporting file-system errors by code print the message. */
  readonly code = 'ERR_NNC_NOT_FINITE';
  constructor(
    readonly path: string,
    readonly where: string,
  ) {
    super(`refusing to write ${path}: ${where}; parameters must be finite numbers`);
  }
}
