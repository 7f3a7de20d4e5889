import type { Command } from 'commander';

// Placeholder: filled in by the work on `nnc export`.
export function registerExport(program: Command, setExitCode: (code: number) => void): void {
  void program;
  void setExitCode;
}
