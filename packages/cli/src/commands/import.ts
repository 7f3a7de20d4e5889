import type { Command } from 'commander';

// Placeholder: filled in by the work on `nnc import`.
export function registerImport(program: Command, setExitCode: (code: number) => void): void {
  void program;
  void setExitCode;
}
