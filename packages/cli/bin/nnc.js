#!/usr/bin/env node
import { quietOnClosedPipe } from '../dist/closed-pipe.js';
import { main } from '../dist/main.js';

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2));
