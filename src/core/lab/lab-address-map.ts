import { type Cidr, cidrContains, formatCidr } from '../net/cidr.js';
import { formatIpv4, type Ipv4, toIpv4 } from '../net/ipv4.js';
import type { NatRule } from '../netfilter/nat-rule.js';
import type { Scenario } from '../scenario/scenario.js';

/** What a mapped address or network is in the scenario, for the report. */
export type LabAddressRole =
  | 'bridge-subnet'
  | 'bridge'
  | 'container'
  | 'host'
  | 'snat-source'
  | 'destination'
  | 'backend'
  | 'internal-cidr'
  | 'rule-cidr';

export interface LabAddressEntry {
  readonly role: LabAddressRole;
  /** Container or destination name, when the entry is one. */
  readonly name?: string;
  /** `a.b.c.d` for an address, `a.b.c.d/n` for a network. */
  readonly original: string;
  readonly mapped: string;
}

/**
 * The scenario's addresses moved into 198.18.0.0/15 (RFC 2544 benchmarking space), so that a lab run can never
 * collide with a real network. Every network the scenario names (bridge subnet, VPC CIDRs, rule CIDRs) maps to
 * one network, and an address lies in a mapped network exactly when the original lies in the original: rules
 * keep their meaning. Pods land in 198.18.x.y, everything else in 198.19.x.y when it fits.
 */
export interface LabAddressMap {
  /** Keyed by `formatCidr` of the original (addresses as /32). */
  readonly networks: ReadonlyMap<string, Cidr>;
  readonly entries: readonly LabAddressEntry[];
}

export type LabAddressMapResult =
  | { readonly ok: true; readonly map: LabAddressMap }
  | { readonly ok: false; readonly error: string };

export const LAB_SPACE: Cidr = { base: toIpv4(0xc6120000), prefix: 15 };
const POD_REGION = 0xc6120000; // 198.18.0.0/16
const WORLD_REGION = 0xc6130000; // 198.19.0.0/16
const REGION_SIZE = 65536;
/** Enough for a readable mapping of a /24 bridge (172.17.0.2 → 198.18.0.2) without wasting the space. */
const MIN_NETWORK_SIZE = 256;
const MAX_SNAT_RANGE = 256;

interface TreeNode {
  readonly cidr: Cidr;
  readonly children: TreeNode[];
  size: number;
  offset: number;
}

const keyOf = (c: Cidr): string => formatCidr(c);
const sizeOf = (prefix: number): number => 2 ** (32 - prefix);
const alignUp = (x: number, size: number): number => Math.ceil(x / size) * size;
const nextPow2 = (x: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, x)));
const host = (ip: number): Cidr => ({ base: toIpv4(ip), prefix: 32 });

/** Builds the mapping for a scenario; fails (never throws) when the lab cannot represent it. */
export function buildLabAddressMap(scenario: Scenario): LabAddressMapResult {
  const wanted: { cidr: Cidr; role: LabAddressRole; name?: string }[] = [];
  const want = (cidr: Cidr, role: LabAddressRole, name?: string) =>
    wanted.push(name === undefined ? { cidr, role } : { cidr, role, name });

  const subnet = scenario.host.bridge.subnet;
  if (subnet.prefix > 30) return { ok: false, error: `bridge subnet ${formatCidr(subnet)} is too small` };
  want(subnet, 'bridge-subnet');
  want(host(subnet.base + 1), 'bridge');
  for (const c of scenario.containers) want(host(c.ip), 'container', c.name);
  for (const a of scenario.host.addresses) want(host(a), 'host');
  for (const rule of scenario.nat) {
    for (const m of [rule.source, rule.destination])
      if (m !== undefined && m.value.prefix > 0) want(m.value, 'rule-cidr');
    if (rule.target.type === 'snat') {
      const { minIp, maxIp } = rule.target.toSource;
      if (maxIp - minIp >= MAX_SNAT_RANGE)
        return { ok: false, error: `SNAT --to-source range wider than ${MAX_SNAT_RANGE} addresses` };
      for (let ip = minIp; ip <= maxIp; ip++) want(host(ip), 'snat-source');
    }
  }
  for (const c of scenario.internalCidrs) if (c.prefix > 0) want(c, 'internal-cidr');
  for (const d of scenario.destinations) {
    want(host(d.ip), 'destination', d.name);
    for (const b of d.backends) want(host(b.ip), 'backend', d.name);
  }

  const root: TreeNode = { cidr: { base: toIpv4(0), prefix: 0 }, children: [], size: 0, offset: 0 };
  const distinct = [...new Map(wanted.map((w) => [keyOf(w.cidr), w.cidr])).values()].sort(
    (a, b) => a.prefix - b.prefix || a.base - b.base,
  );
  for (const cidr of distinct) {
    let parent = root;
    for (;;) {
      const inner = parent.children.find(
        (n) => n.cidr.prefix < cidr.prefix && cidrContains(n.cidr, cidr.base),
      );
      if (inner === undefined) break;
      parent = inner;
    }
    const node: TreeNode = { cidr, children: [], size: 0, offset: 0 };
    parent.children.push(node);
  }
  for (const top of root.children) measure(top);

  const podTop = root.children.find((n) => cidrContains(n.cidr, subnet.base))!;
  const others = sortForPacking(root.children.filter((n) => n !== podTop));
  const mapped = new Map<string, Cidr>();
  const othersFit = packedEnd(others, 1) <= REGION_SIZE;
  if (podTop.size <= REGION_SIZE && othersFit) {
    place(podTop, POD_REGION, mapped);
    pack(others, WORLD_REGION, 1, mapped);
  } else {
    const all = sortForPacking([podTop, ...others]);
    if (packedEnd(all, 1) > 2 * REGION_SIZE)
      return { ok: false, error: 'the scenario needs more addresses than 198.18.0.0/15 holds' };
    pack(all, POD_REGION, 1, mapped);
  }

  const seen = new Set<string>();
  const entries: LabAddressEntry[] = [];
  for (const w of wanted) {
    const original = w.cidr.prefix === 32 ? formatIpv4(w.cidr.base) : formatCidr(w.cidr);
    const id = `${w.role} ${w.name ?? ''} ${original}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const m = mapped.get(keyOf(w.cidr))!;
    const entry = {
      role: w.role,
      original,
      mapped: w.cidr.prefix === 32 ? formatIpv4(m.base) : formatCidr(m),
    };
    entries.push(w.name === undefined ? entry : { ...entry, name: w.name });
  }
  return { ok: true, map: { networks: mapped, entries } };
}

/** The mapped address of a scenario address the map was built with. */
export function mapLabIp(map: LabAddressMap, ip: Ipv4): Ipv4 {
  const m = map.networks.get(keyOf(host(ip)));
  if (m === undefined) throw new RangeError(`address ${formatIpv4(ip)} is not in the lab address map`);
  return m.base;
}

/** The mapped network of a scenario network; 0.0.0.0/0 stays as it is. */
export function mapLabCidr(map: LabAddressMap, cidr: Cidr): Cidr {
  if (cidr.prefix === 0) return cidr;
  const m = map.networks.get(keyOf(cidr));
  if (m === undefined) throw new RangeError(`network ${formatCidr(cidr)} is not in the lab address map`);
  return m;
}

/** The nat rules with every address and network replaced by its lab counterpart. */
export function mapLabNatRules(map: LabAddressMap, rules: readonly NatRule[]): NatRule[] {
  return rules.map((rule) => {
    const { source, destination, target } = rule;
    return {
      ...rule,
      ...(source && { source: { ...source, value: mapLabCidr(map, source.value) } }),
      ...(destination && { destination: { ...destination, value: mapLabCidr(map, destination.value) } }),
      target:
        target.type === 'snat'
          ? {
              ...target,
              toSource: {
                ...target.toSource,
                minIp: mapLabIp(map, target.toSource.minIp),
                maxIp: mapLabIp(map, target.toSource.maxIp),
              },
            }
          : target,
    };
  });
}

/**
 * Sizes a subtree bottom-up: children are packed largest first (buddy order keeps each aligned to its size),
 * after the network address and before the broadcast address, which stay free.
 */
function measure(node: TreeNode): void {
  if (node.cidr.prefix === 32) {
    node.size = 1;
    return;
  }
  for (const child of node.children) measure(child);
  node.children.splice(0, node.children.length, ...sortForPacking(node.children));
  const need = packedEnd(node.children, 1) + 1;
  node.size = Math.max(nextPow2(need), Math.min(sizeOf(node.cidr.prefix), MIN_NETWORK_SIZE));
  let cursor = 1;
  for (const child of node.children) {
    child.offset = alignUp(cursor, child.size);
    cursor = child.offset + child.size;
  }
}

function sortForPacking(nodes: readonly TreeNode[]): TreeNode[] {
  return [...nodes].sort((a, b) => b.size - a.size || a.cidr.base - b.cidr.base);
}

function packedEnd(nodes: readonly TreeNode[], start: number): number {
  let cursor = start;
  for (const n of nodes) cursor = alignUp(cursor, n.size) + n.size;
  return cursor;
}

function pack(nodes: readonly TreeNode[], base: number, start: number, out: Map<string, Cidr>): void {
  let cursor = start;
  for (const n of nodes) {
    const at = alignUp(cursor, n.size);
    place(n, base + at, out);
    cursor = at + n.size;
  }
}

function place(node: TreeNode, base: number, out: Map<string, Cidr>): void {
  out.set(keyOf(node.cidr), { base: toIpv4(base), prefix: 32 - Math.log2(node.size) });
  for (const child of node.children) place(child, base + child.offset, out);
}
