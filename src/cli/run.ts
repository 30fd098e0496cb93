import { Command, CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Io } from '../platform/io.js';
import { FileReadError } from '../platform/io.js';
import { type Lab, LabError } from '../platform/lab/lab-port.js';
import type { CaseRunner } from '../platform/parallel/case-runner.js';
import type { SnapshotPort } from '../platform/snapshot/snapshot-port.js';
import { CliError } from './cli-error.js';
import { VERSION } from './version.js';

/** Ports to the machine beyond Io; absent ones make their commands say they are unavailable. */
export interface CliPorts {
  readonly lab?: Lab;
  /** Runs simulate's cases (worker threads in the compiled CLI); in-process when absent. */
  readonly caseRunner?: CaseRunner;
  /** Collects, writes and reads snapshots (doctor, snapshot). */
  readonly snapshot?: SnapshotPort;
}

/** Runs the CLI with argv (without node and script) and returns the exit code. Never exits the process. */
export async function run(argv: readonly string[], io: Io, ports: CliPorts = {}): Promise<number> {
  const program = new Command('portclash')
    .description('Find, reproduce and fix the Linux SNAT port-allocation race on container hosts')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  let exitCode = 0;
  // Commands load on demand: `portclash simulate` does not pay for the lab's or the doctor's modules.
  const factories: Readonly<Record<string, () => Promise<CommandUnknownOpts>>> = {
    simulate: async () => (await import('./commands/simulate.js')).simulateCommand(io, ports.caseRunner),
    lab: async () => (await import('./commands/lab.js')).labCommand(io, ports.lab),
    doctor: async () =>
      (await import('./commands/doctor.js')).doctorCommand(io, ports.snapshot, (code) => {
        exitCode = code;
      }),
    snapshot: async () => (await import('./commands/snapshot.js')).snapshotCommand(io, ports.snapshot),
  };
  const named = argv.find((a) => !a.startsWith('-'));
  // doctor's exit statuses rank findings (1 warnings, 2 critical), so its input errors are 3 (issue #4).
  const inputError = (code: number) => (code !== 0 && named === 'doctor' ? 3 : code);
  const wanted = named !== undefined && named in factories ? [named] : Object.keys(factories);
  for (const name of wanted) {
    const command = await factories[name]!();
    for (const c of [command, ...command.commands]) {
      c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    }
    program.addCommand(command);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : inputError(2);
    if (error instanceof CliError) {
      io.stderr(`portclash: ${error.message}\n`);
      return inputError(error.exitCode);
    }
    if (error instanceof LabError) {
      io.stderr(`portclash: lab: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof FileReadError) {
      io.stderr(`portclash: ${error.message}\n`);
      return inputError(2);
    }
    throw error;
  }
}
