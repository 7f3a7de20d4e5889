// The generated WebGPU module in a browser: headless Chromium (Debian's, driven by
// playwright-core, on SwiftShader) loads a page that creates the generated flower model through
// requestNncDevice() (navigator.gpu there), trains it, and reports the same costs as Node.
// The page is served through page.route (a secure context without a server); its modules are
// the generated model and the runtime's sources, transpiled on the fly and joined by an import map.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitWebGpuModule } from '@nnc/compiler/emit-wgsl';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { exampleModel, planOf } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const PACKAGES = new URL('../../packages/', import.meta.url);
const gpu = await deviceForTests();
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
if (browserMissing) console.warn(`Skipping the browser WebGPU test: install Debian's chromium (${CHROMIUM}).`);

/** Where each bare specifier of the runtime lives, as served URLs. */
const IMPORT_MAP = {
  imports: {
    '@nnc/runtime-webgpu': '/pkg/runtime-webgpu/index.js',
    '@nnc/model/webgpu-plan': '/pkg/model/webgpu-plan.js',
    '@nnc/model': '/pkg/model/index.js',
  },
};

function transpile(source: string, fileName: string): string {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText;
}

const ITERATIONS = 200;
const REPORT_EVERY = 50;

describe.skipIf(gpu === null || browserMissing)('the generated WebGPU model in headless Chromium', () => {
  it('trains the flower network and reports the same costs as in Node', async () => {
    const model = exampleModel('planar.nn');
    const plan = planOf(model);
    const generated = transpile(emitWebGpuModule(plan, { file: model.source.file, sha256: model.source.sha256 }), 'model.ts');
    const rows = readFileSync(new URL('../../examples/data/planar_flower.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    const m = rows.length;
    const X = new Float32Array(2 * m);
    const Y = new Float32Array(m);
    rows.forEach((line, j) => {
      const [x1, x2, y] = line.split(',').map(Number);
      [X[j], X[m + j], Y[j]] = [x1, x2, y];
    });

    const node = await createWebGpuModel(gpu!.device, plan);
    const want = await node.train(X, Y, m, { iterations: ITERATIONS, reportEvery: REPORT_EVERY });
    node.dispose();

    const main = `
      import { createModel, requestNncDevice } from '/model.js';
      const data = ${JSON.stringify({ X: Array.from(X), Y: Array.from(Y), m })};
      try {
        const { device, description } = await requestNncDevice();
        const model = await createModel(device);
        const result = await model.train(Float32Array.from(data.X), Float32Array.from(data.Y), data.m, { iterations: ${ITERATIONS}, reportEvery: ${REPORT_EVERY} });
        window.nncResult = { description, costs: result.costs, finalCost: result.finalCost };
      } catch (error) {
        window.nncResult = { error: String(error && error.stack || error) };
      }`;
    const html = `<!doctype html><meta charset="utf-8"><script type="importmap">${JSON.stringify(IMPORT_MAP)}</script><script type="module" src="/main.js"></script>`;

    const profile = mkdtempSync(join(tmpdir(), 'nnc-chromium-'));
    // A persistent context is how playwright takes a fresh --user-data-dir.
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      page.on('console', (message) => console.log(`[chromium] ${message.text()}`));
      await page.route('http://localhost/**', async (route) => {
        const path = new URL(route.request().url()).pathname;
        const js = (body: string) => route.fulfill({ status: 200, contentType: 'text/javascript', body });
        if (path === '/' || path === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
        if (path === '/main.js') return js(main);
        if (path === '/model.js') return js(generated);
        const match = /^\/pkg\/([a-z-]+)\/(.+)\.js$/.exec(path);
        if (match !== null) {
          const file = new URL(`${match[1]}/src/${match[2]}.ts`, PACKAGES);
          if (existsSync(file)) return js(transpile(readFileSync(file, 'utf8'), file.pathname));
        }
        return route.fulfill({ status: 404, body: `not found: ${path}` });
      });
      await page.goto('http://localhost/index.html');
      await page.waitForFunction(() => (globalThis as { nncResult?: unknown }).nncResult !== undefined, undefined, { timeout: 90_000 });
      const got = (await page.evaluate(() => (globalThis as { nncResult?: unknown }).nncResult)) as {
        error?: string;
        description?: string;
        costs: { iteration: number; cost: number }[];
        finalCost: number;
      };
      expect(got.error).toBeUndefined();
      expect(got.costs.map((e) => e.iteration)).toEqual(want.costs.map((e) => e.iteration));
      got.costs.forEach((e, k) => expect(Math.abs(e.cost - want.costs[k].cost)).toBeLessThanOrEqual(1e-5 * want.costs[k].cost));
      expect(Math.abs(got.finalCost - want.finalCost)).toBeLessThanOrEqual(1e-5 * want.finalCost);
      console.log(`browser (${got.description}): final cost ${got.finalCost}; Node: ${want.finalCost}`);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
