import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandOf } from './command-table.js';

describe('the command table', () => {
  it("lists each command with the description of its own module's --help", async () => {
    for (const entry of COMMANDS) {
      const program = new Command('nnc');
      (await entry.load())(program, () => {});
      expect([program.commands[0].name(), program.commands[0].description()]).toEqual([entry.name, entry.summary]);
    }
  });

  it('finds the command an argument list runs, and none for the program options', () => {
    expect(commandOf(['train', 'm.nn', '--data', 'd.csv'])?.name).toBe('train');
    expect(commandOf(['help', 'parity'])?.name).toBe('parity');
    expect(commandOf(['--version'])).toBeNull();
    expect(commandOf(['--help'])).toBeNull();
    expect(commandOf(['trian'])).toBeNull();
  });
});
