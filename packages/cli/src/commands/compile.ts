import type { Command } from 'commander';

// Placeholder: filled in by the work on `nnc compile`.
export function registerCompile(program: Command, setExitCode: (code: number) => void): void {
  void program;
  void setExitCode;
}
