import { Command, Option } from '@commander-js/extra-typings';
import type { Io } from '../../platform/io.js';
import { SnapshotError } from '../../platform/snapshot/snapshot-error.js';
import type { SnapshotPort } from '../../platform/snapshot/snapshot-port.js';
import { CliError } from '../cli-error.js';
import { intOption } from '../parse-int-option.js';
import { liveCollectOptions } from './doctor-options.js';
import { renderSnapshotSummary } from './snapshot-summary.js';

/** `portclash snapshot -o OUT`: collect read-only from this machine into an archive or a directory. */
export function snapshotCommand(io: Io, port: SnapshotPort | undefined) {
  return new Command('snapshot')
    .description('collect, read-only, what the doctor needs from this machine into a .tar.gz or a directory')
    .requiredOption(
      '-o, --output <path>',
      'host.tar.gz (or .tgz, .tar) for an archive, anything else for a directory',
    )
    .addOption(
      new Option(
        '--interval <s>',
        'take the conntrack statistics twice, this many seconds apart (rates)',
      ).argParser(intOption(1, 3600)),
    )
    .option('--all-netns', 'also the statistics of every named network namespace (ip netns exec)')
    .option('--conntrack-table', 'also the conntrack table (conntrack -L; large on busy hosts)')
    .action(async (opts) => {
      if (!port) throw new CliError('usage', 'snapshot is not available in this build');
      if (opts.interval !== undefined)
        io.stderr(`sampling the conntrack statistics twice, ${opts.interval} s apart\n`);
      try {
        // The table goes to a temporary file that the write moves into the output.
        const snapshot = await port.collect(liveCollectOptions(opts, 'file'));
        const written = await port.write(snapshot, opts.output);
        io.stdout(renderSnapshotSummary(snapshot.manifest, written));
      } catch (error) {
        if (error instanceof SnapshotError) throw new CliError('io', `cannot write ${error.message}`);
        throw error;
      }
    });
}
