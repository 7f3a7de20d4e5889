/**
 * Reading and writing the parameters file (format in @nnc/dsl/ir parameters.ts). Reading checks
 * the shapes against the model with validateParameters and returns every problem as a message
 * naming the file (and line:column for JSON syntax errors); writing is atomic.
 */
import { readFileSync } from 'node:fs';
import type { ModelMeta } from '@nnc/compiler';
import {
  PARAMETERS_FORMAT,
  PARAMETERS_VERSION,
  validateParameters,
  type LayerParameters,
  type OptimizerState,
  type ParametersFile,
  type Standardization,
} from '@nnc/dsl/ir';
import { writeFileAtomic } from '../atomic-write.js';
import { firstNonFinite, NotFiniteError } from './finite-check.js';
import { checkParametersFields } from './parameters-check.js';

export type ParametersResult =
  | { readonly ok: true; readonly parameters: ParametersFile; readonly warnings: string[] }
  | { readonly ok: false; readonly errors: string[] };

export interface ParametersContent {
  readonly layers: LayerParameters[];
  readonly standardization?: Standardization | null;
  readonly training?: ParametersFile['training'];
  readonly optimizerState?: OptimizerState | null;
  readonly labels?: ParametersFile['labels'];
  readonly features?: ParametersFile['features'];
}

export function makeParametersFile(meta: Pick<ModelMeta, 'name' | 'sourceSha256'>, content: ParametersContent): ParametersFile {
  return {
    format: PARAMETERS_FORMAT,
    version: PARAMETERS_VERSION,
    model: meta.name,
    sourceSha256: meta.sourceSha256,
    layers: content.layers,
    standardization: content.standardization ?? null,
    training: content.training ?? null,
    optimizerState: content.optimizerState ?? null,
    ...(content.labels ? { labels: content.labels } : {}),
    ...(content.features ? { features: content.features } : {}),
  };
}

/**
 * JSON with two-space indentation and a final newline, written atomically. Parameters holding
 * NaN or an infinity (JSON would write them as null) are refused: NotFiniteError, nothing written.
 */
export function writeParametersFile(path: string, parameters: ParametersFile): void {
  const where = firstNonFinite(parameters);
  if (where !== null) throw new NotFiniteError(path, where);
  writeFileAtomic(path, `${JSON.stringify(parameters, null, 2)}\n`);
}

export function readParametersFile(path: string, sizes: readonly number[], expectedSha256?: string, expectedName?: string): ParametersResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the parameters file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  return parseParametersFile(text, path, sizes, expectedSha256, expectedName);
}

/**
 * Parses and validates a parameters file for a network of `sizes` (input size, then each layer's
 * units). A different `sourceSha256` than `expectedSha256` is a warning (weights trained from
 * another version of the model source), not an error.
 */
export function parseParametersFile(
  text: string,
  file: string,
  sizes: readonly number[],
  expectedSha256?: string,
  expectedName?: string,
): ParametersResult {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, errors: [`${file}${jsonErrorLocation(text, (error as Error).message)}: not valid JSON (${(error as Error).message})`] };
  }
  const shapes = validateParameters(value, sizes).map((p) => `${p} (model sizes ${sizes.join('-')})`);
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const problems = [...shapes, ...(isObject ? checkParametersFields(value as Record<string, unknown>, sizes) : [])];
  if (problems.length > 0) {
    // Whose the file is comes first: the name and sizes it records, when they are another model's.
    const recorded = isObject ? recordedSizes(value as Record<string, unknown>) : null;
    if (recorded !== null && recorded.join('-') !== sizes.join('-')) {
      const recordedName = (value as Record<string, unknown>).model;
      const name = typeof recordedName === 'string' ? `model '${recordedName}'` : 'a model';
      const ours = expectedName === undefined ? `a ${sizes.join('-')} network` : `model '${expectedName}' (${sizes.join('-')})`;
      const whose =
        recordedName === expectedName
          ? `${file} holds the parameters of model '${expectedName}' as it was (${recorded.join('-')}); its layers are now ${sizes.join('-')}`
          : `${file} holds the parameters of ${name} (${recorded.join('-')}), not of ${ours}`;
      const details = problems.slice(0, DETAILS).map((p) => `${file}: ${p}`);
      const more = problems.length > DETAILS ? [`${file}: ... and ${problems.length - DETAILS} more differences`] : [];
      return { ok: false, errors: [whose, ...details, ...more] };
    }
    return { ok: false, errors: problems.map((p) => `${file}: ${p}`) };
  }
  const parameters = value as ParametersFile;
  const warnings: string[] = [];
  if (expectedSha256 !== undefined && parameters.sourceSha256 !== expectedSha256) {
    warnings.push(`${file}: these parameters were trained from a different version of the model source (sha256 ${parameters.sourceSha256.slice(0, 12)}...)`);
  }
  return {
    ok: true,
    parameters: {
      ...parameters,
      standardization: parameters.standardization ?? null,
      training: parameters.training ?? null,
      optimizerState: parameters.optimizerState ?? null,
    },
    warnings,
  };
}

/** Shape problems listed after the line saying whose a file is. */
const DETAILS = 3;

/** The sizes (input, then each layer's units) that a file's layers record, or null when they are not well formed. */
export function recordedSizes(file: Record<string, unknown>): number[] | null {
  const layers = file.layers;
  if (!Array.isArray(layers) || layers.length === 0) return null;
  const sizes: number[] = [];
  for (const layer of layers as unknown[]) {
    const W = (layer as { W?: unknown } | null)?.W;
    if (!Array.isArray(W) || W.length === 0 || !Array.isArray(W[0])) return null;
    if (sizes.length === 0) sizes.push((W[0] as unknown[]).length);
    else if ((W[0] as unknown[]).length !== sizes[sizes.length - 1]) return null;
    sizes.push(W.length);
  }
  return sizes;
}

/** ":line:column" from a JSON.parse message that names a position, or "". */
function jsonErrorLocation(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (match === null) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}
