import { formatIpv4, type Ipv4, toIpv4 } from '../net/ipv4.js';
import type { NatRule } from '../netfilter/nat-rule.js';
import type { Scenario } from '../scenario/scenario.js';
import { type LabAddressMap, mapLabCidr, mapLabIp, mapLabNatRules } from './lab-address-map.js';
import { labNetnsName } from './lab-netns-name.js';
import { withPortableComment } from './render-iptables-restore.js';

/** One command of the set-up, as an argument array (never a shell string). */
export interface LabCommand {
  readonly argv: readonly string[];
}

export interface LabContainerNetns {
  readonly name: string;
  readonly netns: string;
  /** Lab address (198.18.x.y). */
  readonly address: Ipv4;
}

/** An "external" namespace: one per distinct destination address, reachable only through the node. */
export interface LabServerNetns {
  readonly netns: string;
  readonly address: Ipv4;
  /** TCP ports a server accepts and closes on. */
  readonly tcpPorts: readonly number[];
  /** UDP ports a DNS responder answers A and AAAA queries on. */
  readonly udpPorts: readonly number[];
  readonly destinations: readonly string[];
}

export interface LabTopology {
  readonly runId: string;
  readonly nodeNetns: string;
  /** Every namespace of the run, in creation order (node first). */
  readonly namespaces: readonly string[];
  readonly containers: readonly LabContainerNetns[];
  readonly servers: readonly LabServerNetns[];
  /** The commands after `ip netns add`; each one runs inside a lab namespace (`ip -n`, `ip netns exec`). */
  readonly setup: readonly LabCommand[];
  /** Conntrack sysctls of the node; they exist only once the nat table has pulled in conntrack. */
  readonly afterRules: readonly LabCommand[];
  /** The scenario's nat POSTROUTING rules on lab addresses, as they are installed. */
  readonly rules: readonly NatRule[];
  /** DNAT'ed UDP services (kube-proxy ClusterIPs), lab addresses: nat PREROUTING rules to their backends. */
  readonly services: readonly LabDnatService[];
  /** Destinations without a lab server yet (DNAT'ed TCP services), for the report. */
  readonly notes: readonly string[];
}

/** A service address the node DNATs to one of its backends, each new flow uniformly at random. */
export interface LabDnatService {
  readonly name: string;
  readonly proto: 'udp';
  readonly address: Ipv4;
  readonly port: number;
  readonly backends: readonly { readonly ip: Ipv4; readonly port: number }[];
}

export type PlanLabTopologyResult =
  | { readonly ok: true; readonly topology: LabTopology }
  | { readonly ok: false; readonly error: string };

const RESERVED_NAMES = /^(lo|pc[vx]\d+)$/;

/**
 * The namespaces and the `ip`/`sysctl` commands that build a scenario's host: a node namespace with the
 * bridge (one veth per container) and an uplink bridge named as the host's out interface (one veth per
 * external namespace), forwarding on; containers routed through the bridge, servers through the uplink. Pure:
 * the platform runs the commands. Nothing here names the root namespace: links are created from inside the
 * node (`ip -n node link add … peer … netns X`).
 */
export function planLabTopology(
  scenario: Scenario,
  runId: string,
  map: LabAddressMap,
): PlanLabTopologyResult {
  const { bridge, outInterface } = scenario.host;
  for (const name of [bridge.name, outInterface])
    if (RESERVED_NAMES.test(name))
      return { ok: false, error: `interface name ${name} is reserved by the lab` };
  if (bridge.name === outInterface)
    return { ok: false, error: `the bridge and the out interface are both named ${bridge.name}` };

  const node = labNetnsName(runId, 'node');
  const ipn = (netns: string, ...args: string[]): LabCommand => ({ argv: ['ip', '-n', netns, ...args] });
  const exec = (netns: string, ...args: string[]): LabCommand => ({
    argv: ['ip', 'netns', 'exec', netns, ...args],
  });
  const sysctl = (netns: string, ...settings: string[]) =>
    exec(netns, 'sysctl', '-q', '-e', '-w', ...settings);
  const noIpv6 = (netns: string) =>
    // IPv6 neighbour discovery would add conntrack traffic of its own to the counters.
    sysctl(netns, 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');

  const bridgeNet = mapLabCidr(map, bridge.subnet);
  const gateway = mapLabIp(map, toIpv4(bridge.subnet.base + 1));
  const hostAddresses = uniq([
    ...scenario.host.addresses.map((a) => mapLabIp(map, a)),
    ...scenario.nat.flatMap((r) => {
      if (r.target.type !== 'snat') return [];
      const out: Ipv4[] = [];
      for (let ip = r.target.toSource.minIp; ip <= r.target.toSource.maxIp; ip++)
        out.push(mapLabIp(map, toIpv4(ip)));
      return out;
    }),
  ]);
  const primary = hostAddresses[0]!;

  const containers = scenario.containers.map((c, i) => ({
    name: c.name,
    netns: labNetnsName(runId, `c${i + 1}`),
    address: mapLabIp(map, c.ip),
  }));

  const notes: string[] = [];
  const byAddress = new Map<number, { tcpPorts: number[]; udpPorts: number[]; destinations: string[] }>();
  const services: LabDnatService[] = [];
  const serve = (name: string, ip: Ipv4, proto: 'tcp' | 'udp', port: number): string | undefined => {
    if (ip === gateway || hostAddresses.includes(ip) || containers.some((c) => c.address === ip))
      return `destination ${name} has an address of the host or a container`;
    const entry = byAddress.get(ip) ?? { tcpPorts: [], udpPorts: [], destinations: [] };
    const ports = proto === 'tcp' ? entry.tcpPorts : entry.udpPorts;
    if (!ports.includes(port)) ports.push(port);
    if (!entry.destinations.includes(name)) entry.destinations.push(name);
    byAddress.set(ip, entry);
    return undefined;
  };
  for (const d of scenario.destinations) {
    if (d.backends.length > 0 && d.proto !== 'udp') {
      notes.push(`destination ${d.name}: DNAT of TCP services is not in the lab yet; no server`);
      continue;
    }
    if (d.backends.length === 0) {
      const error = serve(d.name, mapLabIp(map, d.ip), d.proto, d.port);
      if (error !== undefined) return { ok: false, error };
      continue;
    }
    // A DNS service: a responder in one namespace per backend, DNAT from the service address in the node.
    const backends = d.backends.map((b) => ({ ip: mapLabIp(map, b.ip), port: b.port }));
    for (const b of backends) {
      const error = serve(d.name, b.ip, 'udp', b.port);
      if (error !== undefined) return { ok: false, error };
    }
    services.push({ name: d.name, proto: 'udp', address: mapLabIp(map, d.ip), port: d.port, backends });
  }
  const servers = [...byAddress].map(([address, e], j) => ({
    netns: labNetnsName(runId, `ext${j + 1}`),
    address: toIpv4(address),
    tcpPorts: e.tcpPorts,
    udpPorts: e.udpPorts,
    destinations: e.destinations,
  }));

  const setup: LabCommand[] = [];
  const all = [node, ...containers.map((c) => c.netns), ...servers.map((s) => s.netns)];
  for (const netns of all) setup.push(noIpv6(netns), ipn(netns, 'link', 'set', 'lo', 'up'));
  setup.push(
    ipn(node, 'link', 'add', bridge.name, 'type', 'bridge'),
    ipn(node, 'link', 'add', outInterface, 'type', 'bridge'),
    sysctl(node, 'net.ipv4.ip_forward=1'),
  );
  containers.forEach((c, i) => {
    setup.push(
      ipn(node, 'link', 'add', `pcv${i + 1}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', c.netns),
      ipn(node, 'link', 'set', `pcv${i + 1}`, 'master', bridge.name, 'up'),
    );
  });
  servers.forEach((s, j) => {
    setup.push(
      ipn(node, 'link', 'add', `pcx${j + 1}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', s.netns),
      ipn(node, 'link', 'set', `pcx${j + 1}`, 'master', outInterface, 'up'),
    );
  });
  setup.push(
    ipn(node, 'addr', 'add', `${formatIpv4(gateway)}/${bridgeNet.prefix}`, 'dev', bridge.name),
    ipn(node, 'link', 'set', bridge.name, 'up'),
    // /32 host addresses: MASQUERADE takes the first (inet_select_addr), the others serve SNAT --to-source.
    ...hostAddresses.map((a) => ipn(node, 'addr', 'add', `${formatIpv4(a)}/32`, 'dev', outInterface)),
    ipn(node, 'link', 'set', outInterface, 'up'),
    ...servers.map((s) => ipn(node, 'route', 'add', `${formatIpv4(s.address)}/32`, 'dev', outInterface)),
  );
  scenario.containers.forEach((c, i) => {
    const ns = containers[i]!;
    setup.push(
      ipn(ns.netns, 'addr', 'add', `${formatIpv4(ns.address)}/${bridgeNet.prefix}`, 'dev', 'eth0'),
      ipn(ns.netns, 'link', 'set', 'eth0', 'up'),
      ipn(ns.netns, 'route', 'add', 'default', 'via', formatIpv4(gateway)),
      sysctl(
        ns.netns,
        `net.ipv4.ip_local_port_range=${c.portRange[0]} ${c.portRange[1]}`,
        `net.ipv4.tcp_syn_retries=${scenario.sysctl.tcp_syn_retries}`,
        `net.ipv4.tcp_syn_linear_timeouts=${scenario.sysctl.tcp_syn_linear_timeouts}`,
      ),
    );
  });
  for (const s of servers) {
    setup.push(
      ipn(s.netns, 'addr', 'add', `${formatIpv4(s.address)}/32`, 'dev', 'eth0'),
      ipn(s.netns, 'link', 'set', 'eth0', 'up'),
      ipn(s.netns, 'route', 'add', `${formatIpv4(primary)}/32`, 'dev', 'eth0'),
      ipn(s.netns, 'route', 'add', 'default', 'via', formatIpv4(primary), 'dev', 'eth0'),
    );
  }
  const t = scenario.sysctl;
  const afterRules = [
    sysctl(
      node,
      `net.netfilter.nf_conntrack_tcp_timeout_syn_sent=${t.nf_conntrack_tcp_timeout_syn_sent}`,
      `net.netfilter.nf_conntrack_tcp_timeout_established=${t.nf_conntrack_tcp_timeout_established}`,
      `net.netfilter.nf_conntrack_tcp_timeout_fin_wait=${t.nf_conntrack_tcp_timeout_fin_wait}`,
      `net.netfilter.nf_conntrack_tcp_timeout_time_wait=${t.nf_conntrack_tcp_timeout_time_wait}`,
      `net.netfilter.nf_conntrack_udp_timeout=${t.nf_conntrack_udp_timeout}`,
      `net.netfilter.nf_conntrack_udp_timeout_stream=${t.nf_conntrack_udp_timeout_stream}`,
    ),
  ];

  return {
    ok: true,
    topology: {
      runId,
      nodeNetns: node,
      namespaces: all,
      containers,
      servers,
      setup,
      afterRules,
      rules: mapLabNatRules(map, scenario.nat).map(withPortableComment),
      services,
      notes,
    },
  };
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
