import { InvalidArgumentError } from '@commander-js/extra-typings';
import { type Cidr, parseCidr } from '../../core/net/cidr.js';
import type { CollectOptions } from '../../platform/snapshot/collect-snapshot.js';
import { VERSION } from '../version.js';

/** A commander parser for `--vpc-cidr 10.0.0.0/16[,172.31.0.0/16]`, repeatable; rejects what is not IPv4 CIDR. */
export function vpcCidrOption(value: string, previous: readonly Cidr[] = []): Cidr[] {
  const out = [...previous];
  for (const part of value.split(',').map((p) => p.trim())) {
    const cidr = part.includes('/') ? parseCidr(part) : undefined;
    if (!cidr) throw new InvalidArgumentError(`expected an IPv4 CIDR such as 10.0.0.0/16, got '${part}'`);
    out.push(cidr);
  }
  return out;
}

/** A commander parser that collects a repeated option (`--from a --from b`). */
export function collectOption(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** What `doctor` (live) and `snapshot` ask the collector for; the table is digested (doctor) or spooled (snapshot). */
export function liveCollectOptions(
  opts: { readonly interval?: number; readonly allNetns?: true; readonly conntrackTable?: true },
  conntrackTableTo: CollectOptions['conntrackTableTo'],
): CollectOptions {
  return {
    tool: `portclash ${VERSION}`,
    ...(opts.interval !== undefined && { intervalS: opts.interval }),
    allNetns: opts.allNetns === true,
    // Streamed either way: a 1 M-entry table is never held in memory.
    conntrackTable: opts.conntrackTable === true,
    ...(conntrackTableTo !== undefined && { conntrackTableTo }),
  };
}
