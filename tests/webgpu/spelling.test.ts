// Each WGSL spelling means what the op table says: every elementwise op, spelled by the WGSL
// emitter's table and run on the GPU, matches OPS[op].scalar on sample values (f32 tolerance).
import { describe, expect, it } from 'vitest';
import { OPS, type ElementwiseOp, type OpAttrs } from '@nnc/compiler';
import { WGSL_SPELLING, type WgslSpelling, helperCode, ident, mapKernel, wgsl } from '@nnc/compiler/emit-wgsl';
import { GpuProgram } from '@nnc/runtime-webgpu';
import { deviceForTests } from '@nnc/runtime-webgpu/testing';

const gpu = await deviceForTests();

/** Sample arguments per op: inside each op's domain (log of positives, bce of probabilities). */
const X = [-3.5, -1, -0.25, 0, 0.3, 0.9, 2, 7.5];
const PROBABILITY = [0.01, 0.2, 0.5, 0.7, 0.99, 0.35, 0.6, 0.8];
const LABEL = [0, 1, 1, 0, 1, 0, 0, 1];
const POSITIVE = [0.01, 0.5, 1, 2, 3.5, 10, 0.2, 7];

const CASES: { [K in ElementwiseOp]: { args: number[][]; attrs: OpAttrs[K] } } = {
  add: { args: [X, POSITIVE], attrs: {} },
  sub: { args: [X, POSITIVE], attrs: {} },
  mul: { args: [X, POSITIVE], attrs: {} },
  div: { args: [X, POSITIVE], attrs: {} },
  neg: { args: [X], attrs: {} },
  exp: { args: [X], attrs: {} },
  log: { args: [POSITIVE], attrs: {} },
  square: { args: [X], attrs: {} },
  sqrt: { args: [POSITIVE], attrs: {} },
  sigmoid: { args: [X], attrs: {} },
  tanh: { args: [X.map((x) => x * 5)], attrs: {} },
  relu: { args: [X], attrs: {} },
  leaky_relu: { args: [X], attrs: { slope: 0.01 } },
  relu_grad: { args: [X], attrs: {} },
  leaky_relu_grad: { args: [X], attrs: { slope: 0.2 } },
  bce: { args: [PROBABILITY, LABEL], attrs: {} },
  cce: { args: [PROBABILITY, LABEL], attrs: {} },
  mse: { args: [X, POSITIVE], attrs: {} },
  bce_logits: { args: [X.map((x) => x * 10), LABEL], attrs: {} },
};

describe.skipIf(gpu === null)('WGSL spelling of the op table', () => {
  for (const op of Object.keys(CASES) as ElementwiseOp[]) {
    it(op, async () => {
      const { args, attrs } = CASES[op] as { args: number[][]; attrs: never };
      const names = args.map((_, k) => `arg${k}`);
      const spelling = WGSL_SPELLING[op] as WgslSpelling<typeof op>;
      const spelled = spelling.spell(
        names.map((n) => wgsl`${ident(n)}[j]`),
        attrs,
      );
      const kernel = mapKernel({ name: op, rows: 1, cols: X.length, reads: names, outs: [{ buffer: 'out', value: spelled }] });
      // Only the helper the table names is included: a spelling that calls another one fails to compile.
      const code = [...helperCode(spelling.helper === undefined ? [] : [spelling.helper]).map((h) => h.text), kernel.code.text].join('\n');
      const buffers = [...names, 'out'].map((name) => ({ name, role: 'scratch' as const, rows: 1, cols: X.length }));
      const program = await GpuProgram.create(gpu!.device, buffers, [{ ...kernel, code }], { tile: 4, linear: 8 });
      program.ensureCapacity(1);
      names.forEach((n, k) => program.write(n, args[k]));
      program.writeSteps([{ m: 1, t: 1, bias1: 1, bias2: 1 }]);
      const encoder = gpu!.device.createCommandEncoder();
      program.encode(encoder, [op], 0, 1);
      gpu!.device.queue.submit([encoder.finish()]);
      const got = await program.read('out', X.length);
      const meaning = (OPS[op].scalar as (attrs: never) => (...x: number[]) => number)(attrs);
      got.forEach((value, j) => {
        const want = meaning(...args.map((a) => Math.fround(a[j])));
        expect(Math.abs(value - want), `${op} at ${args.map((a) => a[j]).join(', ')}`).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want)));
      });
      program.dispose();
    });
  }
});
