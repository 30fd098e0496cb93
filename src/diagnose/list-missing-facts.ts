import type { CaptureKind, ManifestEntry } from '../formats/snapshot/snapshot-manifest.js';
import type { FactName, Facts, MissingFact } from './facts.js';
import type { FactsDraft } from './facts-draft.js';

const KINDS_OF: Readonly<Record<FactName, readonly CaptureKind[]>> = {
  kernel: ['uname-r'],
  'nat-rules': ['iptables-save', 'iptables-legacy-save', 'iptables-nft-save', 'nft-json'],
  'iptables-legacy': ['iptables-legacy-save'],
  'iptables-nft': ['iptables-nft-save'],
  'conntrack-stats': ['conntrack-stats', 'proc-net-stat-nf-conntrack'],
  'conntrack-rates': [],
  sysctls: ['sysctl'],
  addresses: ['ip-addr-json'],
  'resolv-conf': ['resolv-conf'],
  'cni-config': ['cni-config'],
};

const ABSENT: Readonly<Record<FactName, string>> = {
  kernel: 'no `uname -r` in the input',
  'nat-rules': 'no iptables-save, iptables -S/-L or nft ruleset in the input',
  'iptables-legacy': 'no iptables-legacy-save in the input',
  'iptables-nft': 'no iptables-nft-save in the input',
  'conntrack-stats': 'no `conntrack -S` or /proc/net/stat/nf_conntrack in the input',
  'conntrack-rates':
    'one statistics sample only: counters are totals since boot (`portclash snapshot --interval S` takes two)',
  sysctls: 'no netfilter sysctls in the input',
  addresses: 'no `ip -j addr` in the input',
  'resolv-conf': 'no resolv.conf in the input',
  'cni-config': 'no CNI configuration in the input',
};

/** Which facts no input provided, with the collector's reason when a snapshot tried and failed. */
export function listMissingFacts(facts: Omit<Facts, 'missing'>, draft: FactsDraft): MissingFact[] {
  const have: Readonly<Record<FactName, boolean>> = {
    kernel: facts.kernel !== undefined,
    'nat-rules': facts.nat.length > 0 || draft.iptablesBackends.size > 0,
    'iptables-legacy':
      draft.iptablesBackends.has('iptables-legacy') || facts.nat.some((r) => r.backend === 'iptables-legacy'),
    'iptables-nft':
      draft.iptablesBackends.has('iptables-nft') ||
      facts.nat.some((r) => r.backend === 'iptables-nft' && !r.throughNft),
    'conntrack-stats': facts.conntrack.length > 0,
    'conntrack-rates': facts.conntrack.length === 0 || facts.conntrack.some((s) => s.growth !== undefined),
    sysctls: Object.keys(facts.sysctls).some((k) => k.startsWith('net.netfilter.')),
    addresses: facts.interfaces.length > 0,
    'resolv-conf': facts.resolv !== undefined,
    'cni-config': facts.cni.length > 0,
  };
  return (Object.keys(have) as FactName[])
    .filter((fact) => !have[fact])
    .map((fact) => ({ fact, reason: failureReason(draft.failed, KINDS_OF[fact]) ?? ABSENT[fact] }));
}

function failureReason(failed: readonly ManifestEntry[], kinds: readonly CaptureKind[]): string | undefined {
  const entry = failed.find((e) => kinds.includes(e.kind) && e.netns === undefined);
  if (!entry) return undefined;
  const why =
    entry.error ??
    (entry.stderr.split('\n')[0] ||
      (entry.exitStatus === null ? 'did not run' : `exit status ${entry.exitStatus}`));
  return `\`${entry.argv.join(' ')}\`: ${why}`;
}
