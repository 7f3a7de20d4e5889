import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NNC_VERSION } from './version.js';

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('NNC_VERSION', () => {
  it('is the version of every nnc package', () => {
    for (const pkg of ['model', 'dsl', 'compiler', 'runtime-cpu', 'runtime-webgpu', 'cli']) expect(versionOf(pkg), pkg).toBe(NNC_VERSION);
  });
});
