import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dropOutputOnClosedPipe } from './closed-pipe.js';

function epipe(): NodeJS.ErrnoException {
  return Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
}

describe('a closed pipe', () => {
  it('drops what is written after it closed, calling back as a write would', async () => {
    const stream = new PassThrough();
    const read: string[] = [];
    stream.on('data', (chunk: Buffer) => read.push(chunk.toString()));
    dropOutputOnClosedPipe(stream);
    stream.write('before\n');
    stream.emit('error', epipe());
    expect(stream.write('after\n')).toBe(true);
    await new Promise<void>((resolve) => stream.write('with a callback\n', () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toEqual(['before\n']);
  });

  it('lets any other error through', () => {
    const stream = new PassThrough();
    dropOutputOnClosedPipe(stream);
    const full = Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' });
    expect(() => stream.emit('error', full)).toThrow('write ENOSPC');
  });
});
