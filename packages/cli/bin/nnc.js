#!/usr/bin/env node
import { dropOutputOnClosedPipe } from '../dist/closed-pipe.js';
import { commandOf } from '../dist/command-table.js';
import { useChevrotainBundle } from '../dist/fast-chevrotain.js';
import { main } from '../dist/main.js';

dropOutputOnClosedPipe(process.stdout);
dropOutputOnClosedPipe(process.stderr);
const argv = process.argv.slice(2);
// Every command parses a .nn file; `--help` and `--version` do not.
if (commandOf(argv) !== null) useChevrotainBundle();
process.exitCode = await main(argv);
