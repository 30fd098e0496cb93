#!/usr/bin/env node
// The only file that touches `process`: it hands argv and the standard streams to the CLI and sets the exit code.
import { run } from '../dist/cli/run.js';
import { createNodeLab } from '../dist/platform/lab/node-lab.js';
import { createNodeIo } from '../dist/platform/node-io.js';
import { createWorkerCaseRunner } from '../dist/platform/parallel/worker-case-runner.js';
import { createNodeSnapshotPort } from '../dist/platform/snapshot/snapshot-port.js';

// The lab traps SIGINT/SIGTERM only while it runs, to remove its namespaces; a second signal ends at once.
const lab = createNodeLab({
  trapSignals: (onSignal) => {
    let count = 0;
    const handler = (signal) => {
      if (++count > 1) process.exit(130);
      onSignal(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
});

process.exitCode = await run(process.argv.slice(2), createNodeIo(process.stdout, process.stderr), {
  lab,
  caseRunner: createWorkerCaseRunner(),
  snapshot: createNodeSnapshotPort(),
});
