/** Test support: runs `nnc ...args` in-process and captures its exit code and output. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function nnc(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

/** An example's path relative to the working directory, as a user would type it. */
export const example = (name: string): string => relative(process.cwd(), `${EXAMPLES}${name}`);
