/**
 * The BUILT command line (`node packages/cli/bin/nnc.js`, which runs packages/cli/dist; `npm test`
 * builds it first with `tsc -b`) as a user runs it, in a child process: train the flower network,
 * export it to ONNX, import it back, and evaluate both; exit codes, the costs the course publishes
 * (0.693048 at iteration 0, 0.288083 at 1000), and no partial output files when a write fails or
 * the process is killed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/nnc.js');
const PLANAR = join(ROOT, 'examples/planar.nn');
const FLOWER = join(ROOT, 'examples/data/planar_flower.csv');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function nnc(args: string[]): Run {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const reportedCosts = (stdout: string) =>
  [...stdout.matchAll(/^iteration\s+(\d+)\s+cost (\S+)$/gm)].map((match) => [Number(match[1]), match[2]] as const);
const evaluationCost = (stdout: string) => Number(/^evaluation cost (\S+),/m.exec(stdout)?.[1]);

/** Files in `dir`, sorted (dot files included). */
const listing = (dir: string) => readdirSync(dir).sort();

beforeAll(() => {
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) {
    throw new Error('packages/cli/dist is missing: build first with `npx tsc -b` (npm test does)');
  }
});

describe('the built nnc CLI', () => {
  it('explains the flower network as the README tour does (npx nnc explain examples/planar.nn)', () => {
    const run = nnc(['explain', 'examples/planar.nn']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const golden = readFileSync(join(ROOT, 'packages/compiler/goldens/explain/planar.txt'), 'utf8');
    expect(run.stdout).toBe(golden.replace('(planar.nn)', '(examples/planar.nn)'));
    expect(run.stdout).toMatch(/^ {2}dZ\[2\] = A\[2\] - Y +\(1, m\)$/m);
  });

  it('trains planar.nn (published costs), exports to ONNX and imports it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-built-cli-'));
    const weights = join(dir, 'planar.json');
    const train = nnc(['train', PLANAR, '--data', FLOWER, '--label', 'y', '--iterations', '2000', '--save', weights]);
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect(reportedCosts(train.stdout)).toEqual([
      [0, '0.693048'],
      [1000, '0.288083'],
    ]);
    expect(train.stdout).toContain(`saved parameters to ${weights}`);
    const saved = JSON.parse(readFileSync(weights, 'utf8')) as { format: string; training: { iterations: number; cost: number } };
    expect(saved.format).toBe('nnc-parameters');
    expect(saved.training.iterations).toBe(2000);

    const onnxFile = join(dir, 'planar.onnx');
    const exported = nnc(['export', PLANAR, '--weights', weights, '-o', onnxFile]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(readFileSync(onnxFile).length).toBeGreaterThan(500);

    const [modelBack, weightsBack] = [join(dir, 'back.nn'), join(dir, 'back.json')];
    const imported = nnc(['import', onnxFile, '-o', modelBack, '--weights-out', weightsBack]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(readFileSync(modelBack, 'utf8')).toMatch(/dense 4 tanh\s+dense 1 sigmoid/);
    expect(listing(dir)).toEqual(['back.json', 'back.nn', 'planar.json', 'planar.onnx']);

    // The round trip through float32 ONNX keeps the model: same cost to 1e-5.
    const original = nnc(['evaluate', PLANAR, '--weights', weights, '--data', FLOWER, '--label', 'y']);
    const roundTrip = nnc(['evaluate', modelBack, '--weights', weightsBack, '--data', FLOWER, '--label', 'y']);
    expect([original.code, roundTrip.code]).toEqual([0, 0]);
    expect(evaluationCost(original.stdout)).toBeCloseTo(saved.training.cost, 6);
    expect(Math.abs(evaluationCost(roundTrip.stdout) - evaluationCost(original.stdout))).toBeLessThan(1e-5);
  });

  it('fails with exit 1 and a clear message when the output directory is missing, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-built-cli-'));
    const missing = join(dir, 'missing');
    const train = nnc(['train', PLANAR, '--data', FLOWER, '--label', 'y', '--iterations', '5', '--save', join(missing, 'w.json')]);
    expect(train.code).toBe(1);
    expect(train.stderr).toBe(`nnc: cannot write ${join(missing, 'w.json')}: no such file or directory\n`);
    expect(train.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(listing(dir)).toEqual([]);

    const weights = join(dir, 'w.json');
    expect(nnc(['train', PLANAR, '--data', FLOWER, '--label', 'y', '--iterations', '5', '--save', weights]).code).toBe(0);
    const exported = nnc(['export', PLANAR, '--weights', weights, '-o', join(missing, 'p.onnx')]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toBe(`nnc: cannot write ${join(missing, 'p.onnx')}: no such file or directory\n`);
    expect(listing(dir)).toEqual(['w.json']);
  });

  it('leaves an existing --save file intact when training is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-built-cli-'));
    const weights = join(dir, 'w.json');
    const before = '{"an earlier": "file"}\n';
    writeFileSync(weights, before);
    const checkpoint = join(dir, 'checkpoint.json');
    const child = spawn(
      process.execPath,
      [BIN, 'train', PLANAR, '--data', FLOWER, '--label', 'y', '--iterations', '100000000', '--report-every', '1000', '--save', weights, '--checkpoint', checkpoint, '--checkpoint-every', '50'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Never leave the 10^8-iteration run behind, whatever happens to the test.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/^iteration\s+2000\s/m.test(stdout)) child.kill('SIGKILL'); // well inside training, checkpoints being written
    });
    try {
      expect(await killed).toBe('SIGKILL');
    } finally {
      clearTimeout(deadline);
    }
    expect(stdout).toMatch(/^iteration\s+2000\s+cost 0\.254385$/m);
    expect(readFileSync(weights, 'utf8')).toBe(before);
    // Checkpoints were written every 50 iterations: the last one is complete, anything else is
    // only the temporary file of a write the kill interrupted.
    expect(listing(dir)).toContain('checkpoint.json');
    for (const name of listing(dir)) {
      if (name === 'w.json') continue;
      if (name === 'checkpoint.json') {
        const parsed = JSON.parse(readFileSync(checkpoint, 'utf8')) as { format: string; layers: unknown[] };
        expect([parsed.format, parsed.layers.length]).toEqual(['nnc-parameters', 2]);
      } else {
        expect(name).toMatch(/^\.checkpoint\.json\.\d+\.\d+\.tmp$/);
      }
    }
  });
});
