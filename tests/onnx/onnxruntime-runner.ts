/**
 * Runs ONNX models in onnxruntime-node (CPU execution provider) in a child process, so that
 * everything onnxruntime logs natively (it writes straight to file descriptor 2, past Node's
 * process.stderr) is captured and tests can assert that loading and running logged nothing.
 * Logging is set to severity "warning": warnings and errors would show, info would not.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface OrtJob {
  /** Path of the .onnx file. */
  readonly model: string;
  /** Rows of the `input` tensor: one example per row. */
  readonly rows: readonly (readonly number[])[];
}

export interface OrtTensor {
  readonly type: string;
  readonly dims: number[];
  readonly data: number[];
}

export interface OrtResult {
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly outputs: Record<string, OrtTensor>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SCRIPT = `
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
ort.env.logLevel = 'warning';
const jobs = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const job of jobs) {
  const session = await ort.InferenceSession.create(job.model, {
    executionProviders: ['cpu'],
    logSeverityLevel: 2,
    logVerbosityLevel: 0,
  });
  const cols = job.rows[0].length;
  const input = new ort.Tensor('float32', Float32Array.from(job.rows.flat()), [job.rows.length, cols]);
  const fetched = await session.run({ input });
  const outputs = {};
  for (const name of session.outputNames) {
    const t = fetched[name];
    outputs[name] = { type: t.type, dims: [...t.dims], data: Array.from(t.data, Number) };
  }
  results.push({ inputNames: [...session.inputNames], outputNames: [...session.outputNames], outputs });
  await session.release();
}
process.stdout.write(JSON.stringify(results));
`;

/** Runs every job in one onnxruntime process; `stderr` is everything it logged. */
export function runOnnxruntime(jobs: readonly OrtJob[]): { results: OrtResult[]; stderr: string } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: REPO_ROOT,
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`onnxruntime child exited with ${child.status}:\n${child.stderr}`);
  }
  return { results: JSON.parse(child.stdout) as OrtResult[], stderr: child.stderr };
}
