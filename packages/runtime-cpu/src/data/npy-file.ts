/**
 * A numpy `.npy` file opened for reading in pieces: the header (format versions 1 to 3) is
 * parsed and checked whole (magic, dtype, order, a shape of non-negative sizes, enough bytes for
 * it), then any range of elements is read from the file on demand, so that an array larger than
 * memory can be read a block at a time. Supported dtypes: little-endian (or single-byte) floats
 * f4/f8, signed and unsigned integers, booleans, and fixed-width strings (U unicode, S bytes).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type NpyValues = Float64Array | string[];

export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Bytes per element. */
  readonly itemSize: number;
  /** Where the data starts in the file. */
  readonly dataOffset: number;
  /** Whether elements are strings (U or S dtypes). */
  readonly strings: boolean;
}

const NUMERIC: Record<string, number> = { f4: 4, f8: 8, i1: 1, i2: 2, i4: 4, i8: 8, u1: 1, u2: 2, u4: 4, u8: 8, b1: 1 };

/** The header of an .npy file, or what is wrong with it. */
export function parseNpyHeader(bytes: Uint8Array, fileSize: number): NpyHeader | string {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, k) => bytes[k] !== b)) return 'not an .npy file (it does not start with \\x93NUMPY)';
  const major = bytes[6];
  if (major < 1 || major > 3) return `.npy format version ${major} is not one nnc reads (1 to 3)`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) return 'the .npy header is cut short';
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (start + length > bytes.length) return `the .npy header claims ${length} bytes, more than the file holds`;
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const order = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || order === undefined || shapeText === undefined) return `the .npy header is not a dictionary with descr, fortran_order and shape: ${text.trim().slice(0, 80)}`;
  const parts = shapeText.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (!parts.every((part) => /^\d+L?$/.test(part))) return `the .npy header has shape (${shapeText.trim()}); sizes must be whole numbers of at least 0`;
  const shape = parts.map((part) => Number.parseInt(part, 10));
  if (descr.startsWith('>') && descr.slice(1) !== 'i1' && descr.slice(1) !== 'u1' && descr.slice(1) !== 'b1') {
    return 'big-endian arrays are not supported (save with a little-endian dtype)';
  }
  const kind = descr.replace(/^[<|=]/, '');
  let itemSize: number;
  let strings = false;
  if (kind in NUMERIC) itemSize = NUMERIC[kind];
  else if (/^[US]\d+$/.test(kind)) {
    strings = true;
    itemSize = Number(kind.slice(1)) * (kind[0] === 'U' ? 4 : 1);
  } else if (kind.startsWith('c')) return `unsupported dtype ${descr} (complex numbers)`;
  else return `unsupported dtype ${descr}`;
  const count = shape.reduce((a, b) => a * b, 1);
  const dataOffset = start + length;
  const needed = count * itemSize;
  if (!Number.isSafeInteger(needed) || dataOffset + needed > fileSize) {
    const held = Math.floor(Math.max(0, fileSize - dataOffset) / Math.max(itemSize, 1));
    return `the file holds ${held} values, its header promises ${count} (shape (${shape.join(', ')}))`;
  }
  return { descr, fortranOrder: order === 'True', shape, itemSize, dataOffset, strings };
}

/** An open .npy file. */
export class NpyFile {
  private constructor(
    private readonly fd: number,
    readonly header: NpyHeader,
    readonly size: number,
  ) {}

  /** Opens and checks `path`: the file, or what is wrong with it (file-system errors are thrown). */
  static open(path: string): NpyFile | string {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const head = new Uint8Array(Math.min(size, 1 << 16));
      readSync(fd, head, 0, head.length, 0);
      const header = parseNpyHeader(head, size);
      if (typeof header === 'string') {
        closeSync(fd);
        return header;
      }
      return new NpyFile(fd, header, size);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get count(): number {
    return this.header.shape.reduce((a, b) => a * b, 1);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Elements [start, start + count) in file order, as numbers (or strings for string dtypes). */
  read(start: number, count: number): NpyValues {
    const { itemSize, dataOffset } = this.header;
    const bytes = new Uint8Array(count * itemSize);
    let done = 0;
    while (done < bytes.length) {
      const got = readSync(this.fd, bytes, done, bytes.length - done, dataOffset + start * itemSize + done);
      if (got === 0) throw new Error('the .npy file ended early (it changed while being read)');
      done += got;
    }
    return decode(bytes, this.header.descr.replace(/^[<>|=]/, ''), count, itemSize);
  }
}

function decode(bytes: Uint8Array, kind: string, count: number, itemSize: number): NpyValues {
  const buffer = bytes.buffer;
  switch (kind) {
    case 'f8':
      return new Float64Array(buffer, 0, count);
    case 'f4':
      return Float64Array.from(new Float32Array(buffer, 0, count));
    case 'i1':
      return Float64Array.from(new Int8Array(buffer, 0, count));
    case 'i2':
      return Float64Array.from(new Int16Array(buffer, 0, count));
    case 'i4':
      return Float64Array.from(new Int32Array(buffer, 0, count));
    case 'i8':
      return Float64Array.from(new BigInt64Array(buffer, 0, count), Number);
    case 'u1':
    case 'b1':
      return Float64Array.from(new Uint8Array(buffer, 0, count));
    case 'u2':
      return Float64Array.from(new Uint16Array(buffer, 0, count));
    case 'u4':
      return Float64Array.from(new Uint32Array(buffer, 0, count));
    case 'u8':
      return Float64Array.from(new BigUint64Array(buffer, 0, count), Number);
    default: {
      const unicode = kind[0] === 'U';
      const decoder = new TextDecoder('latin1');
      const out: string[] = [];
      for (let k = 0; k < count; k++) {
        const item = bytes.subarray(k * itemSize, (k + 1) * itemSize);
        out.push(unicode ? utf32(item) : decoder.decode(item).replace(/\0+$/, ''));
      }
      return out;
    }
  }
}

/** A UTF-32LE string without its padding NULs (TextDecoder has no UTF-32). */
function utf32(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = '';
  for (let k = 0; k + 4 <= bytes.length; k += 4) {
    const code = view.getUint32(k, true);
    if (code === 0) break;
    text += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  }
  return text;
}
