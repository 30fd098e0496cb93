#!/usr/bin/env node
// The only file that touches `process`: it hands argv and the standard streams to the CLI and sets the exit code.
import { run } from '../dist/cli/run.js';
import { createNodeIo } from '../dist/platform/node-io.js';

process.exitCode = await run(process.argv.slice(2), createNodeIo(process.stdout, process.stderr));
