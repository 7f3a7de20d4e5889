import type { Command } from 'commander';

// Placeholder: filled in by the work on `nnc train`.
export function registerTrain(program: Command, setExitCode: (code: number) => void): void {
  void program;
  void setExitCode;
}
