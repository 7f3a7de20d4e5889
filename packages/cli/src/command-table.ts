/**
 * The commands of `nnc`, each loaded only when it runs: `nnc --help` and `nnc --version` load
 * none of them (no parser, compiler or runtime), `nnc check` only the parser. The summaries are
 * what `nnc --help` lists; each command's own `--help` comes from its module (a test keeps the
 * two descriptions equal).
 */
import type { Command } from 'commander';

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, setExitCode: SetExitCode) => void;

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'check a .nn model and show its shapes, parameters, memory and cost',
    load: async () => (await import('./commands/check.js')).registerCheck,
  },
  {
    name: 'compile',
    summary: 'compile a .nn model into a specialised training library',
    load: async () => (await import('./commands/compile.js')).registerCompile,
  },
  {
    name: 'explain',
    summary: 'print the equations a model trains with: forward pass, cost, backward pass and update, with shapes',
    load: async () => (await import('./commands/explain.js')).registerExplain,
  },
  {
    name: 'train',
    summary: 'train a model on a data set (CSV, JSON, .npy or HDF5) and save its parameters',
    load: async () => (await import('./commands/train.js')).registerTrain,
  },
  {
    name: 'predict',
    summary: 'write the predictions of trained weights for each example as CSV',
    load: async () => (await import('./commands/predict.js')).registerPredict,
  },
  {
    name: 'evaluate',
    summary: 'cost, accuracy and confusion matrix (classifiers) or RMSE (regression) of trained weights on labelled data',
    load: async () => (await import('./commands/evaluate.js')).registerEvaluate,
  },
  {
    name: 'gradcheck',
    summary: "check the generated backward pass against central differences of the cost (the course's gradient check)",
    load: async () => (await import('./commands/gradcheck.js')).registerGradcheck,
  },
  {
    name: 'parity',
    summary: 'train a few steps on every available backend from the same weights and compare the results',
    load: async () => (await import('./commands/parity.js')).registerParity,
  },
  {
    name: 'export',
    summary: 'write a trained model as ONNX (opset 13, float32, input [batch, n_x])',
    load: async () => (await import('./commands/export.js')).registerExport,
  },
  {
    name: 'import',
    summary: 'read an ONNX model of the family nnc exports (dense layers) back as .nn and weights',
    load: async () => (await import('./commands/import.js')).registerImport,
  },
];

/**
 * The command that `argv` runs (`train` in `nnc train ...`, `nnc help train`), or null for the
 * program's own options (`--help`, `--version`) and unknown names.
 */
export function commandOf(argv: readonly string[]): CommandEntry | null {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name) ?? null;
}
