import type { NftIssue } from './nft-issue.js';
import type { NftNatFlags, NftStatement } from './nft-ruleset.js';
import type { NftToken } from './tokenize-nft.js';

const FLAG_NAMES: Readonly<Record<string, keyof NftNatFlags>> = {
  random: 'random',
  'fully-random': 'fullyRandom',
  // nft before 0.9 printed NF_NAT_RANGE_PROTO_RANDOM_FULLY as "random-fully".
  'random-fully': 'fullyRandom',
  persistent: 'persistent',
};
const MODIFIERS = new Set(['prefix', 'interval', 'addr', '.', 'port']);

/**
 * Reads `masquerade [to :p-q] [flags]`, `snat [ip|ip6] [prefix] to addr[-addr][:p-q] [flags]`, `dnat …`,
 * `redirect [to :p]` from `tokens[start]` (nat_stmt_print / print_nf_nat_flags in nftables src/statement.c:
 * flags comma-separated in the order random, fully-random, persistent). Returns the statement and the index after.
 */
export function parseNftNat(
  tokens: readonly NftToken[],
  start: number,
  issues: NftIssue[],
): { readonly statement: NftStatement; readonly next: number } {
  const head = tokens[start] as NftToken;
  const type = head.text as 'masquerade' | 'snat' | 'dnat' | 'redirect';
  let i = start + 1;
  let family: string | undefined;
  if (tokens[i]?.text === 'ip' || tokens[i]?.text === 'ip6') family = tokens[i++]?.text;
  while (tokens[i] && MODIFIERS.has(tokens[i]?.text ?? '') && tokens[i + 1]?.text !== ',') i++;
  let target: string | undefined;
  const to = tokens[i]?.text === 'to';
  if (to) i++;
  // nft before 0.8 printed `snat 10.0.0.1` without `to`.
  const value = tokens[i];
  if (
    value &&
    (to || /^[\d[:]/.test(value.text)) &&
    value.kind !== 'punct' &&
    FLAG_NAMES[value.text] === undefined
  ) {
    target = value.text;
    i++;
  } else if (to)
    issues.push({
      code: 'bad-nat-statement',
      line: head.line,
      column: head.column,
      message: `${type} to without an address`,
    });
  const flags = { random: false, fullyRandom: false, persistent: false };
  while (tokens[i] && FLAG_NAMES[tokens[i]?.text ?? ''] !== undefined) {
    flags[FLAG_NAMES[tokens[i]?.text ?? ''] ?? 'random'] = true;
    i++;
    if (tokens[i]?.text === ',' && FLAG_NAMES[tokens[i + 1]?.text ?? ''] !== undefined) i++;
  }
  const { addr, port } = splitTarget(target);
  return {
    statement: {
      kind: 'nat',
      type,
      ...(family !== undefined && { family }),
      ...(addr !== undefined && { addr }),
      ...(port !== undefined && { port }),
      flags,
      line: head.line,
      column: head.column,
    },
    next: i,
  };
}

/** `10.0.0.1-10.0.0.5:1024-65535` → addr and port; `:1024-65535` → port only; `[::1]:80` for IPv6. */
function splitTarget(text: string | undefined): { addr?: string; port?: string } {
  if (text === undefined || text === '') return {};
  const bracket = /^\[(.*)\](?::(.*))?$/.exec(text);
  if (bracket) return { addr: bracket[1] ?? '', ...(bracket[2] !== undefined && { port: bracket[2] }) };
  const colon = text.indexOf(':');
  if (colon < 0 || text.indexOf(':', colon + 1) >= 0) return { addr: text };
  const addr = text.slice(0, colon);
  return { ...(addr !== '' && { addr }), port: text.slice(colon + 1) };
}
