// Spans from Chevrotain tokens. Chevrotain's end offsets and columns are inclusive; Span is
// half-open (see model-ir.ts), so the ends move one past the last character.
import type { IToken } from 'chevrotain';
import type { Span } from '@nnc/model/ir';

export function tokenSpan(file: string, token: IToken): Span {
  return {
    file,
    startOffset: token.startOffset,
    endOffset: (token.endOffset ?? token.startOffset) + 1,
    startLine: token.startLine ?? 1,
    startColumn: token.startColumn ?? 1,
    endLine: token.endLine ?? token.startLine ?? 1,
    endColumn: (token.endColumn ?? token.startColumn ?? 1) + 1,
  };
}

/** The span from the start of `first` to the end of `last`. */
export function joinSpans(first: Span, last: Span): Span {
  return {
    file: first.file,
    startOffset: first.startOffset,
    endOffset: last.endOffset,
    startLine: first.startLine,
    startColumn: first.startColumn,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

/** Finds the line and column of offsets in one text (binary search over the line starts). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    // The lexer's line terminators: \n, \r\n and a lone \r.
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
    }
  }

  /** An empty span at `offset` (used for "expected X" where X is missing). */
  pointSpan(file: string, offset: number): Span {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    const line = low + 1;
    const column = offset - this.lineStarts[low] + 1;
    return { file, startOffset: offset, endOffset: offset, startLine: line, startColumn: column, endLine: line, endColumn: column };
  }
}
