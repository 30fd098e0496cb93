import { Command, Option } from '@commander-js/extra-typings';
import { diagnose, doctorExitCode } from '../../diagnose/diagnose.js';
import type { CaptureSet } from '../../formats/snapshot/capture-set.js';
import type { Io } from '../../platform/io.js';
import { captureSetOfSnapshot } from '../../platform/snapshot/snapshot.js';
import { SnapshotError } from '../../platform/snapshot/snapshot-error.js';
import type { SnapshotPort } from '../../platform/snapshot/snapshot-port.js';
import { doctorJson } from '../../report/doctor-json.js';
import { renderDoctorReport } from '../../report/render-doctor-report.js';
import { CliError } from '../cli-error.js';
import { intOption } from '../parse-int-option.js';
import { collectOption, liveCollectOptions, vpcCidrOption } from './doctor-options.js';

/**
 * `portclash doctor`: live (read-only collection on this machine) or `--from` captures; prints the verdict and the
 * findings, or JSON. Exit status through `setExit`: 0 nothing above info, 1 warnings, 3 critical (2: bad input).
 */
export function doctorCommand(io: Io, port: SnapshotPort | undefined, setExit: (code: number) => void) {
  return new Command('doctor')
    .description(
      'tell whether this host (or a captured one) suffers from the SNAT race, whose rule it is and what to change',
    )
    .addOption(
      new Option(
        '--from <path>',
        'a snapshot archive or directory, a directory of captures, or one pasted file (repeatable); default: this machine',
      ).argParser(collectOption),
    )
    .addOption(
      new Option(
        '--vpc-cidr <cidr>',
        'internal network(s) that need no SNAT (comma-separated, repeatable)',
      ).argParser(vpcCidrOption),
    )
    .addOption(
      new Option('--interval <s>', 'live: two statistics samples this many seconds apart').argParser(
        intOption(1, 3600),
      ),
    )
    .option('--all-netns', 'live: the statistics of every named network namespace too')
    .option('--conntrack-table', 'live: also read the conntrack table (conntrack -L), digested as it streams')
    .option('--json', 'print the diagnosis as JSON (schema portclash.doctor/v1, docs/doctor.md)')
    .action(async (opts) => {
      if (opts.from && (opts.interval !== undefined || opts.allNetns))
        throw new CliError(
          'usage',
          '--interval and --all-netns are for live collection; drop them with --from',
        );
      if (opts.from && opts.conntrackTable)
        throw new CliError(
          'usage',
          '--conntrack-table is for live collection; a dump to read goes in --from',
        );
      if (!port) throw new CliError('usage', 'doctor is not available in this build');
      const sets = opts.from ? await readAll(port, opts.from) : [await collectLive(port, opts)];
      const diagnosis = diagnose(sets, { vpcCidrs: opts.vpcCidr ?? [] });
      const single = sets.length === 1 && sets[0]?.kind === 'file' ? sets[0] : undefined;
      if (single && diagnosis.facts.inputs.every((i) => i.format === 'unknown'))
        throw new CliError(
          'bad-input',
          `${single.origin}:1: not a capture portclash knows (iptables-save, iptables -S/-L, nft list ruleset, nft -j, conntrack -S, /proc/net/stat/nf_conntrack, sysctl, uname -r, ip -j addr, resolv.conf, CNI config, or a snapshot)`,
        );
      if (opts.json) io.stdout(`${JSON.stringify(doctorJson(diagnosis), null, 2)}\n`);
      else
        io.stdout(
          renderDoctorReport(
            diagnosis,
            sets.map((s) => s.origin),
          ),
        );
      setExit(doctorExitCode(diagnosis));
    });
}

async function readAll(port: SnapshotPort, paths: readonly string[]): Promise<CaptureSet[]> {
  const sets: CaptureSet[] = [];
  for (const path of paths) {
    try {
      sets.push(await port.read(path));
    } catch (error) {
      if (error instanceof SnapshotError) throw new CliError('io', `cannot read ${error.message}`);
      throw error;
    }
  }
  return sets;
}

async function collectLive(
  port: SnapshotPort,
  opts: { readonly interval?: number; readonly allNetns?: true; readonly conntrackTable?: true },
): Promise<CaptureSet> {
  const snapshot = await port.collect(liveCollectOptions(opts, 'digest'));
  return captureSetOfSnapshot(snapshot, 'live', 'live');
}
