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

export function arrayHelpers(arrayType: string): FunctionDeclarationStructure[] {
  return [
    fn(
      'fromRows',
      [['rows', 'number[][]']],
      'Float64Array',
      [
        'const m = rows.length;',
        'const n = m === 0 ? 0 : rows[0].length;',
        'const out = new Float64Array(n * m);',
        'for (let j = 0; j < m; j++) {\n  for (let i = 0; i < n; i++) out[i * m + j] = rows[j][i];\n}\nreturn out;',
      ],
      'Converts one example per row into the (features, m) layout, one example per column.',
      true,
    ),
    fn(
      'checkData',
      [['data', 'FloatArray'], ['rows', 'number'], ['m', 'number'], ['name', 'string']],
      'void',
      [
        'if (!Number.isInteger(m) || m < 1) throw new RangeError(`m must be a positive integer, got ${m}`);',
        'if (data.length !== rows * m) throw new RangeError(`${name} must hold ${rows} x ${m} numbers, got ${data.length}`);',
      ],
      'Throws unless `data` holds a (rows, m) matrix.',
    ),
    fn(
      'toRows',
      [['flat', arrayType], ['rows', 'number'], ['cols', 'number']],
      'number[][]',
      ['return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));'],
      'A row-major matrix as an array of rows.',
    ),
    fn(
      'setRows',
      [['target', arrayType], ['matrix', 'readonly (readonly number[])[]'], ['rows', 'number'], ['cols', 'number'], ['name', 'string']],
      'void',
      [
        'if (matrix.length !== rows || matrix.some((row) => row.length !== cols)) {\n  throw new RangeError(`${name} must be ${rows} rows of ${cols} numbers`);\n}\nmatrix.forEach((row, r) => target.set(row, r * cols));',
      ],
      'Copies an array of rows into a row-major matrix after checking its shape.',
    ),
    fn(
      'setVector',
      [['target', arrayType], ['values', 'readonly number[]'], ['name', 'string']],
      'void',
      ['if (values.length !== target.length) throw new RangeError(`${name} must have ${target.length} numbers`);', 'target.set(values);'],
      'Copies a vector after checking its length.',
    ),
  ];
}

export function opHelpers(used: ReadonlySet<HelperName>): FunctionDeclarationStructure[] {
  return (Object.keys(HELPERS) as HelperName[])
    .filter((name) => used.has(name))
    .map((name) => {
      const helper = HELPERS[name];
      return fn(name, helper.params.map((p) => [p, 'number']), 'number', [helper.body], 'doc' in helper ? helper.doc : `${name} of one element.`);
    });
}
