/**
 * `nnc train --plot` and `--boundary` end to end: the files are written, non-empty and of the
 * asked format; the cost line passes through the reported costs (its vertices, read back from the
 * SVG path, are at the reported iterations and costs up to the drawing's 0.001-pixel rounding);
 * the decision regions have the right class's colour at points deep inside each class (PNG decoded
 * with pngjs, pixels sampled where the layout in boundary-chart.ts puts those points).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_CHART, REGION_COLOURS, plotRange, type Range } from '../../packages/cli/src/plots/boundary-chart.js';
import { COST_CHART } from '../../packages/cli/src/plots/cost-chart.js';
import { PNG_ZOOM } from '../../packages/cli/src/plots/render.js';
import { repoPath, runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-pictures-'));

/** The vertices of the SVG line whose aria-label names `series`, in the plot's own coordinates. */
function lineVertices(svg: string, series: string): [number, number][] {
  const path = new RegExp(`<path aria-label="[^"]*series: ${series}"[^>]* d="([^"]+)"`).exec(svg);
  if (!path) throw new Error(`no line for ${series}`);
  return [...path[1].matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function reportedCosts(stdout: string): [number, number][] {
  return [...stdout.matchAll(/^iteration\s+(\d+)\s+cost (\S+)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** The RGB of the PNG pixel where the boundary chart draws the data point (x1, x2). */
function pixelAt(png: PNG, x1: Range, x2: Range, u: number, v: number): string {
  const { width, height, padding } = BOUNDARY_CHART;
  const px = Math.round((padding.left + ((u - x1.min) / (x1.max - x1.min)) * width) * PNG_ZOOM);
  const py = Math.round((padding.top + (1 - (v - x2.min) / (x2.max - x2.min)) * height) * PNG_ZOOM);
  const k = (py * png.width + px) * 4;
  return `#${[png.data[k], png.data[k + 1], png.data[k + 2]].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

describe('nnc train --plot', () => {
  it('draws the training and held-out costs through the reported values (SVG) and a PNG', async () => {
    const svgPath = join(dir, 'cost.svg');
    const run = await runCli([
      'train', repoPath('examples/planar.nn'), '--data', repoPath('examples/data/planar_flower.csv'), '--label', 'y',
      '--iterations', '4000', '--holdout', '0.2', '--plot', svgPath,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`drew the cost to ${svgPath}`);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.length).toBeGreaterThan(5000);
    // Reports at 0, 1000, 2000, 3000 and the final cost at 4000.
    const final = Number(/final cost (\S+)/.exec(run.stdout)?.[1]);
    const costs = [...reportedCosts(run.stdout), [4000, final] as [number, number]];
    expect(costs.map(([i]) => i)).toEqual([0, 1000, 2000, 3000, 4000]);
    const vertices = lineVertices(svg, 'training cost');
    expect(vertices).toHaveLength(costs.length);
    // x: iterations over the plot's width; y: costs on a linear axis (pixels grow downwards).
    vertices.forEach(([x], k) => expect(x).toBeCloseTo((costs[k][0] / 4000) * COST_CHART.width, 2));
    const [[, y0], [, y1]] = vertices;
    const perCost = (y1 - y0) / (costs[1][1] - costs[0][1]);
    expect(perCost).toBeLessThan(0);
    vertices.forEach(([, y], k) => expect(y0 + perCost * (costs[k][1] - costs[0][1])).toBeCloseTo(y, 1));
    // With --holdout: the held-out cost on the same axis, the accuracy on its own (0 at the bottom, 100% at the top).
    const holdout = lineVertices(svg, 'held-out cost');
    expect(holdout).toHaveLength(5);
    const heldOutReported = [...run.stdout.matchAll(/^iteration\s+\d+\s+cost \S+\s+holdout cost (\S+)/gm)].map((m) => Number(m[1]));
    expect(heldOutReported).toHaveLength(4);
    heldOutReported.forEach((cost, k) => expect(y0 + perCost * (cost - costs[0][1])).toBeCloseTo(holdout[k][1], 1));
    const heldOutFinal = Number(/^holdout cost ([\d.]+)/m.exec(run.stdout)?.[1]);
    expect(y0 + perCost * (heldOutFinal - costs[0][1])).toBeCloseTo(holdout[4][1], 1);
    const accuracy = lineVertices(svg, 'held-out accuracy');
    const heldOutAccuracy = Number(/^holdout cost \S+, accuracy ([\d.]+)%/m.exec(run.stdout)?.[1]) / 100;
    expect(accuracy[4][1]).toBeCloseTo(COST_CHART.height * (1 - heldOutAccuracy), 1);

    const pngPath = join(dir, 'cost.png');
    const again = await runCli(['train', repoPath('examples/logistic.nn'), '--data', repoPath('examples/data/planar_flower.csv'), '--label', 'y', '--iterations', '400', '--plot', pngPath]);
    expect(again.code).toBe(0);
    const png = PNG.sync.read(readFileSync(pngPath));
    const { width, height, padding } = COST_CHART;
    expect([png.width, png.height]).toEqual([(width + padding.left + padding.right) * PNG_ZOOM, (height + padding.top + padding.bottom) * PNG_ZOOM]);
  }, 120_000);

  it('refuses unknown formats, a boundary of a model without 2 inputs, and a picture over an input, before training', async () => {
    const flower = ['--data', repoPath('examples/data/planar_flower.csv'), '--label', 'y'];
    const gif = await runCli(['train', repoPath('examples/planar.nn'), ...flower, '--plot', join(dir, 'cost.gif')]);
    expect([gif.code, gif.stdout, gif.stderr.trim()]).toEqual([1, '', `nnc: --plot ${join(dir, 'cost.gif')}: unknown picture format '.gif'; expected .svg or .png`]);
    const wide = await runCli(['train', repoPath('examples/breast-cancer.nn'), '--data', repoPath('examples/data/breast_cancer.csv'), '--boundary', join(dir, 'b.png')]);
    expect(wide.stderr.trim()).toBe("nnc: --boundary draws the decision regions of a model with 2 input features; 'breast_cancer' has input 30");
    const regression = join(dir, 'regression.nn');
    writeFileSync(regression, 'model r {\n  input 2\n  dense 1 linear\n  loss mean_squared_error\n  optimizer gradient_descent(learning_rate: 0.1)\n}\n');
    expect((await runCli(['train', regression, ...flower, '--boundary', join(dir, 'r.png')])).stderr).toContain('is a regression');
    const over = await runCli(['train', repoPath('examples/planar.nn'), ...flower, '--plot', repoPath('examples/data/planar_flower.csv')]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('nnc never writes over its own input');
    const folder = join(dir, 'folder.svg');
    mkdirSync(folder);
    expect((await runCli(['train', repoPath('examples/planar.nn'), ...flower, '--plot', folder])).stderr).toContain('a directory');
  }, 60_000);
});

describe('nnc train --boundary', () => {
  /** Clusters of examples around `centres`, a little noise (a fixed stream), one class each. */
  function clusters(centres: readonly (readonly [number, number, string])[], perClass: number): string {
    let s = 7;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
    const rows = ['x1,x2,label'];
    for (let j = 0; j < perClass; j++) for (const [u, v, name] of centres) rows.push(`${(u + 0.6 * next()).toFixed(4)},${(v + 0.6 * next()).toFixed(4)},${name}`);
    return `${rows.join('\n')}\n`;
  }

  function ranges(csv: string): [Range, Range] {
    const rows = csv.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    return [plotRange(rows.map((r) => r[0])), plotRange(rows.map((r) => r[1]))];
  }

  it('two classes: each side of the line in its class colour (PNG)', async () => {
    const csv = clusters([[-2, 0, '0'], [2, 0, '1']], 40);
    writeFileSync(join(dir, 'two.csv'), csv);
    const out = join(dir, 'two.png');
    const run = await runCli(['train', repoPath('examples/logistic.nn'), '--data', join(dir, 'two.csv'), '--label', 'label', '--boundary', out]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('accuracy 100.00%');
    const png = PNG.sync.read(readFileSync(out));
    const [x1, x2] = ranges(csv);
    // Between the clusters and the boundary (x1 = 0), away from every example: each side in its class's tint.
    expect(pixelAt(png, x1, x2, -1, 0.2)).toBe(REGION_COLOURS[0]);
    expect(pixelAt(png, x1, x2, -1, -0.2)).toBe(REGION_COLOURS[0]);
    expect(pixelAt(png, x1, x2, 1, -0.2)).toBe(REGION_COLOURS[1]);
    expect(pixelAt(png, x1, x2, 1, 0.2)).toBe(REGION_COLOURS[1]);
  }, 60_000);

  it('three classes (softmax): one colour a class', async () => {
    const csv = clusters([[-3, -2, 'a'], [3, -2, 'b'], [0, 3, 'c']], 30);
    writeFileSync(join(dir, 'three.csv'), csv);
    const model = join(dir, 'three.nn');
    writeFileSync(model, 'model three {\n  input 2\n  dense 3 softmax\n  loss categorical_cross_entropy\n  init xavier seed 1\n  optimizer adam(learning_rate: 0.05)\n  train iterations 300\n}\n');
    const out = join(dir, 'three.svg');
    const run = await runCli(['train', model, '--data', join(dir, 'three.csv'), '--label', 'label', '--boundary', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('accuracy 100.00%');
    const svg = readFileSync(out, 'utf8');
    // Each class's tint fills part of the plane; a PNG of the same picture has it where the class lies.
    for (const colour of REGION_COLOURS.slice(0, 3)) expect(svg).toContain(`fill="${colour}"`);
    expect(svg).not.toContain(`fill="${REGION_COLOURS[3]}"`);
    const png = join(dir, 'three.png');
    await runCli(['train', model, '--data', join(dir, 'three.csv'), '--label', 'label', '--boundary', png]);
    const image = PNG.sync.read(readFileSync(png));
    const [x1, x2] = ranges(csv);
    // A unit from each cluster's centre, away from the examples (within 0.3 of the centres).
    expect(pixelAt(image, x1, x2, -3, -1)).toBe(REGION_COLOURS[0]);
    expect(pixelAt(image, x1, x2, 3, -1)).toBe(REGION_COLOURS[1]);
    expect(pixelAt(image, x1, x2, 0, 2)).toBe(REGION_COLOURS[2]);
  }, 60_000);
});
