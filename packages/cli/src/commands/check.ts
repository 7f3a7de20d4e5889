import type { Command } from 'commander';

// Placeholder: filled in by the work on `nnc check`.
export function registerCheck(program: Command, setExitCode: (code: number) => void): void {
  void program;
  void setExitCode;
}
