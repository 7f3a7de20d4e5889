import { OnnxImportError, importOnnx } from '@nnc/compiler/onnx';
import { layerSizes } from '@nnc/dsl/ir';
import { makeParametersFile } from '@nnc/runtime-cpu';
import type { Command } from 'commander';
import { readBinaryFile, siblingPath, writeOutput, writeParametersOutput } from '../files.js';
import { UserError } from '../user-error.js';

interface ImportOptions {
  readonly output?: string;
  readonly weightsOut?: string;
}

/** `nnc import model.onnx -o out.nn [--weights-out weights.json]` */
export function registerImport(program: Command, setExitCode: (code: number) => void): void {
  void setExitCode; // every failure here is a UserError
  program
    .command('import')
    .description('read an ONNX model of the family nnc exports (dense layers) back as .nn and weights')
    .argument('<model>', 'the .onnx file')
    .option('-o, --output <file>', 'the .nn file to write (default: <model>.nn)')
    .option('--weights-out <file>', 'also write the weights as an nnc parameters file (JSON)')
    .action((modelPath: string, options: ImportOptions) => {
      const bytes = readBinaryFile(modelPath);
      let imported: ReturnType<typeof importOnnx>;
      try {
        imported = importOnnx(bytes, modelPath);
      } catch (error) {
        if (error instanceof OnnxImportError) throw new UserError(error.message);
        throw error;
      }
      const { model, params, source } = imported;
      const output = options.output ?? siblingPath(modelPath, '.nn');
      const written: string[] = [];
      writeOutput(output, source);
      written.push(output);
      if (options.weightsOut) {
        const meta = { name: model.name, sourceSha256: model.source.sha256 };
        writeParametersOutput(options.weightsOut, makeParametersFile(meta, params));
        written.push(options.weightsOut);
      }
      const sizes = layerSizes(model).join(' -> ');
      process.stdout.write(`imported model '${model.name}' (${sizes}) from ${modelPath}; wrote ${written.join(', ')}\n`);
    });
}
