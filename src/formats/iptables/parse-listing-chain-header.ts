import type { RuleCounters } from './nat-chains.js';
import { parseListingCount } from './parse-listing-count.js';

export interface ListingChainHeader {
  readonly name: string;
  readonly policy?: string;
  readonly counters?: RuleCounters;
  readonly references?: number;
}

const HEADER = /^Chain (\S+) \((.*)\)\s*$/;

/**
 * `Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)`, `Chain POSTROUTING (policy ACCEPT)`, `Chain DOCKER (2
 * references)` (print_header in iptables/xshared.c). undefined when the line is not a chain header at all.
 */
export function parseListingChainHeader(text: string): ListingChainHeader | 'malformed' | undefined {
  if (!text.startsWith('Chain ')) return undefined;
  const m = HEADER.exec(text);
  if (!m) return 'malformed';
  const name = m[1] ?? '';
  const inside = m[2] ?? '';
  const refs = /^(\d+) references$/.exec(inside);
  if (refs) return { name, references: Number(refs[1]) };
  if (inside === 'ERROR obtaining refs') return { name };
  const policy = /^policy (\S+)(?: (\S+) packets, (\S+) bytes)?$/.exec(inside);
  if (!policy) return 'malformed';
  const packets = policy[2] === undefined ? undefined : parseListingCount(policy[2]);
  const bytes = policy[3] === undefined ? undefined : parseListingCount(policy[3]);
  if (policy[2] !== undefined && (!packets || !bytes)) return 'malformed';
  const counters =
    packets && bytes
      ? {
          packets: packets.value,
          bytes: bytes.value,
          ...((packets.approximate || bytes.approximate) && { approximate: true }),
        }
      : undefined;
  return { name, policy: policy[1] ?? '', ...(counters && { counters }) };
}
