import { parseIpv4 } from '../../core/net/ipv4.js';
import { parsePortRange } from './parse-port-range.js';
import type { SnatSource } from './rule-spec.js';

export type ParseToSourceResult =
  | { readonly ok: true; readonly value: SnatSource }
  | { readonly ok: false; readonly code: 'bad-address' | 'bad-port-range'; readonly message: string };

/** Parses SNAT's `--to-source ip[-ip][:port[-port]]`. An address is required; a range must not run backwards. */
export function parseToSource(text: string): ParseToSourceResult {
  const colon = text.indexOf(':');
  const ipsText = colon < 0 ? text : text.slice(0, colon);
  const dash = ipsText.indexOf('-');
  const minIp = parseIpv4(dash < 0 ? ipsText : ipsText.slice(0, dash));
  const maxIp = dash < 0 ? minIp : parseIpv4(ipsText.slice(dash + 1));
  if (minIp === undefined || maxIp === undefined || minIp > maxIp)
    return { ok: false, code: 'bad-address', message: `bad address or address range '${ipsText}'` };
  if (colon < 0) return { ok: true, value: { minIp, maxIp } };
  const portsText = text.slice(colon + 1);
  const ports = parsePortRange(portsText);
  if (ports === undefined)
    return { ok: false, code: 'bad-port-range', message: `bad port range '${portsText}'` };
  return { ok: true, value: { minIp, maxIp, ports } };
}
