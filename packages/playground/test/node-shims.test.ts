// The page's stand-ins for Node modules against Node's own: SHA-256 digests, and the files the
// compiler reads at emit time.
import { createHash as nodeCreateHash } from 'node:crypto';
import { readFileSync as nodeReadFileSync } from 'node:fs';
import { basename as nodeBasename, dirname as nodeDirname, extname as nodeExtname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash, sha256Hex } from '../src/node-shims/crypto.js';
import { existsSync, readFileSync } from '../src/node-shims/fs.js';
import { basename, dirname, extname } from '../src/node-shims/path.js';

describe('the sha256 shim', () => {
  it('gives the digests of node:crypto, across block boundaries and for non-ASCII text', () => {
    const texts = ['', 'abc', 'model planar { input 2 }', 'é∑ — ü', ...Array.from({ length: 140 }, (_, n) => 'x'.repeat(n))];
    for (const text of texts) expect(createHash('sha256').update(text).digest('hex')).toBe(nodeCreateHash('sha256').update(text).digest('hex'));
    expect(sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses other algorithms', () => {
    expect(() => createHash('md5')).toThrow('the playground has sha256 only, not md5');
  });
});

describe('the fs shim', () => {
  it('reads the registered files by name, with or without the bundler\'s hash, and data: URLs', async () => {
    const numpy = nodeReadFileSync(new URL('../../compiler/src/numpy-random.ts', import.meta.url), 'utf8');
    (globalThis as Record<string, unknown>).__nncPlaygroundFiles = { 'numpy-random.ts': numpy };
    expect(readFileSync(new URL('file:///x/packages/compiler/src/numpy-random.ts'))).toBe(numpy);
    expect(readFileSync('/assets/numpy-random-CrDK9FPG.ts')).toBe(numpy);
    expect(existsSync('/assets/numpy-random-Cr_K9-PG.ts')).toBe(true);
    expect(readFileSync(`data:application/json;base64,${btoa('{"version":"1.2.3"}')}`)).toBe('{"version":"1.2.3"}');
    expect(() => readFileSync('/etc/passwd')).toThrow('/etc/passwd: there are no files in the playground');
  });
});

describe('the path shim', () => {
  it('agrees with node:path on POSIX paths', () => {
    for (const path of ['/a/b/planar.nn', 'planar.nn', '/a/b/', 'a/.hidden', '/x.tar.gz']) {
      expect(basename(path)).toBe(nodeBasename(path));
      expect(dirname(path)).toBe(nodeDirname(path));
      expect(extname(path)).toBe(nodeExtname(path));
    }
  });
});
