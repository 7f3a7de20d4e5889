// parseModel never throws on any input, only returns diagnostics with sane spans, and stays fast:
// each generated input parses in under 50 ms (no exponential backtracking in recovery).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './diagnostics.js';
import { parseModel } from './parse-model.js';

const EXAMPLES = new URL('../../../examples/', import.meta.url);
const VALID = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.nn'))
  .map((name) => readFileSync(new URL(name, EXAMPLES), 'utf8'));

const PIECES = [
  'model', 'input', 'dense', 'loss', 'init', 'seed', 'optimizer', 'regularization', 'train', 'precision',
  'iterations', 'epochs', 'batch', 'full', 'shuffle_seed', 'report_every', 'relu', 'sigmoid', 'softmax',
  'leaky_relu', 'adam', 'normal', 'l2', 'learning_rate', 'x', '{', '}', '(', ')', ',', ':', '#', '\n', '0',
  '1', '-3', '2.5', '1e-8', '1e999', '.', '-', ';', '\t', '\r\n', 'é', '😀',
];

let slowest = 0;

/** Parses, checks the result is well formed, and records the time taken. */
function survive(text: string): void {
  const { model, diagnostics } = parseModel(text, 'fuzz.nn');
  slowest = Math.max(slowest, parseTime(text));
  if (model === null) expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  for (const d of diagnostics) {
    expect(d.span.startOffset).toBeGreaterThanOrEqual(0);
    expect(d.span.startOffset).toBeLessThanOrEqual(d.span.endOffset);
    expect(d.span.endOffset).toBeLessThanOrEqual(text.length);
    expect(d.span.startLine).toBeGreaterThanOrEqual(1);
    expect(d.span.startColumn).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/undefined|NaN|\[object/);
    formatDiagnostic(d, text);
  }
}

/**
 * Milliseconds to parse `text`: the best of up to three runs, so that a garbage collection or a
 * busy machine is not mistaken for a slow parse (exponential work would be slow every time).
 */
function parseTime(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3 && best > 10; run++) {
    const start = performance.now();
    parseModel(text, 'fuzz.nn');
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** One edit of a text: delete a range, insert a piece, or duplicate a line. */
const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 2 }));

function applyEdit(text: string, [at, length, piece, kind]: [number, number, string, number]): string {
  const position = text.length === 0 ? 0 : at % text.length;
  if (kind === 0) return text.slice(0, position) + text.slice(position + length);
  if (kind === 1) return `${text.slice(0, position)}${piece}${text.slice(position)}`;
  const lines = text.split('\n');
  const line = position % lines.length;
  return [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join('\n');
}

describe('parseModel on any input', () => {
  parseModel(VALID[0], 'warm-up.nn'); // builds the shared parser once, outside the timings

  it('survives arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), survive), { numRuns: 500 });
  });

  it('survives soups of the language pieces', () => {
    const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 300 }).map((pieces) => pieces.join(' '));
    fc.assert(fc.property(soup, survive), { numRuns: 500 });
  });

  it('survives mutations of the valid examples', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 6 }))
      .map(([text, edits]) => edits.reduce(applyEdit, text));
    fc.assert(fc.property(mutated, survive), { numRuns: 1000 });
  });

  it('parses every generated input in under 50 ms', () => {
    expect(slowest).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(50);
    console.log(`slowest generated input: ${slowest.toFixed(1)} ms`);
  });

  it('stays linear on long and deeply nested inputs', () => {
    const inputs = [
      `model a {\n${'  dense 4 relu\n'.repeat(5000)}}`,
      `model a { optimizer adam${'('.repeat(5000)}`,
      '{'.repeat(20000),
      `model a {\n${'  input 2 ) ) , : \n'.repeat(2000)}}`,
      // thousands of errors inside one repetition (Chevrotain's recursive recovery is off)
      `model a {\n  train\n${'    iterations )\n'.repeat(5000)}}`,
      `model a { optimizer adam(${'learning_rate: ) '.repeat(5000)}) }`,
    ];
    for (const text of inputs) {
      survive(text);
      expect(parseTime(text), text.slice(0, 30)).toBeLessThan(1000);
    }
  });
});
