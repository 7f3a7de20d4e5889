/**
 * `nnc compile model.nn [-o out.ts|out.js] [--target ts|wasm|webgpu] [--dump-ir=after:<pass>|all]`:
 * compiles the model into a standalone training library (written atomically): TypeScript loops,
 * WebAssembly SIMD kernels embedded in a TypeScript host, or WGSL kernels with a host wrapper;
 * optionally printing the IR after one pass or after every pass on stdout. An output ending in
 * .js (or .mjs) gets JavaScript, an ES module, with its declarations beside it (.d.ts, .d.mts),
 * so that plain Node users need no TypeScript toolchain.
 */
import { compile, emitTypeScript, isPassName, NNC_VERSION, PASSES, toJavaScript, type PassName } from '@nnc/compiler';
import { emitWebGpuModule, emitWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import type { Command } from 'commander';
import { siblingPath, writeOutput } from '../files.js';
import { checkOutputs, named } from '../output-files.js';
import { readModel } from '../inputs.js';
import { UserError } from '../user-error.js';

export const TARGETS = ['ts', 'wasm', 'webgpu'] as const;
export type Target = (typeof TARGETS)[number];

interface CompileCommandOptions {
  readonly out?: string;
  readonly target: string;
  readonly dumpIr?: string;
}

export function registerCompile(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('compile')
    .description('compile a .nn model into a specialised training library')
    .argument('<model>', 'the .nn file')
    .option('-o, --out <file>', 'where to write the generated code (default: the model path with .ts, .wasm.ts or .webgpu.ts); a .js file gets JavaScript and a .d.ts beside it')
    .option('--target <target>', `what to generate: ${TARGETS.join(', ')}`, 'ts')
    .option('--dump-ir <stage>', `print the IR: all, or after:<pass> with pass one of ${PASSES.join(', ')}`)
    .action(async (file: string, options: CompileCommandOptions) => {
      const target = parseTarget(options.target);
      const dumpAfter = options.dumpIr === undefined ? [] : parseDumpIr(options.dumpIr);
      const out = options.out ?? siblingPath(file, target === 'ts' ? '.ts' : `.${target}.ts`);
      const declarations = declarationsPath(out);
      checkOutputs(named([out, '-o'], [declarations, 'the declarations']), named([file, 'the model']));
      const model = readModel(file);
      if (model === null) {
        setExitCode(1);
        return;
      }
      const result = compile(model, { dumpAfter });
      for (const [pass, text] of result.dumps) process.stdout.write(`# after ${pass}\n${text}\n`);
      let source: string;
      switch (target) {
        case 'ts':
          source = emitTypeScript(result.schedule);
          break;
        case 'wasm': {
          // WebAssembly kernels (assembled with wabt) embedded in a standalone TypeScript host.
          const { emitWasmModule } = await import('@nnc/compiler/emit-wasm');
          source = await emitWasmModule(result.schedule);
          break;
        }
        case 'webgpu': {
          // WGSL kernels + a host wrapper that imports @nnc/runtime-webgpu.
          const plan = emitWebGpuPlan(result.schedule, { nncVersion: NNC_VERSION });
          source = emitWebGpuModule(plan, { file: model.source.file, sha256: model.source.sha256 });
          break;
        }
      }
      if (declarations === null) {
        writeOutput(out, source);
        process.stderr.write(`nnc: wrote ${out}\n`);
        return;
      }
      const { js, dts } = toJavaScript(source);
      writeOutput(out, js);
      writeOutput(declarations, dts);
      process.stderr.write(`nnc: wrote ${out} and ${declarations}\n`);
    });
}

/** model.js -> model.d.ts, model.mjs -> model.d.mts; null for a TypeScript output. */
export function declarationsPath(out: string): string | null {
  const match = /\.(m?)js$/i.exec(out);
  return match === null ? null : `${out.slice(0, match.index)}.d.${match[1]}ts`;
}

function parseTarget(value: string): Target {
  if ((TARGETS as readonly string[]).includes(value)) return value as Target;
  throw new UserError(`unknown target '${value}'; expected ${TARGETS.join(' or ')}`);
}

/** `all` or `after:<pass>` (several may be joined with commas: after:simplify,after:schedule). */
export function parseDumpIr(value: string): PassName[] | 'all' {
  if (value === 'all') return 'all';
  return value.split(',').map((part) => {
    const pass = part.startsWith('after:') ? part.slice('after:'.length) : '';
    if (!isPassName(pass)) {
      throw new UserError(`--dump-ir expects 'all' or 'after:<pass>' with pass one of ${PASSES.join(', ')}; got '${part}'`);
    }
    return pass;
  });
}
