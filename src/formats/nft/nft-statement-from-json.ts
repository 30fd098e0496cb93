import type { JsonValue } from '../json/parse-json-text.js';
import type { NftIssue } from './nft-issue.js';
import type { NftNatFlags, NftStatement } from './nft-ruleset.js';
import { parseNftRule } from './parse-nft-rule.js';
import { renderNftJsonExpression } from './render-nft-json-expression.js';
import { tokenizeNft } from './tokenize-nft.js';

type At = { readonly line: number; readonly column: number };
const isRecord = (v: JsonValue | undefined): v is { readonly [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const VERDICTS = new Set(['accept', 'drop', 'return', 'continue']);
const NAT = new Set(['masquerade', 'snat', 'dnat', 'redirect']);
const FLAGS: Readonly<Record<string, keyof NftNatFlags | 'ignored'>> = {
  random: 'random',
  'fully-random': 'fullyRandom',
  persistent: 'persistent',
  netmap: 'ignored',
};

/**
 * One element of a JSON rule's `expr` (libnftables-json(5) STATEMENTS) as statements. A string element — nft
 * once printed statements without a JSON form as their text — is read as nft text.
 */
export function nftStatementFromJson(stmt: JsonValue, at: At, issues: NftIssue[]): NftStatement[] {
  if (typeof stmt === 'string')
    return parseNftRule(
      tokenizeNft(stmt).tokens.filter((t) => t.kind !== 'newline' && t.kind !== 'comment'),
      issues,
    ).map((s) => ({ ...s, ...at }));
  if (!isRecord(stmt)) return [{ kind: 'other', text: JSON.stringify(stmt), action: true, ...at }];
  const [key, value] = Object.entries(stmt)[0] ?? ['', null];
  const v = isRecord(value) ? value : undefined;
  if (key === 'match' && v) {
    const op = typeof v.op === 'string' ? (v.op === 'in' ? '==' : v.op) : '==';
    return [
      {
        kind: 'match',
        left: renderNftJsonExpression(v.left),
        op,
        right: renderNftJsonExpression(v.right),
        ...at,
      },
    ];
  }
  if (key === 'counter') {
    const packets = typeof v?.packets === 'number' ? v.packets : undefined;
    const bytes = typeof v?.bytes === 'number' ? v.bytes : undefined;
    return [
      {
        kind: 'counter',
        ...(packets !== undefined && { packets }),
        ...(bytes !== undefined && { bytes }),
        ...at,
      },
    ];
  }
  if (VERDICTS.has(key)) return [{ kind: 'verdict', verdict: key as 'accept', ...at }];
  if ((key === 'jump' || key === 'goto') && v)
    return [{ kind: 'verdict', verdict: key, chain: renderNftJsonExpression(v.target), ...at }];
  if (key === 'xt')
    return [
      {
        kind: 'xt',
        xtType: typeof v?.type === 'string' ? v.type : '',
        name: typeof v?.name === 'string' ? v.name : '',
        ...at,
      },
    ];
  if (NAT.has(key)) return [natFromJson(key as 'snat', v, at, issues)];
  if (key === 'mangle' && v)
    return [
      {
        kind: 'other',
        text: `${renderNftJsonExpression(v.key)} set ${renderNftJsonExpression(v.value)}`,
        action: true,
        ...at,
      },
    ];
  return [{ kind: 'other', text: `${key} ${JSON.stringify(value)}`, action: true, ...at }];
}

function natFromJson(
  type: 'masquerade' | 'snat' | 'dnat' | 'redirect',
  v: { readonly [key: string]: JsonValue } | undefined,
  at: At,
  issues: NftIssue[],
): NftStatement {
  const flags = { random: false, fullyRandom: false, persistent: false };
  const names = v?.flags === undefined ? [] : Array.isArray(v.flags) ? v.flags : [v.flags];
  for (const name of names) {
    const flag = typeof name === 'string' ? FLAGS[name] : undefined;
    if (flag === undefined)
      issues.push({
        code: 'bad-nat-statement',
        ...at,
        message: `unknown ${type} flag ${JSON.stringify(name)}`,
      });
    else if (flag !== 'ignored') flags[flag] = true;
  }
  const family = typeof v?.family === 'string' ? v.family : undefined;
  const addr = v?.addr === undefined ? undefined : renderNftJsonExpression(v.addr);
  const port = v?.port === undefined ? undefined : renderNftJsonExpression(v.port);
  return {
    kind: 'nat',
    type,
    ...(family !== undefined && { family }),
    ...(addr !== undefined && { addr }),
    ...(port !== undefined && { port }),
    flags,
    ...at,
  };
}
