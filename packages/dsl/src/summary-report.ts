// The text `nnc check` prints for a valid model: a layer table, the settings, memory and FLOPs.
// Plain strings, no Node APIs: the CLI prints it and the playground shows it.
import type { ModelIR } from './model-ir.js';
import { printInit, printOptimizer } from './printer.js';
import type { ModelSummary } from './summary.js';

export function renderSummary(model: ModelIR, summary: ModelSummary): string {
  const rows = [
    ['layer', 'units', 'activation', 'W', 'b', 'parameters'],
    ['0 (input)', String(model.inputSize), '', '', '', ''],
    ...summary.layers.map((layer) => [
      String(layer.index),
      String(layer.units),
      layer.activation,
      `(${layer.weightShape.join(', ')})`,
      `(${layer.biasShape.join(', ')})`,
      count(layer.parameters),
    ]),
    ['total', '', '', '', '', count(summary.parameters)],
  ];
  const m = summary.examplesPerIteration;
  const bytes = summary.bytesPerScalar;
  const lines = [
    `model '${model.name}' (${model.source.file}) is valid`,
    '',
    ...table(rows, [false, true, false, false, false, true]),
    '',
    `loss ${model.loss}, optimizer ${printOptimizer(model.optimizer)}${model.l2 > 0 ? `, l2(lambda: ${model.l2})` : ''}`,
    `init ${inits(model)} seed ${model.seed}, precision ${model.precision}`,
    `training: ${trainingLength(model)}, ${model.training.batchSize === null ? 'full batch' : `batches of ${model.training.batchSize}`}, cost reported every ${reportInterval(model)}`,
    '',
    `memory (${model.precision}, ${bytes} bytes per number; ${count(summary.examples)} examples, ${count(m)} per iteration):`,
    ...table(
      [
        ['parameters', size(summary.parameterBytes)],
        ['gradients', size(summary.gradientBytes)],
        ['optimizer state', size(summary.optimizerStateBytes)],
        ['activations', size(summary.activationBytes)],
      ],
      [false, true],
    ).map((line) => `  ${line}`),
    '',
    `FLOPs per training iteration (${count(m)} examples):`,
    ...table(
      [
        ['forward', count(summary.flopsPerIteration.forward)],
        ['backward', count(summary.flopsPerIteration.backward)],
        ['update', count(summary.flopsPerIteration.update)],
        ['total', count(summary.flopsPerIteration.total)],
      ],
      [false, true],
    ).map((line) => `  ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `he`, or per layer `he, he, zeros` when the layers differ. */
function inits(model: ModelIR): string {
  const each = model.layers.map((layer) => printInit(layer.init));
  return new Set(each).size === 1 ? each[0] : each.join(', ');
}

function trainingLength(model: ModelIR): string {
  const { iterations, epochs } = model.training;
  return epochs !== null ? `${count(epochs)} epochs` : `${count(iterations ?? 0)} iterations`;
}

/** `report_every` counts in the model's unit: epochs for a model trained in epochs. */
function reportInterval(model: ModelIR): string {
  const every = model.training.reportEvery;
  const unit = model.training.epochs !== null ? 'epoch' : 'iteration';
  return `${count(every)} ${unit}${every === 1 ? '' : 's'}`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** `96,000 B (93.8 KiB)`. */
function size(bytesCount: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytesCount;
  let unit = '';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit === '' ? `${count(bytesCount)} B` : `${count(bytesCount)} B (${value.toFixed(1)} ${unit})`;
}

/** Columns padded to their widest cell; `right[i]` right-aligns column i. */
function table(rows: readonly string[][], right: readonly boolean[]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (right[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}
