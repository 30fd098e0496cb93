import { type JsonIssueCode, type JsonValue, parseJsonText } from '../json/parse-json-text.js';

export type IpAddrIssueCode =
  | JsonIssueCode
  /** JSON that is not `ip -j addr` output (not an array of objects with `ifname`). */
  | 'unexpected-json';

export interface IpAddrIssue {
  readonly code: IpAddrIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface IpAddress {
  /** `inet` or `inet6`. */
  readonly family: string;
  readonly local: string;
  readonly prefixlen: number;
  readonly scope?: string;
}

export interface IpInterface {
  readonly name: string;
  readonly index?: number;
  readonly flags: readonly string[];
  readonly operstate?: string;
  readonly mtu?: number;
  readonly addresses: readonly IpAddress[];
  readonly line: number;
  readonly column: number;
}

type Rec = { readonly [key: string]: JsonValue };
const isRecord = (v: JsonValue | undefined): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `ip -j addr` (iproute2 JSON): interfaces with their addresses. Never throws. */
export function parseIpAddrJson(text: string): {
  readonly value: readonly IpInterface[];
  readonly issues: readonly IpAddrIssue[];
} {
  const parsed = parseJsonText(text);
  const issues: IpAddrIssue[] = [...parsed.issues];
  const root = parsed.value;
  if (!Array.isArray(root)) {
    if (root !== undefined)
      issues.push({ code: 'unexpected-json', line: 1, column: 1, message: 'expected an array' });
    return { value: [], issues };
  }
  const out: IpInterface[] = [];
  for (const item of root) {
    if (!isRecord(item) || !parsed.isComplete(item)) continue;
    const at = parsed.positionOf(item) ?? { line: 1, column: 1 };
    if (typeof item.ifname !== 'string') {
      issues.push({ code: 'unexpected-json', ...at, message: 'an interface without "ifname"' });
      continue;
    }
    const addrInfo = Array.isArray(item.addr_info) ? item.addr_info : [];
    const addresses = addrInfo.filter(isRecord).flatMap((a): IpAddress[] =>
      typeof a.local === 'string' && typeof a.prefixlen === 'number'
        ? [
            {
              family: typeof a.family === 'string' ? a.family : '',
              local: a.local,
              prefixlen: a.prefixlen,
              ...(typeof a.scope === 'string' && { scope: a.scope }),
            },
          ]
        : [],
    );
    out.push({
      name: item.ifname,
      ...(typeof item.ifindex === 'number' && { index: item.ifindex }),
      flags: Array.isArray(item.flags) ? item.flags.filter((f): f is string => typeof f === 'string') : [],
      ...(typeof item.operstate === 'string' && { operstate: item.operstate }),
      ...(typeof item.mtu === 'number' && { mtu: item.mtu }),
      addresses,
      ...at,
    });
  }
  return { value: out, issues };
}
