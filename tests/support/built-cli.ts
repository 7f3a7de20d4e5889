/**
 * The BUILT command line (`node packages/cli/bin/nnc.js`, which runs packages/cli/dist; `npm test`
 * builds it first with `tsc -b`) in a child process, as a user runs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'packages/cli/bin/nnc.js');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) {
    throw new Error('packages/cli/dist is missing: build first with `npx tsc -b` (npm test does)');
  }
}

export function nnc(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Run {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: options.env ?? process.env,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/**
 * Starts `nnc args`, sends `signal` once its stdout matches `when`, and resolves when it has
 * ended. A run that never matches is killed after `deadline` ms (the test then fails on its code).
 */
export function nncSignalled(args: readonly string[], signal: NodeJS.Signals, when: RegExp, deadline = 60_000): Promise<Run & { signalled: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr, signalled] = ['', '', false];
    const timer = setTimeout(() => child.kill('SIGKILL'), deadline);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && when.test(stdout)) {
        signalled = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, signalled });
    });
  });
}
