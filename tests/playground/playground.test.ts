/// <reference lib="dom" />
/**
 * The web playground end to end, in headless Chromium (Debian's, driven by playwright-core,
 * WebGPU on SwiftShader): the page is built with Vite to static files and served by a plain
 * file server. The test loads it (summary and equations as Node writes them), trains the flower
 * model for 300 iterations on WebGPU and on the CPU (WebAssembly in a worker) and checks that
 * the costs the page shows fall and equal Node's for the same seed and split (WebGPU in Node
 * through Dawn; the wasm module in Node) to 1e-5; types a typo and sees the diagnostic at its
 * line with Train disabled; fixes it; downloads the ONNX file and runs it in onnxruntime-node
 * against Node's trained model; picks a CSV of its own (labels that do not fit the model: Train
 * says why). Screenshots of each state go to tests/artifacts/playground/ (ignored by git; CI
 * keeps them).
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, emitTypeScript, NNC_VERSION, type ReportEvent, type TrainResult } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import { explainModel } from '@nnc/compiler/explain';
import { parseModel, renderSummary, summarize, type ParametersFile } from '@nnc/dsl';
import { parseCsv, splitHoldout, toRows, type Dataset } from '@nnc/runtime-cpu';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { runOnnxruntime } from '../onnx/onnxruntime-runner.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'tests/artifacts/playground');
const ITERATIONS = 300;
const REPORT_EVERY = 50;
const HOLDOUT = 0.2;

const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
if (browserMissing) console.warn(`Skipping the playground test: install Debian's chromium (${CHROMIUM}).`);
const gpu = browserMissing ? null : await deviceForTests();

/** Node's run of the flower model: the same file, the same split (seed 0), the same seed. */
function flower(): { model: NonNullable<ReturnType<typeof parseModel>['model']>; train: Dataset; heldOut: Dataset } {
  const { model } = parseModel(readFileSync(join(ROOT, 'examples/planar.nn'), 'utf8'), 'planar.nn');
  if (model === null) throw new Error('examples/planar.nn does not parse');
  const loaded = parseCsv(readFileSync(join(ROOT, 'examples/data/planar_flower.csv'), 'utf8'), 'planar_flower.csv', { label: 'y' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const split = splitHoldout(loaded.dataset, HOLDOUT, 0);
  return { model, train: split.train, heldOut: split.holdout };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let path = join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    if (!path.startsWith(dir)) path = dir;
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

interface Row {
  readonly iteration: number;
  readonly cost: number;
  readonly heldOut: number;
}

async function costLog(page: Page): Promise<Row[]> {
  const rows = await page.$$eval('#cost-log tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  return rows.map(([iteration, cost, heldOut]) => ({ iteration: Number(iteration), cost: Number(cost), heldOut: Number(heldOut) }));
}

/** The page's costs against Node's: every report, then the final cost, to 1e-5 (relative). */
function expectSameCosts(got: Row[], want: TrainResult, wantHeldOut: number): void {
  const expected: ReportEvent[] = [...want.costs, { iteration: ITERATIONS, cost: want.finalCost }];
  expect(got.map((r) => r.iteration)).toEqual(expected.map((e) => e.iteration));
  got.forEach((row, k) => expect(Math.abs(row.cost - expected[k].cost)).toBeLessThanOrEqual(1e-5 * expected[k].cost));
  expect(Math.abs(got[got.length - 1].heldOut - wantHeldOut)).toBeLessThanOrEqual(1e-5 * wantHeldOut);
  // The cost falls: each report below the first, the last well below it.
  got.slice(1).forEach((row) => expect(row.cost).toBeLessThan(got[0].cost));
  expect(got[got.length - 1].cost).toBeLessThan(0.6 * got[0].cost);
}

async function trainOnPage(page: Page, backend: 'webgpu' | 'cpu'): Promise<Row[]> {
  await page.check(`#backend-${backend}`);
  await page.fill('#iterations', String(ITERATIONS));
  await page.fill('#report-every', String(REPORT_EVERY));
  await page.click('#train');
  await page.waitForFunction((n) => document.body.dataset.trained === String(n) && document.body.dataset.state === 'idle', ITERATIONS, { timeout: 60_000 });
  return costLog(page);
}

describe.skipIf(browserMissing)('the web playground in headless Chromium', () => {
  let context: BrowserContext;
  let server: Server;
  let url: string;
  const dist = mkdtempSync(join(tmpdir(), 'nnc-playground-'));
  const profile = mkdtempSync(join(tmpdir(), 'nnc-chromium-'));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await build({ root: join(ROOT, 'packages/playground'), configFile: join(ROOT, 'packages/playground/vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
    ({ server, url } = await serve(dist));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    rmSync(dist, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('trains the flower on WebGPU and on the CPU with Node\'s costs, shows a typo\'s diagnostic, and exports ONNX that onnxruntime runs', async () => {
    const { model, train, heldOut } = flower();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForSelector('body[data-webgpu]', { timeout: 30_000 });
    // The summary and the equations: nnc check's and nnc explain's text, as Node writes them.
    expect(await page.textContent('#summary')).toBe(renderSummary(model, summarize(model, 400)));
    expect(await page.textContent('#equations')).toBe(explainModel(model, { format: 'text' }));
    expect(await page.textContent('#equations')).toContain('A[1] = tanh(Z[1])');
    await page.selectOption('#equations-format', 'latex');
    expect(await page.textContent('#equations')).toBe(explainModel(model, { format: 'latex' }));
    await page.selectOption('#equations-format', 'text');
    await page.screenshot({ path: join(ARTIFACTS, '1-loaded.png'), fullPage: true });
    await page.click('#cost-log-details summary');

    // WebGPU: the page's device, against Dawn in Node.
    const pageHasGpu = (await page.getAttribute('body', 'data-webgpu')) === 'yes';
    if (process.env.CI !== undefined) expect(pageHasGpu).toBe(true);
    if (pageHasGpu && gpu !== null) {
      expect(await page.textContent('#backend-status')).toMatch(/^WebGPU adapter: /);
      const node = await createWebGpuModel(gpu.device, compileWebGpuPlan(model, { nncVersion: NNC_VERSION }));
      const X = Float32Array.from(train.X);
      const want = await node.train(X, Float32Array.from(train.Y), train.m, { iterations: ITERATIONS, reportEvery: REPORT_EVERY });
      const wantHeldOut = await node.cost(Float32Array.from(heldOut.X), Float32Array.from(heldOut.Y), heldOut.m);
      node.dispose();
      const got = await trainOnPage(page, 'webgpu');
      expect(await page.textContent('#training-status')).toMatch(/^webgpu on .*: done at iteration 300/);
      expectSameCosts(got, want, wantHeldOut);
      await page.screenshot({ path: join(ARTIFACTS, '2-trained-webgpu.png'), fullPage: true });
    } else {
      console.warn('the page found no WebGPU adapter: the WebGPU half of the test is skipped');
    }

    // CPU: the generated WebAssembly module, in the page's worker and in Node.
    const wasm = (await loadWasmModule(await emitWasmModule(compile(model).schedule))).createModel({ threads: 1 });
    wasm.initialize(model.seed);
    const wantCpu = wasm.train(train.X, train.Y, train.m, { iterations: ITERATIONS, reportEvery: REPORT_EVERY });
    const cpuHeldOut = wasm.cost(heldOut.X, heldOut.Y, heldOut.m);
    const gotCpu = await trainOnPage(page, 'cpu');
    expect(await page.textContent('#training-status')).toMatch(/^wasm simd128.*1 thread: done at iteration 300/);
    expectSameCosts(gotCpu, wantCpu, cpuHeldOut);
    expect(await page.getAttribute('#boundary', 'aria-label')).toBe(`decision boundary at iteration ${ITERATIONS} over the ${train.m} training points`);
    await page.screenshot({ path: join(ARTIFACTS, '3-trained-cpu.png'), fullPage: true });

    // A typo on line 4: the diagnostic is there, at that line, and Train says why it is disabled.
    await page.locator('.cm-line', { hasText: 'dense 4 tanh' }).click();
    await page.keyboard.press('End');
    for (let k = 0; k < 4; k++) await page.keyboard.press('Backspace');
    await page.keyboard.type('tahn');
    await page.waitForSelector('.cm-lintRange-error');
    const diagnostic = await page.textContent('#diagnostics');
    expect(diagnostic).toMatch(/^error \S+ at line 4, column 11: .*'tahn'.*tanh/);
    expect(await page.isDisabled('#train')).toBe(true);
    expect(await page.textContent('#train-reason')).toContain('Train is disabled: error');
    expect(await page.textContent('#train-reason')).toContain('line 4');
    expect(await page.textContent('#equations')).toBe('1 error: fix it to see the equations');
    await page.hover('.cm-lintRange-error');
    await page.waitForSelector('.cm-tooltip-lint');
    expect(await page.textContent('.cm-tooltip-lint')).toContain('tahn');
    await page.screenshot({ path: join(ARTIFACTS, '4-diagnostic.png'), fullPage: true });

    // Fixed: no diagnostic, Train enabled again.
    await page.locator('.cm-line', { hasText: 'dense 4 tahn' }).click();
    await page.keyboard.press('End');
    for (let k = 0; k < 4; k++) await page.keyboard.press('Backspace');
    await page.keyboard.type('tanh');
    await page.waitForFunction(() => document.querySelector('.cm-lintRange-error') === null && document.getElementById('diagnostics')!.textContent === '');
    expect(await page.isEnabled('#train')).toBe(true);
    expect(await page.textContent('#train-reason')).toBe('');
    expect(await page.textContent('#equations')).toBe(explainModel(model, { format: 'text' }));
    await page.screenshot({ path: join(ARTIFACTS, '5-fixed.png'), fullPage: true });

    // Train again (the edit dropped the trained model), download the ONNX file, run it in onnxruntime.
    await trainOnPage(page, 'cpu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-onnx')]);
    expect(download.suggestedFilename()).toBe('planar.onnx');
    const onnxPath = join(dist, 'planar.onnx');
    await download.saveAs(onnxPath);
    const rows = toRows(train.X, train.m);
    const { results, stderr } = runOnnxruntime([{ model: onnxPath, rows }]);
    expect(stderr).toBe('');
    const expected = wasm.forward(train.X, train.m);
    expect(results[0].outputs.output.data.length).toBe(train.m);
    results[0].outputs.output.data.forEach((value, j) => expect(Math.abs(value - expected[j])).toBeLessThan(1e-5));

    // The weights file: nnc's format, the weights Node's run ends with.
    const [weightsDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-weights')]);
    expect(weightsDownload.suggestedFilename()).toBe('planar.weights.json');
    const weights = JSON.parse(readFileSync((await weightsDownload.path())!, 'utf8')) as ParametersFile;
    expect(weights.format).toBe('nnc-parameters');
    expect(weights.sourceSha256).toBe(model.source.sha256);
    expect(weights.training?.iterations).toBe(ITERATIONS);
    const nodeLayers = wasm.getParameters();
    weights.layers.forEach((layer, l) => {
      layer.W.flat().forEach((w, k) => expect(Math.abs(w - nodeLayers[l].W.flat()[k])).toBeLessThanOrEqual(1e-12));
      layer.b.forEach((b, k) => expect(Math.abs(b - nodeLayers[l].b[k])).toBeLessThanOrEqual(1e-12));
    });
    wasm.dispose();

    // The generated TypeScript: byte for byte what Node emits for the same source (its hash included).
    const [tsDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-ts')]);
    expect(tsDownload.suggestedFilename()).toBe('planar.ts');
    expect(readFileSync((await tsDownload.path())!, 'utf8')).toBe(emitTypeScript(compile(model).schedule));

    // A CSV of the user's: its header gives the label columns.
    await page.setInputFiles('#csv-file', join(ROOT, 'examples/data/three_species.csv'));
    await page.waitForFunction(() => (document.getElementById('data') as HTMLSelectElement).value === 'dropped');
    expect(await page.$$eval('#label-column option', (options) => options.map((o) => o.textContent))).toEqual([
      'sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species',
    ]);
    expect(await page.inputValue('#label-column')).toBe('species');
    // The real CSV reader's problems, the feature count first (as nnc train checks it).
    expect(await page.textContent('#train-reason')).toBe(
      "Train is disabled: three_species.csv has 4 features (sepal_length, sepal_width, petal_length, petal_width), model 'planar' takes 2",
    );
    expect(await page.isDisabled('#train')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, '6-dropped-csv.png'), fullPage: true });

    // Keyboard: Tab leaves the editor (it is not captured for indentation), and Train works from Enter.
    await page.locator('.cm-content').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(true);

    // Phone width: the same page, one column.
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await pageWidth()).toBeLessThanOrEqual(1280);
    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing wider than the phone: the panels stack, long lines scroll inside their own boxes.
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, '7-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);

  it('says when the browser has no WebGPU adapter, and trains on the CPU', async () => {
    const page = await context.newPage();
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
    await page.goto(url);
    await page.waitForSelector('body[data-webgpu="no"]', { timeout: 30_000 });
    expect(await page.textContent('#backend-status')).toMatch(/^No WebGPU adapter in this browser \(.*\): training runs on the CPU\.$/);
    expect(await page.isDisabled('#backend-webgpu')).toBe(true);
    expect(await page.isChecked('#backend-cpu')).toBe(true);
    await page.fill('#iterations', '100');
    await page.locator('#train').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.trained === '100', undefined, { timeout: 60_000 });
    expect(await page.textContent('#training-status')).toMatch(/^wasm simd128.*: done at iteration 100, cost 0\.\d+$/);
    const first = await costLog(page);
    await page.screenshot({ path: join(ARTIFACTS, '8-no-webgpu.png'), fullPage: true });

    // Stop: a long run stops between pieces, and the page answers while it runs.
    await page.click('#reset');
    await page.fill('#iterations', '1000000');
    await page.click('#train');
    await page.waitForFunction(() => document.querySelectorAll('#cost-log tbody tr').length >= 3);
    expect(await page.isEnabled('#stop')).toBe(true);
    await page.click('#stop');
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    expect(await page.textContent('#training-status')).toMatch(/: stopped at iteration [1-9]\d*00, cost /);

    // Changing the data while it trains drops the run: nothing failed, Train is there again.
    await page.click('#train');
    await page.waitForFunction(() => document.querySelectorAll('#cost-log tbody tr').length >= 2);
    await page.selectOption('#holdout', '0.1');
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    expect(await page.textContent('#training-status')).toBe('not trained yet');
    expect(await page.isEnabled('#train')).toBe(true);
    await page.selectOption('#holdout', '0.2');

    // Reset: fresh weights from the model's seed, so the same 100 iterations give the same costs.
    await page.click('#reset');
    expect(await page.textContent('#training-status')).toBe('not trained yet');
    expect(await costLog(page)).toEqual([]);
    await page.fill('#iterations', '100');
    await page.click('#train');
    await page.waitForFunction(() => document.body.dataset.trained === '100' && document.body.dataset.state === 'idle', undefined, { timeout: 60_000 });
    expect(await costLog(page)).toEqual(first);
    await page.close();
  }, 60_000);
});
