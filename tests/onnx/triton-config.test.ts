/**
 * The Triton Inference Server model repository that docs/scaling.md shows (its config.pbtxt is
 * read from the document itself), checked against the model `nnc export --with-class` writes:
 * onnxruntime-node loads it, and the config's input and output names, data types and dims are
 * the ONNX graph's, with the batch dimension (symbolic in the graph) left to max_batch_size as
 * Triton expects. A batch of 3 comes back with the shapes the config declares.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPath, runCli } from '../support/cli.js';
import { fileSnippet } from '../support/markdown-snippets.js';

interface TensorConfig {
  readonly name: string;
  readonly dataType: string;
  readonly dims: number[];
}

interface ModelConfig {
  readonly name: string;
  readonly backend: string;
  readonly maxBatchSize: number;
  readonly input: TensorConfig[];
  readonly output: TensorConfig[];
}

/** The fields of a config.pbtxt this test checks (protobuf text format, the subset Triton's examples use). */
export function parseModelConfig(text: string): ModelConfig {
  const scalar = (field: string, from: string): string => {
    const match = new RegExp(`(?:^|\\s)${field}:\\s*("([^"]*)"|\\S+)`).exec(from);
    if (match === null) throw new Error(`config.pbtxt: no ${field}`);
    return match[2] ?? match[1];
  };
  const list = (field: string): TensorConfig[] => {
    const start = new RegExp(`(?:^|\\n)${field}\\s*\\[`).exec(text);
    if (start === null) throw new Error(`config.pbtxt: no ${field} [ ... ]`);
    let depth = 0;
    let end = start.index + start[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '[') depth++;
      if (text[end] === ']' && --depth === 0) break;
    }
    const body = text.slice(start.index + start[0].length, end);
    return [...body.matchAll(/\{([^{}]*)\}/g)].map(([, entry]) => ({
      name: scalar('name', entry),
      dataType: scalar('data_type', entry),
      dims: (/dims:\s*\[([^\]]*)\]/.exec(entry)?.[1] ?? '').split(',').map((d) => Number(d.trim())),
    }));
  };
  return { name: scalar('name', text), backend: scalar('backend', text), maxBatchSize: Number(scalar('max_batch_size', text)), input: list('input'), output: list('output') };
}

const ONNX_TYPES: Record<string, string> = { TYPE_FP32: 'float32', TYPE_INT64: 'int64' };
const dir = mkdtempSync(join(tmpdir(), 'nnc-triton-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Triton model repository of docs/scaling.md', () => {
  const config = parseModelConfig(fileSnippet(readFileSync(repoPath('docs/scaling.md'), 'utf8'), 'model_repository/flower/config.pbtxt'));

  it('parses: an onnxruntime model with batching', () => {
    expect(config.name).toBe('flower');
    expect(config.backend).toBe('onnxruntime');
    expect(config.maxBatchSize).toBeGreaterThan(0);
  });

  it("matches the exported graph's inputs and outputs, names, types and dims", async () => {
    const weights = join(dir, 'flower.json');
    const train = await runCli(['train', repoPath('examples/planar.nn'), '--data', repoPath('examples/data/planar_flower.csv'), '--label', 'y', '--iterations', '200', '--save', weights]);
    expect(train.code, train.stderr).toBe(0);
    mkdirSync(join(dir, 'flower/1'), { recursive: true });
    const path = join(dir, 'flower/1/model.onnx');
    const exported = await runCli(['export', repoPath('examples/planar.nn'), '--weights', weights, '--with-class', '-o', path]);
    expect(exported.code, exported.stderr).toBe(0);

    const session = await ort.InferenceSession.create(path);
    expect(config.input.map((t) => t.name)).toEqual(session.inputNames);
    expect(config.output.map((t) => t.name)).toEqual(session.outputNames);
    const check = (declared: TensorConfig[], actual: readonly ort.InferenceSession.ValueMetadata[]) =>
      declared.forEach((tensor, k) => {
        const value = actual[k];
        if (!value.isTensor) throw new Error(`${value.name} is not a tensor`);
        expect(ONNX_TYPES[tensor.dataType], tensor.name).toBe(value.type);
        // max_batch_size > 0: Triton prepends the batch dimension, which the graph leaves symbolic.
        expect(typeof value.shape[0], tensor.name).toBe('string');
        expect(value.shape.slice(1), tensor.name).toEqual(tensor.dims);
      });
    check(config.input, session.inputMetadata);
    check(config.output, session.outputMetadata);

    const batch = 3;
    const input = new ort.Tensor('float32', Float32Array.from([1, 2, -1, 0.5, 3, -2]), [batch, ...config.input[0].dims]);
    const result = await session.run({ [config.input[0].name]: input });
    for (const tensor of config.output) expect(result[tensor.name].dims).toEqual([batch, ...tensor.dims]);
    const probabilities = Array.from(result.output.data as Float32Array);
    expect(Array.from(result.class.data as BigInt64Array, Number)).toEqual(probabilities.map((p) => (p > 0.5 ? 1 : 0)));
  });
});
