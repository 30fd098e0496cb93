import type { NftIssue } from './nft-issue.js';
import type { NftStatement } from './nft-ruleset.js';
import { parseNftNat } from './parse-nft-nat.js';
import type { NftToken } from './tokenize-nft.js';

const VERDICTS = new Set(['accept', 'drop', 'return', 'continue']);
const NAT = new Set(['masquerade', 'snat', 'dnat', 'redirect']);
/** Statements that start an action run (kept as text). */
const ACTIONS = new Set([
  'log',
  'limit',
  'notrack',
  'reject',
  'queue',
  'dup',
  'fwd',
  'tproxy',
  'synproxy',
  'quota',
]);
const STOP = new Set([...VERDICTS, ...NAT, ...ACTIONS, 'jump', 'goto', 'counter', 'comment', 'xt']);
const OPS = new Set(['==', '!=', '<', '>', '<=', '>=', 'eq', 'ne']);
const INTERFACE_KEYS = new Set(['oifname', 'iifname', 'oif', 'iif']);

/** The decoded match that starts at `i` (left side and how many tokens it takes), if any. */
function matchStart(tokens: readonly NftToken[], i: number): { left: string; width: number } | undefined {
  const found = decodedLeft(tokens, i);
  if (!found || tokens[i - 1]?.text === '.') return undefined;
  // `ip daddr . meta l4proto . th dport vmap @x` is a concatenation, not a match of its own.
  let j = i + found.width;
  if (OPS.has(tokens[j]?.text ?? '')) j++;
  if (tokens[j]?.text === '.' || tokens[valueEnd(tokens, j)]?.text === '.') return undefined;
  return found;
}

function decodedLeft(tokens: readonly NftToken[], i: number): { left: string; width: number } | undefined {
  const a = tokens[i]?.text ?? '';
  const b = tokens[i + 1]?.text ?? '';
  if ((a === 'ip' || a === 'ip6') && (b === 'saddr' || b === 'daddr' || b === 'protocol' || b === 'nexthdr'))
    return { left: `${a} ${b}`, width: 2 };
  if (a === 'meta' && (INTERFACE_KEYS.has(b) || b === 'l4proto' || b === 'nfproto'))
    return { left: b === 'l4proto' || b === 'nfproto' ? `meta ${b}` : b, width: 2 };
  if (INTERFACE_KEYS.has(a) && tokens[i]?.kind === 'word') return { left: a, width: 1 };
  return undefined;
}

/** `meta mark set …`, `ct mark set …`, `mark set …`: a statement that changes something starts at `i`. */
function startsAction(tokens: readonly NftToken[], i: number): boolean {
  return (
    tokens[i + 1]?.text === 'set' ||
    ((tokens[i]?.text === 'meta' || tokens[i]?.text === 'ct') && tokens[i + 2]?.text === 'set')
  );
}

/** Renders tokens as nft prints them: words with spaces, strings quoted, commas glued to the word before. */
export function renderNftTokens(tokens: readonly NftToken[]): string {
  let out = '';
  for (const t of tokens) {
    const text = t.kind === 'string' ? JSON.stringify(t.text) : t.text;
    out += out === '' || t.text === ',' ? text : ` ${text}`;
  }
  return out;
}

/** The index after the value at `i`: one token, or a `{ … }` group with what it nests. */
function valueEnd(tokens: readonly NftToken[], i: number): number {
  if (tokens[i]?.text !== '{') return i + 1;
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (tokens[j]?.text === '{') depth++;
    else if (tokens[j]?.text === '}' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/**
 * The statements of one rule (its tokens without newlines and comments). Known statements are decoded; anything
 * else is kept as text up to the next known statement, marked `action` when it sets something or logs.
 */
export function parseNftRule(tokens: readonly NftToken[], issues: NftIssue[]): NftStatement[] {
  const out: NftStatement[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as NftToken;
    const next = tokens[i + 1];
    const match = matchStart(tokens, i);
    if (match) {
      let j = i + match.width;
      const op = OPS.has(tokens[j]?.text ?? '') ? (tokens[j++]?.text ?? '==') : '==';
      const end = valueEnd(tokens, j);
      const right =
        tokens[j]?.kind === 'string' ? (tokens[j]?.text ?? '') : renderNftTokens(tokens.slice(j, end));
      out.push({
        kind: 'match',
        left: match.left,
        op: op === 'eq' ? '==' : op === 'ne' ? '!=' : op,
        right,
        line: t.line,
        column: t.column,
      });
      i = end;
    } else if (t.text === 'counter' && t.kind === 'word') {
      const packets = next?.text === 'packets' ? Number(tokens[i + 2]?.text) : Number.NaN;
      const bytes = tokens[i + 3]?.text === 'bytes' ? Number(tokens[i + 4]?.text) : Number.NaN;
      const named = next?.text === 'name';
      out.push({
        kind: 'counter',
        ...(Number.isFinite(packets) && { packets }),
        ...(Number.isFinite(bytes) && { bytes }),
        line: t.line,
        column: t.column,
      });
      i += Number.isFinite(bytes) ? 5 : Number.isFinite(packets) ? 3 : named ? 3 : 1;
    } else if (t.text === 'comment' && next?.kind === 'string') {
      out.push({ kind: 'comment', text: next.text, line: t.line, column: t.column });
      i += 2;
    } else if (VERDICTS.has(t.text) && t.kind === 'word') {
      out.push({ kind: 'verdict', verdict: t.text as 'accept', line: t.line, column: t.column });
      i++;
    } else if ((t.text === 'jump' || t.text === 'goto') && t.kind === 'word') {
      out.push({ kind: 'verdict', verdict: t.text, chain: next?.text ?? '', line: t.line, column: t.column });
      i += next ? 2 : 1;
    } else if (t.text === 'xt' && next && tokens[i + 2]) {
      out.push({
        kind: 'xt',
        xtType: next.text,
        name: tokens[i + 2]?.text ?? '',
        line: t.line,
        column: t.column,
      });
      i += 3;
    } else if (NAT.has(t.text) && t.kind === 'word') {
      const nat = parseNftNat(tokens, i, issues);
      out.push(nat.statement);
      i = nat.next;
    } else {
      let j = i;
      let action = ACTIONS.has(t.text) || startsAction(tokens, i);
      do {
        if (tokens[j]?.text === 'set') action = true;
        j = valueEnd(tokens, j);
      } while (
        j < tokens.length &&
        !(STOP.has(tokens[j]?.text ?? '') && tokens[j]?.kind === 'word') &&
        (action || (!matchStart(tokens, j) && !startsAction(tokens, j)))
      );
      out.push({
        kind: 'other',
        text: renderNftTokens(tokens.slice(i, j)),
        action,
        line: t.line,
        column: t.column,
      });
      i = j;
    }
  }
  return out;
}
