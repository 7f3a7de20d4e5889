/**
 * `@nnc/compiler/explain`: the equations a model trains with, read from the compiler's own graph
 * after every graph pass (simplified, loss stabilised, optimizer added), so that they are what
 * the generated code computes. Pure and browser-safe (no node: imports): the CLI's `nnc explain`
 * and the web playground call the same function.
 *
 *   explainModel(model)                          plain text, one equation a line with its shape
 *   explainModel(model, { format: 'markdown' })  sections and a list of code spans
 *   explainModel(model, { format: 'latex' })     one KaTeX-renderable `aligned` block
 *   withSource: true                             each equation names its .nn line
 *   sourceName                                   the file name to print (default: the spans')
 */
import type { ModelIR, Span } from '@nnc/dsl/ir';
import type { Shape } from '../ir/graph.js';
import { compileGraphs } from '../pipeline.js';
import { graphEquations, type Equation, type Legend, type Section } from './graph-equations.js';
import { renderExpr, type MathFormat } from './math.js';

export type ExplainFormat = 'text' | 'markdown' | 'latex';
export const EXPLAIN_FORMATS: readonly ExplainFormat[] = ['text', 'markdown', 'latex'];

export interface ExplainOptions {
  readonly format?: ExplainFormat;
  readonly withSource?: boolean;
  readonly sourceName?: string;
}

export { graphEquations, type Equation, type Section } from './graph-equations.js';

export function explainModel(model: ModelIR, options: ExplainOptions = {}): string {
  const sections = graphEquations(compileGraphs(model)['add-optimizer'], model);
  const context: Context = { model, withSource: options.withSource === true, sourceName: options.sourceName };
  switch (options.format ?? 'text') {
    case 'text':
      return explainText(sections, context);
    case 'markdown':
      return explainMarkdown(sections, context);
    case 'latex':
      return explainLatex(sections, context);
  }
}

interface Context {
  readonly model: ModelIR;
  readonly withSource: boolean;
  readonly sourceName: string | undefined;
}

const TITLES: Record<Section['name'], string> = {
  'forward pass': 'Forward pass',
  cost: 'Cost',
  'backward pass': 'Backward pass',
  update: 'Update',
};

function explainText(sections: readonly Section[], context: Context): string {
  const rows = sections.flatMap((section) => section.equations.map((eq) => [equationText(eq, 'text'), shapeText(eq.shape), source(eq.span, context)]));
  const width = Math.max(0, ...rows.map((r) => r[0].length));
  const shapeWidth = Math.max(0, ...rows.map((r) => r[1].length));
  const lines = [
    `${printable(context.model.name)} (${fileName(context)}): what the generated code computes, one equation a line`,
    'shapes are (rows, columns), m the number of examples; * multiplies elementwise, juxtaposition is',
    'the matrix product (or a scalar factor), ^T transposes, := overwrites a parameter or optimizer moment',
  ];
  for (const section of sections) {
    if (section.equations.length === 0) continue;
    lines.push('', `${section.name}${legendText(section.legend, 'text', ', with ')}`);
    for (const eq of section.equations) {
      const shape = shapeText(eq.shape);
      const where = source(eq.span, context);
      const line = `  ${equationText(eq, 'text').padEnd(width)}   ${where === '' ? shape : `${shape.padEnd(shapeWidth)}   # ${where}`}`;
      lines.push(line.trimEnd());
    }
  }
  return `${lines.join('\n')}\n`;
}

function explainMarkdown(sections: readonly Section[], context: Context): string {
  const lines = [
    `# ${markdownText(printable(context.model.name))}: forward pass, backward pass and update`,
    '',
    `What the code generated from ${code(fileName(context))} computes, one equation a line with its shape`,
    '(rows, columns), m the number of examples. `*` multiplies elementwise, juxtaposition is the matrix',
    'product (or a scalar factor), `^T` transposes, `:=` overwrites a parameter or optimizer moment.',
  ];
  for (const section of sections) {
    if (section.equations.length === 0) continue;
    lines.push('', `## ${TITLES[section.name]}`, '');
    if (section.legend.length > 0) lines.push(`With ${section.legend.map((l) => code(legendEntry(l, 'text'))).join(', ')}.`, '');
    for (const eq of section.equations) {
      const where = source(eq.span, context);
      lines.push(`- ${code(equationText(eq, 'text'))} ${shapeText(eq.shape)}${where === '' ? '' : `, ${code(where)}`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function explainLatex(sections: readonly Section[], context: Context): string {
  const lines = ['\\begin{aligned}', `&\\textbf{${latexText(printable(context.model.name))}} && \\text{${latexText(fileName(context))}} \\\\`];
  for (const section of sections) {
    if (section.equations.length === 0) continue;
    const legend = legendText(section.legend, 'latex', '');
    lines.push(`&\\textbf{${TITLES[section.name]}}${legend === '' ? '' : ` && ${legend}`} \\\\`);
    for (const eq of section.equations) {
      const assign = eq.assign === ':=' ? '\\coloneqq' : '=';
      const shape = eq.shape.length === 0 ? '\\text{scalar}' : `(${eq.shape.join(', ')})`;
      const where = source(eq.span, context);
      const tail = where === '' ? '' : ` && \\text{${latexText(where)}}`;
      lines.push(`${renderExpr(eq.lhs, 'latex')} &${assign} ${renderExpr(eq.rhs, 'latex')} && ${shape}${tail} \\\\`);
    }
  }
  lines.push('\\end{aligned}');
  return `${lines.join('\n')}\n`;
}

function equationText(eq: Equation, format: MathFormat): string {
  return `${renderExpr(eq.lhs, format)} ${eq.assign} ${renderExpr(eq.rhs, format)}`;
}

function legendEntry(entry: Legend, format: MathFormat): string {
  return `${renderExpr(entry.symbol, format)} = ${renderExpr(entry.meaning, format)}`;
}

function legendText(legend: readonly Legend[], format: MathFormat, lead: string): string {
  if (legend.length === 0) return '';
  return `${lead}${legend.map((l) => legendEntry(l, format)).join(format === 'latex' ? ',\\ ' : ', ')}`;
}

function shapeText(shape: Shape): string {
  return shape.length === 0 ? 'scalar' : `(${shape.join(', ')})`;
}

function fileName(context: Context): string {
  return printable(context.sourceName ?? context.model.source.file);
}

/** A file name on one line: control characters and line separators as escapes (`\n`, `\u2028`). */
function printable(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `planar.nn:4 dense 4 tanh`: the file, the line and the start of the statement. */
function source(span: Span | null, context: Context): string {
  if (!context.withSource || span === null) return '';
  const statement = context.model.source.text.slice(span.startOffset, span.endOffset).split('\n')[0].trim().replace(/\s+/g, ' ');
  return `${printable(context.sourceName ?? span.file)}:${span.startLine}${statement === '' ? '' : ` ${printable(statement)}`}`;
}

/** A Markdown code span that holds any text (a fence longer than its longest run of backticks). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}

function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** User text inside LaTeX `\text{...}`: every special character escaped. */
export function latexText(text: string): string {
  const map: Record<string, string> = {
    '\\': '\\textbackslash{}',
    '{': '\\{',
    '}': '\\}',
    $: '\\$',
    '&': '\\&',
    '#': '\\#',
    '^': '\\textasciicircum{}',
    _: '\\_',
    '%': '\\%',
    '~': '\\textasciitilde{}',
  };
  return text.replace(/[\\{}$&#^_%~]/g, (c) => map[c]);
}
