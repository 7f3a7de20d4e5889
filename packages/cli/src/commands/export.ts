import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { OnnxExportError, ONNX_OPSET_VERSION, exportOnnx } from '@nnc/compiler/onnx';
import { formatDiagnostic, parseModel } from '@nnc/dsl';
import { layerSizes, type ModelIR, type ParametersFile } from '@nnc/dsl/ir';
import { readParametersFile, writeFileAtomic } from '@nnc/runtime-cpu';
import type { Command } from 'commander';
import { UserError } from '../user-error.js';
import { NNC_VERSION } from '../version.js';

interface ExportOptions {
  readonly weights: string;
  readonly output?: string;
  readonly withClass?: boolean;
}

/** `nnc export model.nn --weights weights.json -o model.onnx [--with-class]` */
export function registerExport(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('export')
    .description('write a trained model as ONNX (opset 13, float32, input [batch, n_x])')
    .argument('<model>', 'the .nn file')
    .requiredOption('--weights <file>', 'the trained parameters (JSON, as saved by nnc train)')
    .option('-o, --output <file>', 'the .onnx file to write (default: <model>.onnx)')
    .option('--with-class', "add an int64 'class' output: arg-max for softmax, output >= 0.5 for sigmoid")
    .action((modelPath: string, options: ExportOptions) => {
      const model = readModel(modelPath);
      if (!model) return setExitCode(1);
      const parameters = readParameters(options.weights, model);
      let bytes: Uint8Array;
      try {
        bytes = exportOnnx(model, parameters, { withClass: options.withClass === true, producerVersion: NNC_VERSION });
      } catch (error) {
        if (error instanceof OnnxExportError) throw new UserError(error.message);
        throw error;
      }
      const output = options.output ?? `${modelPath.slice(0, modelPath.length - extname(modelPath).length)}.onnx`;
      try {
        writeFileAtomic(output, bytes);
      } catch (error) {
        throw new UserError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const sizes = layerSizes(model).join(' -> ');
      process.stdout.write(`wrote ${output}: ${basename(modelPath)} (${sizes}) as ONNX opset ${ONNX_OPSET_VERSION}, ${bytes.length} bytes\n`);
    });
}

/** Parses the .nn file, printing every diagnostic; null when it has errors. */
function readModel(path: string): ModelIR | null {
  const text = readText(path);
  const { model, diagnostics } = parseModel(text, path);
  for (const diagnostic of diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic, text)}\n`);
  return model;
}

/** The weights file, checked against the model; a different source hash is only a warning. */
function readParameters(path: string, model: ModelIR): ParametersFile {
  const result = readParametersFile(path, layerSizes(model), model.source.sha256);
  if (!result.ok) throw new UserError(result.errors.join('\nnnc: '));
  for (const warning of result.warnings) process.stderr.write(`nnc: warning: ${warning}\n`);
  return result.parameters;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
