/**
 * CSV records read in chunks, so that a file of any size is read in bounded memory: RFC 4180
 * fields (quoted fields may hold the delimiter, quotes written twice, and line breaks), lines
 * ending in LF, CRLF or CR, a leading byte-order mark skipped, the delimiter (comma, semicolon or
 * tab) detected from the header line. Every record carries the line it starts on; a quoted
 * field left open at the end of the file is a problem of that record.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface CsvRecord {
  readonly cells: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
  /** What is malformed in the record (a quote left open, text after a closing quote), or null. */
  readonly problem: string | null;
}

/** Where the text comes from: a file read in chunks, or a string. */
interface TextSource {
  /** The next piece of text; null at the end. */
  next(): string | null;
  /** Bytes (file) or characters (string) consumed so far. */
  readonly position: number;
  readonly size: number;
  close(): void;
}

const CHUNK_BYTES = 1 << 20;

function fileSource(path: string, chunkBytes: number): TextSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const buffer = Buffer.allocUnsafe(chunkBytes);
  // Decodes UTF-8 across chunk boundaries; a leading byte-order mark is dropped.
  const decoder = new TextDecoder('utf-8');
  let position = 0;
  let done = false;
  return {
    get position() {
      return position;
    },
    size,
    next() {
      if (done) return null;
      const count = readSync(fd, buffer, 0, chunkBytes, null);
      position += count;
      if (count === 0) {
        done = true;
        const rest = decoder.decode();
        return rest === '' ? null : rest;
      }
      return decoder.decode(buffer.subarray(0, count), { stream: true });
    },
    close: () => closeSync(fd),
  };
}

function textSource(text: string): TextSource {
  let given = false;
  return {
    get position() {
      return given ? text.length : 0;
    },
    size: text.length,
    next() {
      if (given) return null;
      given = true;
      return text.startsWith('\uFEFF') ? text.slice(1) : text;
    },
    close: () => {},
  };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
export const DELIMITERS = [',', ';', '\t'] as const;

export class CsvRecords {
  private buffer = '';
  private offset = 0;
  private ended = false;
  private line = 1;
  private delimiterCode = -1;

  private constructor(private readonly source: TextSource) {}

  /** Opens `path` (file-system errors are thrown as they are); `chunkBytes` is for tests of chunk boundaries. */
  static fromFile(path: string, chunkBytes = CHUNK_BYTES): CsvRecords {
    return new CsvRecords(fileSource(path, chunkBytes));
  }

  static fromText(text: string): CsvRecords {
    return new CsvRecords(textSource(text));
  }

  /** Bytes read so far and the file's size (characters for a string), for progress. */
  get position(): number {
    return this.source.position;
  }

  get size(): number {
    return this.source.size;
  }

  /** The delimiter, known once the first record is read. */
  get delimiter(): string {
    return this.delimiterCode < 0 ? ',' : String.fromCharCode(this.delimiterCode);
  }

  close(): void {
    this.source.close();
  }

  /** The next record, or null at the end of the text. */
  next(): CsvRecord | null {
    for (;;) {
      if (this.offset >= this.buffer.length && !this.fill()) return null;
      if (this.delimiterCode < 0) this.detectDelimiter();
      const record = this.parseRecord();
      if (record !== null) return record;
      // The record runs past the buffered text: read more and parse it again from its start.
      if (!this.fill()) return this.parseRecord(true);
    }
  }

  /** Appends the next piece of text to what is left; false at the end. */
  private fill(): boolean {
    if (this.ended) return false;
    const piece = this.source.next();
    if (piece === null) {
      this.ended = true;
      return false;
    }
    this.buffer = this.buffer.slice(this.offset) + piece;
    this.offset = 0;
    return true;
  }

  /** The most frequent of comma, semicolon and tab outside quotes on the first line (comma on a tie). */
  private detectDelimiter(): void {
    while (!this.ended && !/[\r\n]/.test(this.buffer.slice(this.offset)) && this.buffer.length - this.offset < 1 << 24) this.fill();
    let best = ',';
    let bestCount = 0;
    const counts = new Map<string, number>();
    let quoted = false;
    for (let k = this.offset; k < this.buffer.length; k++) {
      const char = this.buffer[k];
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === '\n' || char === '\r')) break;
      else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    for (const delimiter of DELIMITERS) {
      const count = counts.get(delimiter) ?? 0;
      if (count > bestCount) [best, bestCount] = [delimiter, count];
    }
    this.delimiterCode = best.charCodeAt(0);
  }

  /**
   * Parses one record at the offset; null when the buffered text ends inside it (unless `atEnd`,
   * when the text has ended and the record is whatever is left).
   */
  private parseRecord(atEnd = this.ended): CsvRecord | null {
    const text = this.buffer;
    const delimiter = this.delimiterCode;
    const cells: string[] = [];
    let k = this.offset;
    let lines = 0;
    let problem: string | null = null;
    for (;;) {
      // One field starting at k.
      if (text.charCodeAt(k) === QUOTE) {
        let value = '';
        let from = k + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            if (!atEnd) return null;
            value += text.slice(from);
            lines += countLineBreaks(text, from, text.length);
            problem ??= 'a quoted field is not closed before the end of the file';
            k = text.length;
            break;
          }
          lines += countLineBreaks(text, from, close);
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          if (close + 1 >= text.length && !atEnd) return null;
          k = close + 1;
          break;
        }
        // After the closing quote: the delimiter, the end of the line, or (malformed) more text.
        const after = k;
        while (k < text.length && text.charCodeAt(k) !== delimiter && text.charCodeAt(k) !== LF && text.charCodeAt(k) !== CR) k++;
        if (k > after) {
          problem ??= 'text after the closing quote of a field';
          value += text.slice(after, k);
        }
        cells.push(value);
      } else {
        const start = k;
        while (k < text.length) {
          const code = text.charCodeAt(k);
          if (code === delimiter || code === LF || code === CR) break;
          k++;
        }
        cells.push(text.slice(start, k));
      }
      if (k >= text.length) {
        if (!atEnd) return null;
        break;
      }
      const code = text.charCodeAt(k);
      if (code === delimiter) {
        k++;
        continue;
      }
      // End of the line: LF, CR or CRLF (a CR at the end of the buffer may be half of a CRLF).
      if (code === CR && k + 1 >= text.length && !atEnd) return null;
      k += code === CR && text.charCodeAt(k + 1) === LF ? 2 : 1;
      lines += 1;
      break;
    }
    const record = { cells, line: this.line, problem };
    this.line += lines;
    this.offset = k;
    return record;
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const code = text.charCodeAt(k);
    if (code === LF || (code === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}
