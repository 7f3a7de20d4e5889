import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeParametersFile, parseParametersFile, readParametersFile, writeParametersFile } from './parameters-file.js';

const meta = { name: 'tiny', sourceSha256: 'ab'.repeat(32) };
const layers = [
  { W: [[0.5, -1]], b: [0.25] },
];

describe('parameters file', () => {
  it('writes and reads back the same content', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nnc-params-')), 'w.json');
    const file = makeParametersFile(meta, {
      layers,
      standardization: { mean: [1, 2], std: [3, 4] },
      training: { iterations: 10, cost: 0.5 },
      optimizerState: { step: 10, slots: { vW1: [[0.1, 0.2]], vb1: [0.3] } },
    });
    writeParametersFile(path, file);
    expect(readFileSync(path, 'utf8').endsWith('}\n')).toBe(true);
    expect(readParametersFile(path, [2, 1], meta.sourceSha256)).toEqual({ ok: true, parameters: file, warnings: [] });
  });

  it('names every shape problem and the file', () => {
    const text = JSON.stringify(makeParametersFile(meta, { layers: [{ W: [[0.5]], b: [0.25, 1] }] }));
    expect(parseParametersFile(text, 'w.json', [2, 1])).toEqual({
      ok: false,
      errors: ['w.json: layers[0].W must be 1 rows of 2 finite numbers (model sizes 2-1)', 'w.json: layers[0].b must be 1 finite numbers (model sizes 2-1)'],
    });
  });

  it('points at JSON syntax errors and warns about another source version', () => {
    const bad = parseParametersFile('{\n  "format": "nnc-parameters",\n  oops\n}', 'w.json', [2, 1]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^w\.json:3:3: not valid JSON \(/);
    const other = parseParametersFile(JSON.stringify(makeParametersFile(meta, { layers })), 'w.json', [2, 1], 'cd'.repeat(32));
    expect(other.ok && other.warnings).toEqual(['w.json: these parameters were trained from a different version of the model source (sha256 abababababab...)']);
    expect(readParametersFile('/nonexistent/w.json', [2, 1])).toEqual({ ok: false, errors: ['/nonexistent/w.json: cannot read the parameters file (ENOENT)'] });
  });
});
