/**
 * The generated WebAssembly module in a browser: headless Chromium (Debian's, driven by
 * playwright-core) loads a page that imports the generated flower model (transpiled to
 * JavaScript, nothing else: the module is standalone) and trains it with createModelAsync, on
 * one thread, and on two threads where the page is cross-origin isolated (served with
 * COOP/COEP headers, so that memory can be shared with Web Workers). The costs equal Node's to
 * 1e-12 (the same kernels on another V8), and the two-thread run reports 2 threads.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
import { parseModel } from '@nnc/dsl';
import { loadCsv } from '@nnc/runtime-cpu';

const CHROMIUM = '/usr/bin/chromium';
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
if (browserMissing) console.warn(`Skipping the browser WebAssembly test: install Debian's chromium (${CHROMIUM}).`);

const ITERATIONS = 300;
const REPORT_EVERY = 100;

interface PageResult {
  readonly error?: string;
  readonly runs: { threads: number; target: string; isolated: boolean; costs: { iteration: number; cost: number }[]; finalCost: number }[];
}

describe.skipIf(browserMissing)('the generated WebAssembly model in headless Chromium', () => {
  it('trains the flower network on one and on two threads with the costs of Node', async () => {
    const root = new URL('../../examples/', import.meta.url);
    const { model } = parseModel(readFileSync(new URL('planar.nn', root), 'utf8'), 'examples/planar.nn');
    if (model === null) throw new Error('examples/planar.nn does not parse');
    const source = await emitWasmModule(compile(model).schedule);
    const generated = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const loaded = loadCsv(new URL('data/planar_flower.csv', root).pathname, { label: 'y' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { X, Y, m } = loaded.dataset;
    const want = (await loadWasmModule(source)).createModel().train(X, Y, m, { iterations: ITERATIONS, reportEvery: REPORT_EVERY });

    const main = `
      import { createModelAsync } from '/model.js';
      const data = ${JSON.stringify({ X: Array.from(X), Y: Array.from(Y), m })};
      const runs = [];
      try {
        for (const threads of [1, 2]) {
          const model = await createModelAsync({ threads });
          const result = model.train(Float64Array.from(data.X), Float64Array.from(data.Y), data.m, { iterations: ${ITERATIONS}, reportEvery: ${REPORT_EVERY} });
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
      const got = (await page.evaluate(() => (globalThis as { nncResult?: unknown }).nncResult)) as PageResult;
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
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
