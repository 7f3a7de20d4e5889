import { basename } from 'node:path';
import { OnnxExportError, ONNX_OPSET_VERSION, exportOnnx } from '@nnc/compiler/onnx';
import { layerSizes } from '@nnc/dsl/ir';
import type { Command } from 'commander';
import { siblingPath, writeOutput } from '../files.js';
import { checkOutputs, named } from '../output-files.js';
import { readModel, readParameters } from '../inputs.js';
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
    .option('--with-class', "add an int64 'class' output: arg-max for softmax, output > 0.5 for sigmoid")
    .action((modelPath: string, options: ExportOptions) => {
      const output = options.output ?? siblingPath(modelPath, '.onnx');
      checkOutputs(named([output, '-o']), named([modelPath, 'the model'], [options.weights, '--weights']));
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
      writeOutput(output, bytes);
      const sizes = layerSizes(model).join(' -> ');
      process.stdout.write(`wrote ${output}: ${basename(modelPath)} (${sizes}) as ONNX opset ${ONNX_OPSET_VERSION}, ${bytes.length} bytes\n`);
    });
}
