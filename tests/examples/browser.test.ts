/**
 * The generated modules in a browser: headless Chromium (Debian's, driven by playwright-core)
 * loads a page that imports a generated model (transpiled to JavaScript, nothing else: the module
 * is standalone) and trains it with createModelAsync, on one thread, and on two threads where
 * the page is cross-origin isolated (served with COOP/COEP headers, so that memory can be shared
 * with Web Workers). The WebAssembly flower model's costs equal Node's to 1e-12 (the same
 * kernels on another V8) and the two-thread run reports 2 threads; the TypeScript target trains
 * a 300-64-1 network whose products split across the page's Web Workers, with the same bits on
 * two threads as on one and Node's costs to 1e-12.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
import { emitTypeScript, loadCompiledModel } from '@nnc/compiler/emit-typescript';
import { buildModel, randomData } from '@nnc/compiler/testing';
import { parseModel } from '@nnc/dsl';
import { loadCsv } from '@nnc/runtime-cpu';

const CHROMIUM = '/usr/bin/chromium';
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
if (browserMissing) console.warn(`Skipping the browser tests of the generated modules: install Debian's chromium (${CHROMIUM}).`);

const ITERATIONS = 300;
const REPORT_EVERY = 100;

interface PageResult {
  readonly error?: string;
  readonly runs: { threads: number; target: string; isolated: boolean; costs: { iteration: number; cost: number }[]; finalCost: number }[];
}

describe.skipIf(browserMissing)('the generated models in headless Chromium', () => {
  it('trains the WebAssembly flower network on one and on two threads with the costs of Node', async () => {
    const root = new URL('../../examples/', import.meta.url);
    const { model } = parseModel(readFileSync(new URL('planar.nn', root), 'utf8'), 'examples/planar.nn');
    if (model === null) throw new Error('examples/planar.nn does not parse');
    const source = await emitWasmModule(compile(model).schedule);
    const generated = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const loaded = loadCsv(new URL('data/planar_flower.csv', root).pathname, { label: 'y' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { X, Y, m } = loaded.dataset;
    const want = (await loadWasmModule(source)).createModel().train(X, Y, m, { iterations: ITERATIONS, reportEvery: REPORT_EVERY });

    const got = await trainInPage(generated, { X, Y, m }, ITERATIONS, REPORT_EVERY);
    expect(got.error).toBeUndefined();
    expect(got.runs.map((r) => r.isolated)).toEqual([true, true]);
    expect(got.runs[0].target).toMatch(/^wasm simd128.*, 1 thread$/);
    expect(got.runs[1].target).toMatch(/^wasm simd128.*, 2 threads$/);
    for (const run of got.runs) {
      expect(run.costs.map((e) => e.iteration)).toEqual(want.costs.map((e) => e.iteration));
      run.costs.forEach((e, k) => expect(Math.abs(e.cost - want.costs[k].cost)).toBeLessThanOrEqual(1e-12 * want.costs[k].cost));
      expect(Math.abs(run.finalCost - want.finalCost)).toBeLessThanOrEqual(1e-12 * want.finalCost);
    }
    console.log(`browser: ${got.runs.map((r) => `${r.target}: final cost ${r.finalCost}`).join('; ')}; Node: ${want.finalCost}`);
  });

  it('trains with the TypeScript target on one and on two threads (Web Workers), the same bits on both', async () => {
    const model = buildModel({ name: 'page', sizes: [300, 64, 1], activations: ['relu', 'sigmoid'], init: { kind: 'he' } });
    const source = emitTypeScript(compile(model).schedule);
    const generated = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const m = 1001;
    const { X, Y } = randomData(model, m, 3);
    const want = loadCompiledModel(source).createModel().train(X, Y, m, { iterations: 6, reportEvery: 2 });
    const got = await trainInPage(generated, { X, Y, m }, 6, 2);
    expect(got.error).toBeUndefined();
    expect(got.runs.map((r) => [r.target, r.isolated])).toEqual([
      ['TypeScript loops, 1 thread', true],
      ['TypeScript loops, 2 threads', true],
    ]);
    expect(got.runs[1].costs).toEqual(got.runs[0].costs);
    expect(got.runs[1].finalCost).toBe(got.runs[0].finalCost);
    expect(got.runs[0].costs.map((e) => e.iteration)).toEqual(want.costs.map((e) => e.iteration));
    got.runs[0].costs.forEach((e, k) => expect(Math.abs(e.cost - want.costs[k].cost)).toBeLessThanOrEqual(1e-12 * want.costs[k].cost));
  });
});

/** Trains the page's copy of `generated` (a module exporting createModelAsync) on 1 and 2 threads in Chromium. */
async function trainInPage(generated: string, data: { X: Float64Array; Y: Float64Array; m: number }, iterations: number, reportEvery: number): Promise<PageResult> {
  const main = `
    import { createModelAsync } from '/model.js';
    const data = ${JSON.stringify({ X: Array.from(data.X), Y: Array.from(data.Y), m: data.m })};
    const runs = [];
    try {
      for (const threads of [1, 2]) {
        const model = await createModelAsync({ threads });
        const result = model.train(Float64Array.from(data.X), Float64Array.from(data.Y), data.m, { iterations: ${iterations}, reportEvery: ${reportEvery} });
        runs.push({ threads, target: model.target, isolated: globalThis.crossOriginIsolated, costs: result.costs, finalCost: result.finalCost });
        model.dispose();
      }
      window.nncResult = { runs };
    } catch (error) {
      window.nncResult = { error: String((error && error.stack) || error), runs };
    }`;
  const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>';
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

  const profile = mkdtempSync(join(tmpdir(), 'nnc-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => console.log(`[chromium] ${message.text()}`));
    await page.route('http://localhost/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      const headers = { ...isolation, 'Cross-Origin-Resource-Policy': 'same-origin' };
      if (path === '/' || path === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', headers, body: html });
      if (path === '/main.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers, body: main });
      if (path === '/model.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers, body: generated });
      return route.fulfill({ status: 404, body: `not found: ${path}` });
    });
    await page.goto('http://localhost/index.html');
    await page.waitForFunction(() => (globalThis as { nncResult?: unknown }).nncResult !== undefined, undefined, { timeout: 90_000 });
    return (await page.evaluate(() => (globalThis as { nncResult?: unknown }).nncResult)) as PageResult;
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
