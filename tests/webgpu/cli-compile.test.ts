// `nnc compile model.nn --target webgpu` writes the generated WebGPU module (the golden's bytes).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';

it('nnc compile --target webgpu writes the WebGPU module of the model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnc-webgpu-'));
  try {
    const out = join(dir, 'planar.webgpu.ts');
    const run = await runCli(['compile', repoPath('examples/planar.nn'), '--target', 'webgpu', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(new URL('./goldens/planar.webgpu.ts', import.meta.url), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
