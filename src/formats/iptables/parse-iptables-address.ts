import { type Cidr, maskOf, parseCidr } from '../../core/net/cidr.js';
import { parseIpv4 } from '../../core/net/ipv4.js';

/**
 * Parses the argument of `-s`/`-d`: an address, `address/prefix`, or `address/dotted-mask` (iptables-save
 * prints a mask that is not contiguous in dotted form; only contiguous masks are accepted here). Host names,
 * which iptables would resolve, are refused.
 */
export function parseIptablesAddress(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || !text.slice(slash + 1).includes('.')) return parseCidr(text);
  const mask = parseIpv4(text.slice(slash + 1));
  if (mask === undefined) return undefined;
  const prefix = prefixOfMask(mask);
  return prefix === undefined ? undefined : parseCidr(`${text.slice(0, slash)}/${prefix}`);
}

function prefixOfMask(mask: number): number | undefined {
  for (let prefix = 0; prefix <= 32; prefix++) if (maskOf(prefix) === mask) return prefix;
  return undefined;
}
