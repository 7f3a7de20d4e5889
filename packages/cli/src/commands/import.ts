import { OnnxImportError, importOnnx } from '@nnc/compiler/onnx';
import { layerSizes } from '@nnc/dsl/ir';
import { makeParametersFile } from '@nnc/runtime-cpu';
import type { Command } from 'commander';
import { readBinaryFile, siblingPath, writeOutput, writeParametersOutput } from '../files.js';
import { checkOutputs, named } from '../output-files.js';
import { UserError } from '../user-error.js';

interface ImportOptions {
  readonly output?: string;
  readonly weightsOut?: string;
}

/**
 * `nnc import model.onnx -o out.nn [--weights-out weights.json]`: both outputs are checked to be
 * writable before either is written; the weights default to `<output>.weights.json`.
 */
export function registerImport(program: Command, setExitCode: (code: number) => void): void {
  void setExitCode; // every failure here is a UserError
  program
    .command('import')
    .description('read an ONNX model of the family nnc exports (dense layers) back as .nn and weights')
    .argument('<model>', 'the .onnx file')
    .option('-o, --output <file>', 'the .nn file to write (default: <model>.nn)')
    .option('--weights-out <file>', 'the weights as an nnc parameters file (JSON) (default: <output>.weights.json)')
    .action((modelPath: string, options: ImportOptions) => {
      const output = options.output ?? siblingPath(modelPath, '.nn');
      const weightsOut = options.weightsOut ?? siblingPath(output, '.weights.json');
      checkOutputs(named([output, '-o'], [weightsOut, '--weights-out']), named([modelPath, 'the model']));
      const bytes = readBinaryFile(modelPath);
      let imported: ReturnType<typeof importOnnx>;
      try {
        imported = importOnnx(bytes, modelPath);
      } catch (error) {
        if (error instanceof OnnxImportError) throw new UserError(error.message);
        throw error;
      }
      const { model, params, source } = imported;
      const meta = { name: model.name, sourceSha256: model.source.sha256 };
      const { labels, ...content } = params;
      const parameters = { ...makeParametersFile(meta, content), ...(labels ? { labels } : {}) };
      writeOutput(output, source);
      writeParametersOutput(weightsOut, parameters);
      const sizes = layerSizes(model).join(' -> ');
      process.stdout.write(`imported model '${model.name}' (${sizes}) from ${modelPath}; wrote ${output} and weights ${weightsOut}\n`);
    });
}
