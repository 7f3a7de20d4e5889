/**
 * The parts of a generated module that do not depend on the schedule's kernels: the exported
 * API types (structurally equal to model-api.ts and the parameters format, since generated code
 * imports nothing), the array helpers, and the op helpers the kernels used.
 */
import {
  StructureKind,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type TypeAliasDeclarationStructure,
} from 'ts-morph';
import { HELPERS, type HelperName } from './spelling.js';

type Property = OptionalKind<PropertySignatureStructure>;

const prop = (name: string, type: string, docs?: string, hasQuestionToken = false): Property => ({
  name,
  type,
  isReadonly: true,
  hasQuestionToken,
  docs: docs === undefined ? [] : [docs],
});

function exportedInterface(name: string, properties: Property[], docs: string): InterfaceDeclarationStructure {
  return { kind: StructureKind.Interface, name, isExported: true, properties, docs: [docs] };
}

export function apiTypes(): (TypeAliasDeclarationStructure | InterfaceDeclarationStructure)[] {
  return [
    { kind: StructureKind.TypeAlias, name: 'FloatArray', isExported: true, type: 'Float32Array | Float64Array' },
    exportedInterface('LayerParameters', [prop('W', 'number[][]', '(units[l], units[l-1]) as rows.'), prop('b', 'number[]')], 'One layer of the parameters file.'),
    exportedInterface(
      'OptimizerState',
      [prop('step', 'number', 'Optimizer steps taken so far.'), prop('slots', 'Record<string, number[][] | number[]>', 'vW1, sW1, ...: matrices as rows, vectors flat.')],
      'Optimizer moments and step count, as in the parameters file.',
    ),
    exportedInterface(
      'Standardization',
      [prop('mean', 'number[]'), prop('std', 'number[]')],
      'Feature standardisation x\' = (x - mean) / std, one entry per feature, as in the parameters file.',
    ),
    exportedInterface(
      'ParametersFile',
      [
        prop('format', "'nnc-parameters'"),
        prop('version', '1'),
        prop('model', 'string', 'The model\'s name.'),
        prop('sourceSha256', 'string'),
        prop('layers', 'LayerParameters[]'),
        prop('standardization', 'Standardization | null'),
        prop('training', '{ readonly iterations: number; readonly cost: number } | null'),
        prop('optimizerState', 'OptimizerState | null'),
        prop('labels', '{ readonly name: string; readonly classes: string[] | null } | null', 'The label column and the class of each output row.', true),
        prop('features', 'string[] | null', 'The input features by name, in the order of X\'s rows.', true),
      ],
      'A weights file as `nnc train --save` writes it (JSON.parse of its text).',
    ),
    exportedInterface(
      'Prediction',
      [
        prop('probabilities', 'FloatArray', 'A[L], (n_L, m) row-major: probabilities of a classifier, outputs of a regression.'),
        prop('classes', 'string[] | null', 'The class of each example (named where the weights file names them); null for a regression.'),
      ],
      'What `predict` returns.',
    ),
    exportedInterface('ReportEvent', [prop('iteration', 'number'), prop('cost', 'number')], 'A cost report: steps taken before it, and the cost of the batch about to be used.'),
    exportedInterface(
      'TrainOptions',
      [
        prop('iterations', 'number', undefined, true),
        prop('reportEvery', 'number', undefined, true),
        prop('onReport', '(event: ReportEvent) => void | boolean', 'Returning false stops training before the reported step.', true),
      ],
      'Overrides of the model\'s training settings.',
    ),
    exportedInterface('TrainResult', [prop('costs', 'ReportEvent[]'), prop('iterations', 'number'), prop('finalCost', 'number')], 'What `train` returns.'),
    exportedInterface('Gradients', [prop('dW', 'FloatArray[]'), prop('db', 'FloatArray[]')], 'dW[l-1] row-major (units[l], units[l-1]); db[l-1] units[l] entries.'),
  ];
}

function fn(name: string, params: [string, string][], returnType: string, statements: string[], docs: string, isExported = false): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name,
    isExported,
    parameters: params.map(([p, type]) => ({ name: p, type })),
    returnType,
    statements,
    docs: [docs],
  };
}

/**
 * The array helpers. `inputSize` is the model's n_x: `fromRows` checks that every row has that many
 * features, all finite numbers (checkVector of the pasted API checks). The copy helpers run only
 * after the API checks have accepted the whole of their argument.
 */
export function arrayHelpers(arrayType: string, inputSize: number): FunctionDeclarationStructure[] {
  return [
    fn(
      'fromRows',
      [['rows', 'readonly (readonly number[])[]']],
      'Float64Array',
      [
        `const n = ${inputSize};`,
        "if (!Array.isArray(rows)) throw new RangeError(`rows must be an array of examples, got ${describeValue(rows)}`);",
        'const m = rows.length;',
        "for (let j = 0; j < m; j++) checkVector(rows[j], n, `row ${j}`);",
        'const out = new Float64Array(n * m);',
        'for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) out[i * m + j] = rows[j][i];',
        'return out;',
      ],
      'Converts one example per row (n_x features each) into the (features, m) layout, one example per column.',
      true,
    ),
    fn(
      'toRows',
      [['flat', arrayType], ['rows', 'number'], ['cols', 'number']],
      'number[][]',
      ['return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));'],
      'A row-major matrix as an array of rows.',
    ),
    fn(
      'copyRows',
      [['target', arrayType], ['matrix', 'readonly (readonly number[])[]'], ['cols', 'number']],
      'void',
      ['matrix.forEach((row, r) => target.set(row, r * cols));'],
      'Copies an array of rows (already checked) into a row-major matrix.',
    ),
  ];
}

/**
 * Buffers kept per batch size m, at most `capacity` sizes: the least recently used is dropped
 * when a new one comes. Training touches at most three sizes (the batch, the short last batch,
 * and m for the final cost), so it allocates nothing after its first epoch.
 */
export const BY_BATCH_SIZE_CLASS = `/** Values per batch size, keeping the \`capacity\` most recently used (no allocation on a hit). */
class ByBatchSize<T> {
  private readonly sizes: number[] = [];
  private readonly values: T[] = [];
  private readonly lastUse: number[] = [];
  private clock = 0;

  constructor(private readonly capacity: number) {}

  /** How many sizes are kept. */
  get size(): number {
    return this.sizes.length;
  }

  /** The value for size m, marked as just used; undefined when none is kept. */
  get(m: number): T | undefined {
    for (let k = 0; k < this.sizes.length; k++) {
      if (this.sizes[k] === m) {
        this.lastUse[k] = ++this.clock;
        return this.values[k];
      }
    }
    return undefined;
  }

  /** Keeps \`value\` for size m, in place of the least recently used size when full. */
  set(m: number, value: T): void {
    let slot = this.sizes.length;
    if (slot >= this.capacity) {
      slot = 0;
      for (let k = 1; k < this.sizes.length; k++) if (this.lastUse[k] < this.lastUse[slot]) slot = k;
    }
    this.sizes[slot] = m;
    this.values[slot] = value;
    this.lastUse[slot] = ++this.clock;
  }
}
`;

export function opHelpers(used: ReadonlySet<HelperName>): FunctionDeclarationStructure[] {
  return (Object.keys(HELPERS) as HelperName[])
    .filter((name) => used.has(name))
    .map((name) => {
      const helper = HELPERS[name];
      return fn(name, helper.params.map((p) => [p, 'number']), 'number', [helper.body], 'doc' in helper ? helper.doc : `${name} of one element.`);
    });
}
