import type { Cidr } from '../../core/net/cidr.js';
import type { Negatable } from '../../core/netfilter/nat-rule.js';
import type { IptablesIssue } from './iptables-issue.js';
import type { ListedRule } from './iptables-listing.js';
import { parseIptablesAddress } from './parse-iptables-address.js';
import { parseListingCount } from './parse-listing-count.js';
import { parseListingExtra } from './parse-listing-extra.js';

/** Which optional columns a listing has: `--line-numbers`, `-v` (counters, and in/out). */
export interface ListingLayout {
  readonly num: boolean;
  readonly counts: boolean;
  readonly via: boolean;
}

const HEADER = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s+(in\s+out\s+)?source\s+destination\s*$/;
const OPT = /^[-!][-f]$/;
const NUMBER = /^\d+[KMGT]?$/;

/** The column header line (`num   pkts bytes target     prot opt in     out     source   destination`). */
export function parseListingLayout(text: string): ListingLayout | undefined {
  const m = HEADER.exec(text);
  return m ? { num: m[1] !== undefined, counts: m[2] !== undefined, via: m[3] !== undefined } : undefined;
}

/**
 * One rule line (print_rule_details, print_ifaces, print_ipv4_addresses in iptables/xshared.c and nft-ipv4.c).
 * The opt column (`--`) anchors the split; without a header line the layout is inferred from the number of
 * leading numbers. undefined (with an issue) when the line has no readable columns.
 */
export function parseListingRule(
  text: string,
  line: number,
  layout: ListingLayout | undefined,
  issues: IptablesIssue[],
): ListedRule | undefined {
  const fields = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: (m.index ?? 0) + 1 }));
  const bad = (column: number, message: string) => {
    issues.push({ code: 'bad-rule-line', line, column, message });
    return undefined;
  };
  const opt = fields.findIndex((f, i) => i >= 1 && OPT.test(f.text));
  if (opt < 0) return bad(1, 'no opt column (--) in this line');
  let leading = 0;
  while (leading < opt - 1 && NUMBER.test(fields[leading]?.text ?? '')) leading++;
  const num = layout ? layout.num : leading === 1 || leading === 3;
  const counts = layout ? layout.counts : leading >= 2;
  const via = layout ? layout.via : counts;
  const before = (num ? 1 : 0) + (counts ? 2 : 0);
  const hasTarget = opt - 1 - before === 1;
  if (opt - 1 - before !== 0 && !hasTarget) return bad(1, 'the columns before prot do not fit the header');
  const need = opt + (via ? 2 : 0) + 2;
  if (fields.length <= need) return bad(text.length + 1, 'the line ends before the destination column');
  const at = (i: number) => fields[i] ?? { text: '', column: 1 };
  const counters = counts ? readCounters(at(before - 2), at(before - 1), line, issues) : undefined;
  const proto = negatable(at(opt - 1).text);
  const src = address(at(opt + (via ? 3 : 1)), line, issues);
  const dst = address(at(opt + (via ? 4 : 2)), line, issues);
  const last = at(need);
  const extraText = text.slice(last.column - 1 + last.text.length);
  const target = hasTarget ? at(before).text : undefined;
  const extra = parseListingExtra(extraText, target);
  const inIf = via ? negatable(at(opt + 1).text) : undefined;
  const outIf = via ? negatable(at(opt + 2).text) : undefined;
  return {
    line,
    text,
    ...(num && { num: Number(at(0).text) }),
    ...(counters && { counters }),
    ...(target !== undefined && { target }),
    ...(proto.value !== 'all' && proto.value !== '0' && { protocol: proto }),
    opt: at(opt).text,
    ...(inIf && inIf.value !== '*' && { inInterface: inIf }),
    ...(outIf && outIf.value !== '*' && { outInterface: outIf }),
    ...(src.cidr && { source: src.cidr }),
    ...(dst.cidr && { destination: dst.cidr }),
    unresolved: [...src.names.map((n) => `-s ${n}`), ...dst.names.map((n) => `-d ${n}`)],
    extra: extraText.trim(),
    ...extra,
  };
}

function negatable(text: string): Negatable<string> {
  return text.startsWith('!') ? { value: text.slice(1), negated: true } : { value: text, negated: false };
}

function readCounters(
  packets: { text: string; column: number },
  bytes: { text: string; column: number },
  line: number,
  issues: IptablesIssue[],
): ListedRule['counters'] {
  const p = parseListingCount(packets.text);
  const b = parseListingCount(bytes.text);
  for (const [f, v] of [
    [packets, p],
    [bytes, b],
  ] as const)
    if (!v)
      issues.push({ code: 'bad-number', line, column: f.column, message: `"${f.text}" is not a count` });
  if (!p || !b) return undefined;
  return { packets: p.value, bytes: b.value, ...((p.approximate || b.approximate) && { approximate: true }) };
}

function address(
  field: { text: string; column: number },
  line: number,
  issues: IptablesIssue[],
): { cidr?: Negatable<Cidr>; names: string[] } {
  const { value, negated } = negatable(field.text);
  if (value === 'anywhere') return { names: [] };
  const cidr = parseIptablesAddress(value);
  if (cidr)
    return cidr.prefix === 0 && !negated ? { names: [] } : { cidr: { value: cidr, negated }, names: [] };
  if (/[a-z]/i.test(value)) return { names: [field.text] };
  issues.push({ code: 'bad-address', line, column: field.column, message: `bad address "${field.text}"` });
  return { names: [] };
}
