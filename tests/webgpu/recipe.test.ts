/**
 * docs/webgpu-in-your-page.md, run as written: its `sh` blocks in a fresh folder (with the
 * project's node_modules), its `html` block as web/index.html, served by a plain file server to
 * headless Chromium (Debian's, WebGPU on SwiftShader). The page's costs equal Node's (the same
 * generated module's plan on Dawn) to 1e-5.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createWebGpuModel } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';
import { exampleModel, planOf } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const gpu = await deviceForTests();
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

/** The contents of the doc's fenced blocks of one language, in order. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map((match) => match[1]);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.csv': 'text/csv' };

describe.skipIf(gpu === null || browserMissing)('docs/webgpu-in-your-page.md in headless Chromium', () => {
  it('generates, serves and trains the flower model as the recipe says, with the costs of Node', async () => {
    const doc = readFileSync(join(ROOT, 'docs/webgpu-in-your-page.md'), 'utf8');
    const [html] = blocks(doc, 'html');
    const commands = blocks(doc, 'sh');
    expect(commands.length).toBe(2);
    expect(html).toContain('<script type="importmap">');

    const dir = mkdtempSync(join(tmpdir(), 'nnc-recipe-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    copyFileSync(join(ROOT, 'examples/planar.nn'), join(dir, 'planar.nn'));
    copyFileSync(join(ROOT, 'examples/data/planar_flower.csv'), join(dir, 'planar_flower.csv'));
    for (const script of commands) execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, stdio: 'pipe' });
    const web = join(dir, 'web');
    writeFileSync(join(web, 'index.html'), html);

    const server = createServer((request, response) => {
      let path = join(web, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
      if (!path.startsWith(web)) path = web;
      if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
      if (!existsSync(path)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const profile = mkdtempSync(join(tmpdir(), 'nnc-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      await page.waitForFunction(() => (globalThis as { nncResult?: unknown }).nncResult !== undefined, undefined, { timeout: 90_000 });
      const got = (await page.evaluate(() => (globalThis as { nncResult?: unknown }).nncResult)) as {
        error?: string;
        costs: { iteration: number; cost: number }[];
        finalCost: number;
        firstOutputs: number[];
      };
      expect(got.error).toBeUndefined();
      // Only the runtime and the three compiler modules it imports are fetched: no parser, no compiler.
      expect(requested.filter((p) => p.startsWith('/nnc/compiler/')).sort()).toEqual([
        '/nnc/compiler/api-checks.js',
        '/nnc/compiler/emit-wgsl/kernel-source.js',
        '/nnc/compiler/emit-wgsl/webgpu-plan.js',
        '/nnc/compiler/emit-wgsl/wgsl.js',
        '/nnc/compiler/numpy-random.js',
      ]);

      const rows = readFileSync(join(ROOT, 'examples/data/planar_flower.csv'), 'utf8').trim().split('\n').slice(1);
      const m = rows.length;
      const X = new Float32Array(2 * m);
      const Y = new Float32Array(m);
      rows.forEach((line, j) => {
        const [x1, x2, y] = line.split(',').map(Number);
        [X[j], X[m + j], Y[j]] = [x1, x2, y];
      });
      const node = await createWebGpuModel(gpu!.device, planOf(exampleModel('planar.nn')));
      const want = await node.train(X, Y, m, { iterations: 300, reportEvery: 100 });
      const outputs = await node.forward(X, m);
      node.dispose();
      expect(got.costs.map((e) => e.iteration)).toEqual([0, 100, 200]);
      got.costs.forEach((e, k) => expect(Math.abs(e.cost - want.costs[k].cost)).toBeLessThanOrEqual(1e-5 * want.costs[k].cost));
      expect(Math.abs(got.finalCost - want.finalCost)).toBeLessThanOrEqual(1e-5 * want.finalCost);
      got.firstOutputs.forEach((a, j) => expect(Math.abs(a - outputs[j])).toBeLessThanOrEqual(1e-5));
      expect(await page.textContent('#out')).toMatch(/iteration 200: cost \d\.\d{6}\nfinal cost \d\.\d{6} on /);
    } finally {
      await browser.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
