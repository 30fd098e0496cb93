import type { Rule } from '../define-rule.js';
import { conntrackDrops } from './conntrack-drops.js';
import { conntrackInsertFailed } from './conntrack-insert-failed.js';
import { conntrackTableFull } from './conntrack-table-full.js';
import { dnsParallelLookups } from './dns-parallel-lookups.js';
import { kernelPortRover } from './kernel-port-rover.js';
import { mixedIptablesBackends } from './mixed-iptables-backends.js';
import { nftXtTargetOpaque } from './nft-xt-target-opaque.js';
import { noRaceEvidence } from './no-race-evidence.js';
import { snatNotFullyRandom } from './snat-not-fully-random.js';
import { snatPortExhaustion } from './snat-port-exhaustion.js';
import { snatToInternalNetwork } from './snat-to-internal-network.js';

/** Every doctor rule, a plain array (the registry). Order is only the tie-break of the report's ranking. */
export const RULES: readonly Rule[] = [
  conntrackDrops,
  conntrackInsertFailed,
  conntrackTableFull,
  snatNotFullyRandom,
  kernelPortRover,
  dnsParallelLookups,
  snatToInternalNetwork,
  snatPortExhaustion,
  mixedIptablesBackends,
  nftXtTargetOpaque,
  noRaceEvidence,
];
