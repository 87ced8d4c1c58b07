#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from '../cli/cli.js';
import { ignoreClosedReader } from '../cli/closed-output.js';

// V8 optimizes a function once it has run a little (its "interrupt budget"). A Gantry run is a
// short process: its per-task code runs a few thousand times and then never again, and
// optimizing it cost more CPU on V8's background threads than it saved (≈1.5 of the 3.5 CPU s
// of a 2,000-host dry run). Fifteen times the default budget still optimizes what stays hot, later.
// Set before main() runs: the budget is read as functions warm up, not when they are loaded.
setFlagsFromString('--interrupt-budget=1000000');

ignoreClosedReader(process.stdout);
process.exitCode = await main(process.argv.slice(2));
