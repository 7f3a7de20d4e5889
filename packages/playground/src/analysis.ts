/**
 * What the page shows about the source as it is typed: the real parser and checker's
 * diagnostics, and for a valid model `nnc check`'s summary and the equations it trains with.
 */
import { hasErrors, parseModel, renderSummary, summarize, type Diagnostic, type ModelIR } from '@nnc/dsl';
import type { ExplainFormat } from '@nnc/compiler/explain';
import { explainEquations } from './equations.js';

export interface Analysis {
  /** The checked model; null when there is an error. */
  readonly model: ModelIR | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: string;
  readonly equations: string;
}

export function analyse(text: string, file: string, examples: number, format: ExplainFormat = 'text'): Analysis {
  let parsed: ReturnType<typeof parseModel>;
  try {
    parsed = parseModel(text, file);
  } catch (error) {
    // The parser reports problems as diagnostics; anything thrown is a bug, shown rather than hidden.
    return { model: null, diagnostics: [], summary: `internal error: ${String(error)}`, equations: '' };
  }
  const { model, diagnostics } = parsed;
  if (model === null || hasErrors(diagnostics)) {
    const count = diagnostics.filter((d) => d.severity === 'error').length;
    const errors = `${count} error${count === 1 ? '' : 's'}: fix ${count === 1 ? 'it' : 'them'} to see`;
    return { model: null, diagnostics, summary: `${errors} the summary`, equations: `${errors} the equations` };
  }
  return { model, diagnostics, summary: renderSummary(model, summarize(model, Math.max(1, examples))), equations: explainEquations(model, format) };
}

/** `line 3, column 9: unknown activation 'tahn' (help: did you mean 'tanh'?)`. */
export function describeDiagnostic(d: Diagnostic): string {
  const where = `line ${d.span.startLine}, column ${d.span.startColumn}`;
  return `${d.severity} ${d.code} at ${where}: ${d.message}${d.hint !== undefined ? ` (help: ${d.hint})` : ''}`;
}
