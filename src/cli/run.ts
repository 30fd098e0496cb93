import { Command, CommanderError } from '@commander-js/extra-typings';
import type { Io } from '../platform/io.js';
import { FileReadError } from '../platform/io.js';
import { type Lab, LabError } from '../platform/lab/lab-port.js';
import type { CaseRunner } from '../platform/parallel/case-runner.js';
import { CliError } from './cli-error.js';
import { labCommand } from './commands/lab.js';
import { simulateCommand } from './commands/simulate.js';
import { VERSION } from './version.js';

/** Ports to the machine beyond Io; absent ones make their commands say they are unavailable. */
export interface CliPorts {
  readonly lab?: Lab;
  /** Runs simulate's cases (worker threads in the compiled CLI); in-process when absent. */
  readonly caseRunner?: CaseRunner;
}

/** Runs the CLI with argv (without node and script) and returns the exit code. Never exits the process. */
export async function run(argv: readonly string[], io: Io, ports: CliPorts = {}): Promise<number> {
  const program = new Command('portclash')
    .description('Find, reproduce and fix the Linux SNAT port-allocation race on container hosts')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(
    simulateCommand(io, ports.caseRunner)
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr }),
  );
  const lab = labCommand(io, ports.lab)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const sub of lab.commands)
    sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(lab);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.stderr(`portclash: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof LabError) {
      io.stderr(`portclash: lab: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof FileReadError) {
      io.stderr(`portclash: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
