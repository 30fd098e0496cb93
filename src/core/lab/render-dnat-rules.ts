import { formatIpv4 } from '../net/ipv4.js';
import type { LabDnatService } from './plan-lab-topology.js';

/**
 * kube-proxy's iptables rules for a service (nat PREROUTING, as iptables-save prints them): backend i of n is
 * taken with probability 1/(n−i) (`-m statistic --mode random`), the last one unconditionally, so each new flow
 * lands on a backend uniformly.
 */
export function renderIptablesDnat(service: LabDnatService): string[] {
  const n = service.backends.length;
  return service.backends.map((b, i) => {
    const head = `-A PREROUTING -d ${formatIpv4(service.address)}/32 -p ${service.proto} -m ${service.proto} --dport ${service.port}`;
    const pick = i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(11)}` : '';
    return `${head}${pick} -j DNAT --to-destination ${formatIpv4(b.ip)}:${b.port}`;
  });
}

/**
 * The same in nftables (kube-proxy's nft mode spells it as a `numgen random mod n` map): one rule per service.
 * The backends must share one port, which an nft map from numbers to addresses cannot vary; undefined otherwise.
 */
export function renderNftDnat(service: LabDnatService): string | undefined {
  const port = service.backends[0]?.port;
  if (port === undefined || service.backends.some((b) => b.port !== port)) return undefined;
  const map = service.backends.map((b, i) => `${i} : ${formatIpv4(b.ip)}`).join(', ');
  return `ip daddr ${formatIpv4(service.address)} ${service.proto} dport ${service.port} dnat to numgen random mod ${service.backends.length} map { ${map} }:${port}`;
}
