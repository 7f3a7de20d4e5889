/**
 * nnc as published packages (issue 11, item 9): `npm pack` of every workspace package (from the
 * built dist/, which `npm test` builds first), installed from those tarballs into empty projects.
 *
 *   a tool project   all six tarballs: `npx nnc` compiles (JavaScript), trains and exports;
 *   a runner project @nnc/model and @nnc/runtime-cpu only: the generated module runs, with the
 *                    weights file read by the runtime, and gives `nnc predict`'s numbers; the
 *                    compiler toolchain (TypeScript, ts-morph, chevrotain, the compiler and the
 *                    parser) is not installed;
 *   a WebGPU project @nnc/model and @nnc/runtime-webgpu only: the generated WebGPU module (as
 *                    JavaScript) imports its runtime, again without the toolchain.
 *
 * Installs are offline where npm's cache can answer (`--offline`); npm ci caches package
 * tarballs but not the registry's metadata, so where that fails they fall back to
 * `--prefer-offline` (the cache first, the registry for what it lacks).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['model', 'dsl', 'compiler', 'runtime-cpu', 'runtime-webgpu', 'cli'] as const;
const TOOLCHAIN = ['typescript', 'ts-morph', 'chevrotain', '@nnc/compiler', '@nnc/dsl', 'wabt', 'commander'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

function expectOk(result: SpawnSyncReturns<string>, what: string): void {
  expect(result.status, `${what}:\n${result.stdout}\n${result.stderr}`).toBe(0);
}

/** An empty ES-module project with the given tarballs installed. */
function project(name: string, tarballs: readonly string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `nnc-${name}`, private: true, type: 'module' })}\n`);
  // The repository's .npmrc keeps onnxruntime-node's install from downloading CUDA binaries.
  copyFileSync(join(ROOT, '.npmrc'), join(dir, '.npmrc'));
  let install = run(NPM, ['install', '--offline', ...tarballs], dir);
  if (install.status !== 0 && /ENOTCACHED/.test(install.stderr)) install = run(NPM, ['install', '--prefer-offline', ...tarballs], dir);
  expectOk(install, `npm install in ${name}`);
  return dir;
}

/** Package names installed in a project (scoped ones as @scope/name). */
function installed(dir: string): string[] {
  const modules = join(dir, 'node_modules');
  return readdirSync(modules).flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry]));
}

let work = '';
const tarball: Record<string, string> = {};

beforeAll(() => {
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) throw new Error('packages/cli/dist is missing: build first with `npx tsc -b` (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'nnc-packaging-'));
  const packs = join(work, 'packs');
  mkdirSync(packs);
  for (const name of PACKAGES) {
    const packed = run(NPM, ['pack', '--pack-destination', packs, '--json'], join(ROOT, 'packages', name));
    expectOk(packed, `npm pack of ${name}`);
    const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
    tarball[name] = join(packs, filename);
  }
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack of every package, installed into empty projects', () => {
  let tool = '';

  it('packs what an install needs: dist without tests, the bin, the model sources the emitters paste', () => {
    const files = (name: string) => run('tar', ['tzf', tarball[name]], work).stdout.split('\n');
    expect(files('cli')).toContain('package/bin/nnc.js');
    expect(files('model')).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/src/api-checks.ts', 'package/src/weights-file.ts', 'package/src/numpy-random.ts']));
    for (const name of PACKAGES) expect(files(name).filter((file) => /\.test\.|test-support/.test(file)), name).toEqual([]);
  });

  it('gives a working npx nnc: compile to JavaScript, train, export', () => {
    tool = project('tool', PACKAGES.map((name) => tarball[name]));
    copyFileSync(join(ROOT, 'examples/planar.nn'), join(tool, 'planar.nn'));
    copyFileSync(join(ROOT, 'examples/data/planar_flower.csv'), join(tool, 'flower.csv'));
    const nnc = (...args: string[]) => run('npx', ['--no', '--', 'nnc', ...args], tool);
    expect(nnc('--version').stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
    expectOk(nnc('compile', 'planar.nn', '-o', 'planar.js'), 'nnc compile');
    expectOk(nnc('compile', 'planar.nn', '--target', 'webgpu', '-o', 'planar.webgpu.js'), 'nnc compile --target webgpu');
    const train = nnc('train', 'planar.nn', '--data', 'flower.csv', '--label', 'y', '--iterations', '1000', '--save', 'w.json');
    expectOk(train, 'nnc train');
    expect(train.stdout).toMatch(/^iteration\s+0\s+cost 0\.693048$/m);
    expectOk(nnc('predict', 'planar.nn', '--weights', 'w.json', '--data', 'flower.csv', '-o', 'p.csv'), 'nnc predict');
    const exported = nnc('export', 'planar.nn', '--weights', 'w.json', '-o', 'planar.onnx');
    expectOk(exported, 'nnc export');
    expect(readFileSync(join(tool, 'planar.onnx')).length).toBeGreaterThan(500);
  }, 600_000);

  it('runs the generated module with @nnc/runtime-cpu alone, without the compiler toolchain', () => {
    const runner = project('runner', [tarball.model, tarball['runtime-cpu']]);
    const packages = installed(runner);
    expect(packages).toEqual(expect.arrayContaining(['@nnc/model', '@nnc/runtime-cpu']));
    for (const heavy of TOOLCHAIN) expect(packages, heavy).not.toContain(heavy);
    for (const file of ['planar.js', 'w.json', 'flower.csv']) copyFileSync(join(tool, file), join(runner, file));
    writeFileSync(
      join(runner, 'main.js'),
      `import { readFileSync } from 'node:fs';
import { loadCsv, loadGeneratedModule, readParametersFile } from '@nnc/runtime-cpu';
const { createModel } = await loadGeneratedModule(readFileSync('planar.js', 'utf8'));
const model = createModel();
const weights = readParametersFile('w.json', model.meta.sizes);
if (!weights.ok) throw new Error(weights.errors.join('\\n'));
model.loadWeights(weights.parameters);
const data = loadCsv('flower.csv', { label: 'y', loss: model.meta.loss });
if (!data.ok) throw new Error(data.errors.join('\\n'));
const { probabilities, classes } = model.predict(data.dataset.X, data.dataset.m);
process.stdout.write(JSON.stringify({ probabilities: Array.from(probabilities), classes }));
`,
    );
    const ran = run(process.execPath, ['main.js'], runner);
    expectOk(ran, 'node main.js');
    const got = JSON.parse(ran.stdout) as { probabilities: number[]; classes: string[] };
    const rows = readFileSync(join(tool, 'p.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    expect(got.classes).toEqual(rows.map((row) => row[1]));
    rows.forEach((row, j) => expect(Math.abs(got.probabilities[j] - Number(row[0]))).toBeLessThanOrEqual(1e-9));
  }, 300_000);

  it('imports the generated WebGPU module with @nnc/runtime-webgpu alone, without the compiler toolchain', () => {
    const gpu = project('gpu', [tarball.model, tarball['runtime-webgpu']]);
    const packages = installed(gpu);
    for (const heavy of TOOLCHAIN) expect(packages, heavy).not.toContain(heavy);
    copyFileSync(join(tool, 'planar.webgpu.js'), join(gpu, 'planar.webgpu.js'));
    writeFileSync(join(gpu, 'main.js'), "const module = await import('./planar.webgpu.js');\nprocess.stdout.write(`${typeof module.createModel} ${module.PLAN.meta.name} ${module.PLAN.meta.nncVersion}`);\n");
    const ran = run(process.execPath, ['main.js'], gpu);
    expectOk(ran, 'node main.js');
    expect(ran.stdout).toBe(`function planar ${JSON.parse(readFileSync(join(ROOT, 'packages/model/package.json'), 'utf8')).version}`);
  }, 300_000);
});
