/**
 * Compiles a workload's .nn source to each nnc target the bench runs, through the public path
 * (parseModel -> compile -> emitTypeScript / emitWasmModule), timing parse + passes + emit
 * (for wasm: including wabt's assembly of the embedded binaries), `runs` times in this process;
 * the first run of the first workload also pays the compiler's warm-up. The sources are written
 * into the job directory for the contenders' child processes to load.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseModel, formatDiagnostics } from '@nnc/dsl';
import { compile, emitTypeScript } from '@nnc/compiler';
import { emitWasmModule, wasmBinaries } from '@nnc/compiler/emit-wasm';
import { median } from './agreement.mjs';

/** The file a contender loads: `nnc-ts-f32.ts`, `nnc-wasm-f64.ts`, ... */
export const sourceFile = (kind, precision) => `nnc-${kind}-${precision}.ts`;

/**
 * @param {string} dir the job directory
 * @param {{ workload: string, nn: Record<string, string> }} job
 * @param {{ kind: 'ts' | 'wasm', precision: 'f32' | 'f64' }[]} targets
 * @returns {Promise<{ kind: string, precision: string, compileMs: number, compileRunsMs: number[], generatedBytes: number, wasmBytes: { plain: number, fma: number } | null }[]>}
 */
export async function compileTargets(dir, job, targets, runs) {
  const compiled = [];
  for (const { kind, precision } of targets) {
    const text = job.nn[precision];
    const times = [];
    let source = '';
    let schedule = null;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const { model, diagnostics } = parseModel(text, `bench/${job.workload}.nn`);
      if (model === null) throw new Error(formatDiagnostics(diagnostics, text));
      schedule = compile(model).schedule;
      source = kind === 'ts' ? emitTypeScript(schedule) : await emitWasmModule(schedule);
      times.push(performance.now() - start);
    }
    writeFileSync(join(dir, sourceFile(kind, precision)), source);
    let wasmBytes = null;
    if (kind === 'wasm') {
      const binaries = await wasmBinaries(schedule);
      wasmBytes = { plain: Buffer.from(binaries.plain, 'base64').length, fma: Buffer.from(binaries.fma, 'base64').length };
    }
    compiled.push({ kind, precision, compileMs: median(times), compileRunsMs: times, generatedBytes: Buffer.byteLength(source, 'utf8'), wasmBytes });
  }
  return compiled;
}
