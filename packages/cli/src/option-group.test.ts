import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addHdf5Options, addScaleOption } from './commands/hdf5-options.js';
import { optionGroup } from './option-group.js';
import { addPictureOptions } from './plots/train-pictures.js';

function parsed(add: (command: Command) => Command, args: string[]): Record<string, unknown> {
  const command = add(new Command('t').exitOverride().configureOutput({ writeErr: () => {} }));
  return command.parse(args, { from: 'user' }).opts();
}

describe('option groups', () => {
  it('add their options in order, with their descriptions, and parse them', () => {
    const add = optionGroup([
      ['--a <n>', 'first', Number],
      ['--b <file>', 'second'],
    ]);
    const command = add(new Command('t'));
    expect(command.options.map((option) => [option.flags, option.description])).toEqual([
      ['--a <n>', 'first'],
      ['--b <file>', 'second'],
    ]);
    expect(parsed(add, ['--a', '12', '--b', 'x.txt'])).toEqual({ a: 12, b: 'x.txt' });
  });

  it('the shared groups read --x/--y, --scale (a number above 0) and --plot/--boundary', () => {
    expect(parsed(addHdf5Options, ['--x', 'train_set_x', '--y', 'train_set_y'])).toEqual({ x: 'train_set_x', y: 'train_set_y' });
    expect(parsed(addScaleOption, ['--scale', '255'])).toEqual({ scale: 255 });
    expect(() => parsed(addScaleOption, ['--scale', '0'])).toThrow("expected a number greater than 0, got '0'");
    expect(parsed(addPictureOptions, ['--plot', 'cost.svg', '--boundary', 'regions.png'])).toEqual({ plot: 'cost.svg', boundary: 'regions.png' });
  });
});
