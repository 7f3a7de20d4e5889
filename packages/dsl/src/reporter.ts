// Collects the diagnostics of one run, so that every check can report and carry on.
import type { DiagnosticCode } from './diagnostic-codes.js';
import type { Diagnostic, RelatedSpan } from './diagnostics.js';
import type { Span } from '@nnc/model/ir';

export interface Extras {
  readonly hint?: string;
  readonly related?: RelatedSpan;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, span: Span, extras: Extras = {}): void {
    this.diagnostics.push({ code, severity: 'error', message, span, ...extras });
  }

  warning(code: DiagnosticCode, message: string, span: Span, extras: Extras = {}): void {
    this.diagnostics.push({ code, severity: 'warning', message, span, ...extras });
  }
}
