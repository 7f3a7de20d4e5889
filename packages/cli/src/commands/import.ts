import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { OnnxImportError, importOnnx } from '@nnc/compiler/onnx';
import { layerSizes } from '@nnc/dsl/ir';
import { makeParametersFile, writeFileAtomic, writeParametersFile } from '@nnc/runtime-cpu';
import type { Command } from 'commander';
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
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(modelPath);
      } catch (error) {
        throw new UserError(`cannot read ${modelPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      let imported: ReturnType<typeof importOnnx>;
      try {
        imported = importOnnx(bytes, modelPath);
      } catch (error) {
        if (error instanceof OnnxImportError) throw new UserError(error.message);
        throw error;
      }
      const { model, params, source } = imported;
      const output = options.output ?? `${modelPath.slice(0, modelPath.length - extname(modelPath).length)}.nn`;
      const written: string[] = [];
      let writing = output;
      try {
        writeFileAtomic(output, source);
        written.push(output);
        if (options.weightsOut) {
          writing = options.weightsOut;
          const meta = { name: model.name, sourceSha256: model.source.sha256 };
          writeParametersFile(options.weightsOut, makeParametersFile(meta, params));
          written.push(options.weightsOut);
        }
      } catch (error) {
        throw new UserError(`cannot write ${writing}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const sizes = layerSizes(model).join(' -> ');
      process.stdout.write(`imported model '${model.name}' (${sizes}) from ${modelPath}; wrote ${written.join(', ')}\n`);
    });
}
