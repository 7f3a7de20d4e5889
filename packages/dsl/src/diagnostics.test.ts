import { describe, expect, it } from 'vitest';
import { formatDiagnostic, formatReport, type Diagnostic } from './diagnostics.js';
import type { Span } from '@nnc/model/ir';

function span(startLine: number, startColumn: number, endLine: number, endColumn: number): Span {
  return { file: 'a.nn', startOffset: 0, endOffset: 0, startLine, startColumn, endLine, endColumn };
}

const TEXT = 'model a {\n  dense 4 sigmod\n\tloss mse\n}\n';

describe('formatDiagnostic', () => {
  it('prints location, code, message, the line, carets under the span and the help', () => {
    const d: Diagnostic = { code: 'NNC020', severity: 'error', message: "unknown activation 'sigmod'", span: span(2, 11, 2, 17), hint: "did you mean 'sigmoid'?" };
    expect(formatDiagnostic(d, TEXT)).toBe(
      [
        "a.nn:2:11: error NNC020: unknown activation 'sigmod'",
        '  2 |   dense 4 sigmod',
        '    |           ^^^^^^',
        "  help: did you mean 'sigmoid'?",
      ].join('\n'),
    );
  });

  it('keeps tabs so the carets line up, and shows one caret for an empty span', () => {
    const d: Diagnostic = { code: 'NNC021', severity: 'warning', message: 'm', span: span(3, 7, 3, 7) };
    expect(formatDiagnostic(d, TEXT)).toBe(['a.nn:3:7: warning NNC021: m', '  3 | \tloss mse', '    | \t     ^'].join('\n'));
  });

  it('underlines a multi-line span to the end of its first line and prints the note with its own frame', () => {
    const d: Diagnostic = {
      code: 'NNC014',
      severity: 'error',
      message: 'twice',
      span: span(2, 3, 4, 2),
      related: { message: 'first set here', span: span(1, 1, 1, 6) },
    };
    expect(formatDiagnostic(d, TEXT)).toBe(
      [
        'a.nn:2:3: error NNC014: twice',
        '  2 |   dense 4 sigmod',
        '    |   ^^^^^^^^^^^^^^',
        'a.nn:1:1: note: first set here',
        '  1 | model a {',
        '    | ^^^^^',
      ].join('\n'),
    );
  });
});

describe('formatReport', () => {
  it('separates diagnostics by blank lines and ends with the counts', () => {
    const error: Diagnostic = { code: 'NNC010', severity: 'error', message: 'e', span: span(1, 1, 1, 2) };
    const warning: Diagnostic = { ...error, code: 'NNC060', severity: 'warning', message: 'w' };
    expect(formatReport([error, error, warning], TEXT)).toBe(
      [
        'a.nn:1:1: error NNC010: e',
        '  1 | model a {',
        '    | ^',
        '',
        'a.nn:1:1: error NNC010: e',
        '  1 | model a {',
        '    | ^',
        '',
        'a.nn:1:1: warning NNC060: w',
        '  1 | model a {',
        '    | ^',
        '',
        '2 errors, 1 warning',
        '',
      ].join('\n'),
    );
    expect(formatReport([error], TEXT).endsWith('\n1 error\n')).toBe(true);
  });
});
