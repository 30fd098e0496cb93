import type { Change } from './change.js';
import { OWNERS } from './owner.js';

/** One line saying what to change, for reports. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'add-random-fully':
      return `${change.lasting ? '' : 'stop-gap (the owner rewrites it): '}in ${change.at.backend} table ${change.at.table} chain ${change.at.chain}, replace \`${change.at.rule}\` with \`${change.replacement}\``;
    case 'insert-return':
      return `${change.lasting ? '' : 'stop-gap (the owner rewrites it): '}in ${change.before.backend} table ${change.before.table}, insert \`${change.rule}\` before \`${change.before.rule}\``;
    case 'owner-setting':
      return `${OWNERS[change.owner].label}: ${change.setting}`;
    case 'resolver-option':
      return `add \`options ${change.option}\` to ${change.where}`;
    case 'sysctl':
      return `sysctl -w ${change.key}=${change.value}${change.current === undefined ? '' : ` (now ${change.current})`}`;
    case 'upgrade-kernel':
      return `upgrade the kernel to ${change.atLeast} or later: ${change.why}`;
    case 'collect':
      return `collect \`${change.argv.join(' ')}\`: ${change.why}`;
    case 'use-one-backend':
      return `move the rules out of ${change.remove}: ${change.why}`;
    case 'check':
      return change.what;
    default: {
      const never: never = change;
      return never;
    }
  }
}
