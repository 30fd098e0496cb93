import { type DetectedFormat, detectFormat } from '../formats/detect-format.js';
import type { CaptureKind } from '../formats/snapshot/snapshot-manifest.js';

const FORMAT_OF_KIND: Readonly<Record<CaptureKind, DetectedFormat | undefined>> = {
  'uname-r': 'uname-r',
  'proc-net-stat-nf-conntrack': 'proc-net-stat-nf-conntrack',
  'conntrack-stats': 'conntrack-stats',
  'iptables-save': 'iptables-save',
  'iptables-legacy-save': 'iptables-save',
  'iptables-nft-save': 'iptables-save',
  'nft-json': 'nft-json',
  sysctl: 'sysctl',
  'ip-addr-json': 'ip-addr-json',
  'netns-list': undefined,
  'cni-config': 'cni-config',
  'resolv-conf': 'resolv-conf',
  'conntrack-list': 'conntrack-list',
};

export interface Classification {
  readonly format: DetectedFormat | 'unknown';
  readonly by: 'manifest' | 'content';
  /** Why the content decided it, for a pasted file. */
  readonly reason: string;
}

/** What a file holds: what the manifest says made it, else what its content looks like (never its name). */
export function classifyCapture(text: string, kind: CaptureKind | undefined): Classification {
  if (kind !== undefined) {
    const format = FORMAT_OF_KIND[kind];
    return { format: format ?? 'unknown', by: 'manifest', reason: `the manifest says ${kind}` };
  }
  const detection = detectFormat(text);
  return { format: detection.format, by: 'content', reason: detection.reason };
}
