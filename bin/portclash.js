#!/usr/bin/env node
// The only file that touches `process`: it hands argv and the standard streams to the CLI and sets the exit code.
// The ports to the machine are built only for the command that needs them (start-up time counts).
import { run } from '../dist/cli/run.js';
import { createNodeIo } from '../dist/platform/node-io.js';

const argv = process.argv.slice(2);
const command = argv.find((a) => !a.startsWith('-'));
const ports = {};
if (command === 'simulate') {
  const { createWorkerCaseRunner } = await import('../dist/platform/parallel/worker-case-runner.js');
  ports.caseRunner = createWorkerCaseRunner();
} else if (command === 'lab') {
  const { createNodeLab } = await import('../dist/platform/lab/node-lab.js');
  // The lab traps SIGINT/SIGTERM only while it runs, to remove its namespaces; a second signal ends at once.
  ports.lab = createNodeLab({
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
} else if (command === 'doctor' || command === 'snapshot') {
  const { createNodeSnapshotPort } = await import('../dist/platform/snapshot/snapshot-port.js');
  ports.snapshot = createNodeSnapshotPort();
}

process.exitCode = await run(argv, createNodeIo(process.stdout, process.stderr), ports);
