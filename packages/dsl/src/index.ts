import { KEYWORDS } from './tokens.js';

export * from './ir.js';
export { parseModel, type ParsedModel } from './parse-model.js';
export { formatDiagnostic, formatDiagnostics, formatReport, hasErrors, type Diagnostic, type RelatedSpan, type Severity } from './diagnostics.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic-codes.js';
export { printInit, printModel, printOptimizer } from './printer.js';
export { summarize, type LayerSummary, type ModelSummary } from './summary.js';
export { renderSummary } from './summary-report.js';
/** The reserved words of the .nn language (`model`, `dense`, ...): not usable as names. */
export const KEYWORD_WORDS: readonly string[] = KEYWORDS.map((token) => token.name.replace(/^Keyword_/, ''));
