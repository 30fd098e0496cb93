import type { CaptureKind } from '../../formats/snapshot/snapshot-manifest.js';

/** One command of a snapshot and the file its output goes to. */
export interface SnapshotStep {
  readonly kind: CaptureKind;
  readonly file: string;
  readonly argv: readonly string[];
}

/** The netfilter sysctls the doctor reads (table size, port range, timeouts). */
export const SNAPSHOT_SYSCTLS: readonly string[] = [
  'net.netfilter.nf_conntrack_max',
  'net.netfilter.nf_conntrack_count',
  'net.netfilter.nf_conntrack_buckets',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
  'net.netfilter.nf_conntrack_tcp_timeout_syn_sent',
  'net.netfilter.nf_conntrack_tcp_timeout_time_wait',
  'net.netfilter.nf_conntrack_tcp_timeout_close_wait',
  'net.netfilter.nf_conntrack_udp_timeout',
  'net.netfilter.nf_conntrack_udp_timeout_stream',
  'net.netfilter.nf_conntrack_generic_timeout',
  'net.ipv4.ip_local_port_range',
];

/** The statistics of one namespace (`` = the collector's own), sample n. */
export function statsSteps(netns: string, sample: number): SnapshotStep[] {
  const dir = netns === '' ? 'stats' : `stats/netns/${netns}`;
  const inNetns = (argv: readonly string[]) =>
    netns === '' ? argv : ['ip', 'netns', 'exec', netns, ...argv];
  return [
    {
      kind: 'proc-net-stat-nf-conntrack',
      file: `${dir}/proc-net-stat-nf_conntrack.${sample}.txt`,
      argv: inNetns(['cat', '/proc/net/stat/nf_conntrack']),
    },
    { kind: 'conntrack-stats', file: `${dir}/conntrack-S.${sample}.txt`, argv: inNetns(['conntrack', '-S']) },
  ];
}

/** Everything taken once: kernel, rules of both backends, nft, sysctls, addresses, resolver. */
export const ONCE_STEPS: readonly SnapshotStep[] = [
  { kind: 'uname-r', file: 'uname-r.txt', argv: ['uname', '-r'] },
  { kind: 'iptables-legacy-save', file: 'iptables/iptables-legacy-save.txt', argv: ['iptables-legacy-save'] },
  { kind: 'iptables-nft-save', file: 'iptables/iptables-nft-save.txt', argv: ['iptables-nft-save'] },
  { kind: 'iptables-save', file: 'iptables/iptables-save.txt', argv: ['iptables-save'] },
  { kind: 'nft-json', file: 'nft-ruleset.json', argv: ['nft', '-j', 'list', 'ruleset'] },
  { kind: 'sysctl', file: 'sysctl.txt', argv: ['sysctl', ...SNAPSHOT_SYSCTLS] },
  { kind: 'ip-addr-json', file: 'ip-addr.json', argv: ['ip', '-j', 'addr'] },
  { kind: 'resolv-conf', file: 'resolv.conf', argv: ['cat', '/etc/resolv.conf'] },
];

export const NETNS_LIST_STEP: SnapshotStep = {
  kind: 'netns-list',
  file: 'netns-list.json',
  argv: ['ip', '-j', 'netns', 'list'],
};

export const CONNTRACK_TABLE_STEP: SnapshotStep = {
  kind: 'conntrack-list',
  file: 'conntrack-L.txt',
  argv: ['conntrack', '-L'],
};

export const CNI_DIRECTORY = '/etc/cni/net.d';
