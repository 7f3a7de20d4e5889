/**
 * The whole front end: text -> tokens -> CST -> AST -> checked ModelIR, collecting the
 * diagnostics of every stage. Never throws on any input; only a bug in nnc can throw.
 */
import type { ILexingError } from 'chevrotain';
import { checkFile } from './check.js';
import { cstToAst } from './cst-to-ast.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { ModelIR, Span } from '@nnc/model/ir';
import { parseTokens, type ParseError } from './parser.js';
import { LineIndex, tokenSpan } from './span.js';
import { nnLexer } from './tokens.js';

export interface ParsedModel {
  /** The model, or null when any error was reported (warnings alone keep it). */
  readonly model: ModelIR | null;
  /** Every error and warning, in source order. */
  readonly diagnostics: Diagnostic[];
}

export function parseModel(text: string, file: string): ParsedModel {
  const lexed = nnLexer.tokenize(text);
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((error) => lexDiagnostic(error, text, file, lines));

  const parsed = parseTokens(lexed.tokens);
  const reported = new Set<string>();
  for (const error of parsed.errors) {
    const span = syntaxErrorSpan(error, text, file, lines);
    const key = `${span.startOffset}:${error.message}`;
    if (reported.has(key)) continue;
    reported.add(key);
    diagnostics.push({ code: 'NNC002', severity: 'error', message: error.message, span });
  }

  const checked = checkFile(cstToAst(parsed.cst, file), { file, text }, diagnostics.length > 0);
  diagnostics.push(...checked.diagnostics);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return { model: failed ? null : checked.model, diagnostics: sortDiagnostics(diagnostics) };
}

function lexDiagnostic(error: ILexingError, text: string, file: string, lines: LineIndex): Diagnostic {
  const start = lines.pointSpan(file, error.offset);
  const span: Span = { ...start, endOffset: error.offset + error.length, endColumn: start.startColumn + error.length };
  const characters = text.slice(error.offset, error.offset + error.length);
  const message = `unexpected character${error.length > 1 ? 's' : ''} '${characters}'`;
  return { code: 'NNC001', severity: 'error', message, span, hint: 'names are letters, digits and _; comments start with #' };
}

/**
 * Where "expected X, found Y" points: at Y, unless X is missing and Y is the end of the file or
 * sits on a later line than the token before it; then just after that token, where X belongs.
 */
function syntaxErrorSpan(error: ParseError, text: string, file: string, lines: LineIndex): Span {
  const { token, previous } = error;
  const atEnd = Number.isNaN(token.startOffset) || token.image === '';
  if (previous && error.missing && (atEnd || (token.startLine ?? 0) > (previous.endLine ?? 0))) {
    return lines.pointSpan(file, (previous.endOffset ?? previous.startOffset) + 1);
  }
  if (atEnd) return lines.pointSpan(file, text.length);
  return tokenSpan(file, token);
}
