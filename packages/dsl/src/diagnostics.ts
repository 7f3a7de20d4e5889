/**
 * Diagnostics: problems in a `.nn` file as values, and their printed form:
 *
 *   planar.nn:3:11: error NNC020: unknown activation 'sigmod'
 *     3 |   dense 4 sigmod
 *       |           ^^^^^^
 *     help: did you mean 'sigmoid'?
 */
import type { DiagnosticCode } from './diagnostic-codes.js';
import type { Span } from '@nnc/model/ir';

export type Severity = 'error' | 'warning';

/** A second place that explains the first, e.g. where a duplicated setting was first given. */
export interface RelatedSpan {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** How to fix it, when there is a clear fix. */
  readonly hint?: string;
  readonly related?: RelatedSpan;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Diagnostics in source order (stable for equal positions). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.startOffset - b.span.startOffset);
}

/** The diagnostic as text for a terminal: location, message, code frame, note and help. */
export function formatDiagnostic(diagnostic: Diagnostic, sourceText: string): string {
  const { span } = diagnostic;
  const lines = [`${location(span)}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`];
  lines.push(...codeFrame(span, sourceText));
  if (diagnostic.related) {
    lines.push(`${location(diagnostic.related.span)}: note: ${diagnostic.related.message}`);
    lines.push(...codeFrame(diagnostic.related.span, sourceText));
  }
  if (diagnostic.hint) lines.push(`  help: ${diagnostic.hint}`);
  return lines.join('\n');
}

/** Every diagnostic formatted, separated by blank lines, with a trailing newline. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sourceText: string): string {
  return diagnostics.map((d) => `${formatDiagnostic(d, sourceText)}\n`).join('\n');
}

/**
 * What `nnc check` prints for a file with problems: every diagnostic, then a count line such as
 * `3 errors, 1 warning`. The examples/invalid/*.expected files hold exactly this text.
 */
export function formatReport(diagnostics: readonly Diagnostic[], sourceText: string): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const counts = [plural(errors, 'error'), ...(warnings > 0 ? [plural(warnings, 'warning')] : [])];
  return `${formatDiagnostics(diagnostics, sourceText)}\n${counts.join(', ')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function location(span: Span): string {
  return `${span.file}:${span.startLine}:${span.startColumn}`;
}

/** The lines of the text last formatted: a report formats many diagnostics of one file. */
let lastSource: { readonly text: string; readonly lines: readonly string[] } | null = null;

function sourceLines(text: string): readonly string[] {
  if (lastSource?.text !== text) lastSource = { text, lines: text.split(/\r?\n|\r/) };
  return lastSource.lines;
}

/** The span's first line with a gutter, and carets under the part of it the span covers. */
function codeFrame(span: Span, sourceText: string): string[] {
  const lineText = sourceLines(sourceText)[span.startLine - 1] ?? '';
  const lastColumn = span.endLine === span.startLine ? span.endColumn : lineText.length + 1;
  const width = Math.max(1, lastColumn - span.startColumn);
  const gutter = String(span.startLine);
  const blank = ' '.repeat(gutter.length);
  // Keep tabs as tabs so the carets line up under the same characters.
  const indent = lineText
    .slice(0, span.startColumn - 1)
    .split('').map((c) => (c === '\t' ? '\t' : ' ')).join('');
  return [`  ${gutter} | ${lineText}`, `  ${blank} | ${indent}${'^'.repeat(width)}`];
}
