import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
      errors: [
        // Whose the file is (the name and sizes it records) comes before the details.
        "w.json holds the parameters of model 'tiny' (1-1), not of a 2-1 network",
        'w.json: layers[0].W must be 1 rows of 2 finite numbers (model sizes 2-1)',
        'w.json: layers[0].b must be 1 finite numbers (model sizes 2-1)',
      ],
    });
    const iris = makeParametersFile({ name: 'iris', sourceSha256: 'ab'.repeat(32) }, {
      layers: [
        { W: Array.from({ length: 8 }, () => [1, 2, 3, 4]), b: new Array(8).fill(0) },
        { W: Array.from({ length: 3 }, () => new Array(8).fill(1)), b: [0, 0, 0] },
      ],
    });
    const errors = parseParametersFile(JSON.stringify(iris), 'iris.json', [2, 4, 1], undefined, 'planar');
    expect(!errors.ok && errors.errors[0]).toBe("iris.json holds the parameters of model 'iris' (4-8-3), not of model 'planar' (2-4-1)");
    expect(!errors.ok && errors.errors.length).toBe(5); // three details, then the count of the others
    expect(!errors.ok && errors.errors[4]).toMatch(/^iris\.json: \.\.\. and \d+ more differences$/);
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

// Issue 12, findings 3, 5 and 7: a checkpoint is validated as a whole before any of it is used,
// each problem naming its field (before: a stack trace, a hang on a step of "abc", or NaN weights).
describe('parameters file validation', () => {
  const sizes = [2, 3, 1];
  const adamSlots = {
    vW1: [[0, 0], [0, 0], [0, 0]],
    vb1: [0, 0, 0],
    sW1: [[0, 0], [0, 0], [0, 0]],
    sb1: [0, 0, 0],
    vW2: [[0, 0, 0]],
    vb2: [0],
    sW2: [[0, 0, 0]],
    sb2: [0],
  };
  const good = makeParametersFile(meta, {
    layers: [
      { W: [[1, 2], [3, 4], [5, 6]], b: [0, 0, 0] },
      { W: [[1, 1, 1]], b: [0] },
    ],
    training: { iterations: 3, cost: 0.5 },
    optimizerState: { step: 3, slots: adamSlots },
    labels: { name: 'y', classes: null },
  });
  const errors = (change: (file: Record<string, unknown>) => void, text?: string) => {
    const file = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    change(file);
    const result = parseParametersFile(text ?? JSON.stringify(file), 'c.json', sizes);
    return result.ok ? [] : result.errors;
  };
  const state = (file: Record<string, unknown>) => file.optimizerState as Record<string, unknown> & { slots: Record<string, unknown> };

  it('accepts the good file, with or without a byte-order mark', () => {
    expect(errors(() => {})).toEqual([]);
    expect(errors(() => {}, `\uFEFF${JSON.stringify(good)}`)).toEqual([]);
  });

  it.each([
    ['no sourceSha256', (f: Record<string, unknown>) => delete f.sourceSha256, 'c.json: "sourceSha256" must be the sha256 of the model source (a string)'],
    ['model a number', (f: Record<string, unknown>) => (f.model = 3), 'c.json: "model" must be the model\'s name (a string)'],
    ['step "abc"', (f: Record<string, unknown>) => (state(f).step = 'abc'), 'c.json: optimizerState.step must be an integer of at least 0, got the string "abc"'],
    ['step "10"', (f: Record<string, unknown>) => (state(f).step = '10'), 'c.json: optimizerState.step must be an integer of at least 0, got the string "10"'],
    ['step 1e20', (f: Record<string, unknown>) => (state(f).step = 1e20), 'c.json: optimizerState.step must be an integer of at least 0, got 100000000000000000000'],
    ['step -5', (f: Record<string, unknown>) => (state(f).step = -5), 'c.json: optimizerState.step must be an integer of at least 0, got -5'],
    ['step 1.5', (f: Record<string, unknown>) => (state(f).step = 1.5), 'c.json: optimizerState.step must be an integer of at least 0, got 1.5'],
    ['no slots', (f: Record<string, unknown>) => delete (state(f) as Record<string, unknown>).slots, 'c.json: optimizerState.slots must be an object of moment buffers ({} for gradient descent)'],
    ['an Adam slot of the wrong shape', (f: Record<string, unknown>) => (state(f).slots.sW2 = [[0, 0]]), 'c.json: optimizerState.slots.sW2 row 0 must be an array of 3 numbers, got an array of 2'],
    ['a missing Adam slot', (f: Record<string, unknown>) => delete state(f).slots.vb2, "c.json: optimizerState.slots lacks slot 'vb2'"],
    ['a negative second moment', (f: Record<string, unknown>) => ((state(f).slots.sb1 as number[])[1] = -0.5), 'c.json: optimizerState.slots.sb1 entry 1 is -0.5; it must not be negative'],
    ['a null moment (NaN saved as JSON)', (f: Record<string, unknown>) => ((state(f).slots.vb1 as unknown[])[0] = null), 'c.json: optimizerState.slots.vb1 entry 0 must be a finite number, got null'],
    ['a cost of null', (f: Record<string, unknown>) => (f.training = { iterations: 3, cost: null }), 'c.json: training.cost must be a finite number'],
    ['classes for another output size', (f: Record<string, unknown>) => (f.labels = { name: 'y', classes: ['a', 'b', 'c'] }), 'c.json: labels.classes must be 1 class names (strings), one per output of the model'],
    ['a feature named twice', (f: Record<string, unknown>) => (f.features = ['x', 'x']), "c.json: features names 'x' twice"],
  ])('names the field: %s', (_, change, message) => {
    expect(errors(change)).toEqual([message]);
  });

  it('reports JSON nested 5000 deep as a shape problem, not a stack overflow', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = JSON.stringify(good).replace('"b":[0,0,0]', `"b":${deep}`);
    expect(errors(() => {}, text)).toEqual(['c.json: layers[0].b must be 3 finite numbers (model sizes 2-3-1)']);
  });

  it('never writes parameters that hold NaN or an infinity', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nnc-params-')), 'w.json');
    const bad = makeParametersFile(meta, { layers: [{ W: [[0.5, Number.NaN]], b: [0.25] }] });
    expect(() => writeParametersFile(path, bad)).toThrow(`refusing to write ${path}: layers[0].W[0][1] is NaN; parameters must be finite numbers`);
    expect(existsSync(path)).toBe(false);
  });
});
